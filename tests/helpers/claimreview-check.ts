/**
 * Reads a ClaimReview JSON-LD document the way a consumer does and reports what breaks Google's
 * fact-check structured-data rules (errors: a required field missing, or any value that is wrong)
 * and what falls short of its recommendations (warnings). Tolerant of real-world markup: the
 * ClaimReview may sit in an array, an @graph or a feed item, and @type may be a list.
 * Messages start with the path of the field they are about: `reviewRating.worstRating: …`.
 */

export interface ClaimReviewCheck {
  errors: string[];
  warnings: string[];
}

export interface CheckOptions {
  /** schema.org's terms (types and properties); when given, any other name is reported. */
  vocabulary?: ReadonlySet<string>;
}

type Node = Record<string, unknown>;

/** Google suggests keeping claimReviewed short enough not to wrap on a phone. */
const CLAIM_REVIEWED_SUGGESTED_LENGTH = 75;
const SCHEMA_ORG = /^https?:\/\/schema\.org\/?$/;
const ISO_8601 =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)?)?$/;

export function checkClaimReview(doc: unknown, options: CheckOptions = {}): ClaimReviewCheck {
  const result: ClaimReviewCheck = { errors: [], warnings: [] };
  const found = findClaimReviews(doc, false);
  if (found.length === 0) result.errors.push('(document): no ClaimReview found');
  found.forEach(({ node, inContext }, index) => {
    const prefix = found.length > 1 ? `[${index}] ` : '';
    const report: Report = {
      error: (path, message) => result.errors.push(`${prefix}${path}: ${message}`),
      warning: (path, message) => result.warnings.push(`${prefix}${path}: ${message}`),
    };
    if (!inContext) report.error('@context', 'missing: without the schema.org context the terms mean nothing');
    checkReview(node, report);
    if (options.vocabulary) checkVocabulary(node, '', options.vocabulary, report);
  });
  return result;
}

interface Report {
  error: (path: string, message: string) => void;
  warning: (path: string, message: string) => void;
}

function findClaimReviews(value: unknown, inContext: boolean): { node: Node; inContext: boolean }[] {
  if (Array.isArray(value)) return value.flatMap((item) => findClaimReviews(item, inContext));
  if (!isNode(value)) return [];
  const here = inContext || isSchemaOrgContext(value['@context']);
  if (typesOf(value).includes('ClaimReview')) return [{ node: value, inContext: here }];
  return Object.entries(value).flatMap(([key, child]) => (key === '@context' ? [] : findClaimReviews(child, here)));
}

function isSchemaOrgContext(context: unknown): boolean {
  if (typeof context === 'string') return SCHEMA_ORG.test(context);
  if (Array.isArray(context)) return context.some(isSchemaOrgContext);
  return isNode(context) && typeof context['@vocab'] === 'string' && SCHEMA_ORG.test(context['@vocab']);
}

function checkReview(review: Node, report: Report): void {
  const claimReviewed = review.claimReviewed;
  if (Array.isArray(claimReviewed)) report.warning('claimReviewed', 'is a list; give the claim as one text');
  const statement = Array.isArray(claimReviewed) ? claimReviewed[0] : claimReviewed;
  if (!isText(statement)) report.error('claimReviewed', 'missing: the claim being checked is required');
  else if (statement.trim().length > CLAIM_REVIEWED_SUGGESTED_LENGTH) {
    report.warning('claimReviewed', `is ${statement.trim().length} characters; Google suggests under ${CLAIM_REVIEWED_SUGGESTED_LENGTH}`);
  }

  checkRating(review.reviewRating, report);

  if (review.url === undefined) report.error('url', 'missing: the page of the fact-check article is required');
  else checkUrl(review.url, 'url', report);

  const authors = Array.isArray(review.author) ? review.author : review.author === undefined ? [] : [review.author];
  if (authors.length === 0) report.error('author', 'missing: the fact-checker is required');
  authors.forEach((author, i) => checkParty(author, Array.isArray(review.author) ? `author[${i}]` : 'author', report, 'error'));

  checkDate(review.datePublished, 'datePublished', report);
  checkDate(review.dateModified, 'dateModified', report, { optional: true });
  if (isText(review.datePublished) && isText(review.dateModified) && review.dateModified < review.datePublished) {
    report.warning('dateModified', 'is before datePublished');
  }

  checkItemReviewed(review.itemReviewed, report);
}

function checkRating(rating: unknown, report: Report): void {
  if (Array.isArray(rating)) report.warning('reviewRating', 'is a list; only the first rating is read');
  const node = Array.isArray(rating) ? (rating[0] as unknown) : rating;
  if (!isNode(node)) {
    report.error('reviewRating', 'missing: the Rating is required');
    return;
  }
  if (!typesOf(node).includes('Rating')) report.warning('reviewRating.@type', 'should be Rating');
  const name = node.alternateName;
  if (!isText(name)) report.error('reviewRating.alternateName', 'missing: the textual rating is required');
  else if (name !== name.trim()) report.warning('reviewRating.alternateName', 'has leading or trailing whitespace');

  const keys = ['ratingValue', 'bestRating', 'worstRating'] as const;
  const empty = keys.filter((key) => node[key] === '');
  if (empty.length > 0) report.warning('reviewRating', `${empty.join(', ')} ${empty.length === 1 ? 'is' : 'are'} empty; omit what is unknown`);
  const given = keys.filter((key) => node[key] !== undefined && node[key] !== null && node[key] !== '');
  if (given.length === 0) return;
  if (given.length < keys.length) {
    const missing = keys.filter((key) => !given.includes(key));
    report.error('reviewRating', `has ${given.join(', ')} without ${missing.join(', ')}: give all three numbers or only alternateName`);
    return;
  }
  const [value, best, worst] = keys.map((key) => toNumber(node[key]));
  keys.forEach((key, i) => {
    if ([value, best, worst][i] === undefined) report.error(`reviewRating.${key}`, 'is not a number');
  });
  if (value === undefined || best === undefined || worst === undefined) return;
  if (worst < 1) report.error('reviewRating.worstRating', `is ${worst}; Google's fact-check rules want at least 1`);
  if (best <= worst) report.error('reviewRating.bestRating', `is ${best}; it must be greater than worstRating (${worst})`);
  else if (value < worst || value > best) report.error('reviewRating.ratingValue', `is ${value}, outside ${worst}–${best}`);
}

function checkItemReviewed(item: unknown, report: Report): void {
  if (!isNode(item)) {
    report.warning('itemReviewed', 'missing: Google recommends the Claim, with its author and date');
    return;
  }
  const types = typesOf(item);
  if (types.length === 0) report.warning('itemReviewed.@type', 'missing; use Claim');
  else if (!types.includes('Claim')) report.warning('itemReviewed.@type', `is ${types.join(', ')}; Google recommends Claim`);

  if (item.author === undefined) report.warning('itemReviewed.author', 'missing: Google recommends who made the claim');
  else checkParty(item.author, 'itemReviewed.author', report, 'warning');
  checkDate(item.datePublished, 'itemReviewed.datePublished', report);

  const appearances = Array.isArray(item.appearance) ? item.appearance : item.appearance === undefined ? [] : [item.appearance];
  appearances.forEach((appearance, i) => checkAppearance(appearance, `itemReviewed.appearance[${i}]`, report));
  if (item.firstAppearance !== undefined) checkAppearance(item.firstAppearance, 'itemReviewed.firstAppearance', report);
  if (appearances.length === 0 && item.firstAppearance === undefined) {
    report.warning('itemReviewed.appearance', 'missing: Google recommends where the claim appeared (appearance or firstAppearance)');
  }
}

/** An appearance is a URL or a CreativeWork with one. */
function checkAppearance(appearance: unknown, path: string, report: Report): void {
  if (typeof appearance === 'string') return checkUrl(appearance, path, report);
  if (!isNode(appearance)) return report.error(path, 'is neither a URL nor a CreativeWork');
  if (appearance.url === undefined) report.warning(`${path}.url`, 'missing: a reader cannot follow the appearance');
  else checkUrl(appearance.url, `${path}.url`, report);
  checkDate(appearance.datePublished, `${path}.datePublished`, report, { optional: true });
}

/** A Person or Organization; its name is required of the fact-checker, recommended of the claimant. */
function checkParty(party: unknown, path: string, report: Report, missingName: 'error' | 'warning'): void {
  if (!isNode(party)) return report.error(path, 'is not a Person or Organization');
  if (typesOf(party).length === 0) report.warning(`${path}.@type`, 'missing; use Organization or Person');
  const name = Array.isArray(party.name) ? party.name[0] : party.name;
  if (!isText(name)) report[missingName](`${path}.name`, 'missing');
  for (const key of ['url', 'sameAs'] as const) {
    const values = Array.isArray(party[key]) ? (party[key] as unknown[]) : party[key] === undefined ? [] : [party[key]];
    values.forEach((value) => checkUrl(value, `${path}.${key}`, report, { optional: true }));
  }
}

function checkUrl(value: unknown, path: string, report: Report, { optional = false } = {}): void {
  if (value === '' && optional) return report.warning(path, 'is empty');
  if (typeof value === 'string' && value !== value.trim()) report.warning(path, 'has leading or trailing whitespace');
  if (typeof value !== 'string' || !isAbsoluteHttpUrl(value.trim())) {
    report.error(path, `${JSON.stringify(value)} is not an absolute http(s) URL`);
  }
}

function checkDate(value: unknown, path: string, report: Report, { optional = false } = {}): void {
  if (value === undefined || value === '') {
    if (!optional) report.warning(path, 'missing: Google recommends it');
  } else if (typeof value !== 'string' || !ISO_8601.test(value)) {
    report.error(path, `${JSON.stringify(value)} is not an ISO 8601 date or date-time`);
  }
}

/** Every property and type name under the review must be a schema.org term (JSON-LD keywords aside). */
function checkVocabulary(value: unknown, path: string, vocabulary: ReadonlySet<string>, report: Report): void {
  if (Array.isArray(value)) return value.forEach((item) => checkVocabulary(item, path, vocabulary, report));
  if (!isNode(value)) return;
  for (const type of typesOf(value)) {
    if (!vocabulary.has(type)) report.warning(`${path || '(review)'}.@type`, `${type} is not a schema.org type`);
  }
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith('@')) continue;
    const at = path ? `${path}.${key}` : key;
    if (vocabulary.has(key)) checkVocabulary(child, at, vocabulary, report);
    else report.warning(at, 'is not a schema.org property');
  }
}

/** The @type names, with a schema: or schema.org prefix removed. */
function typesOf(node: Node): string[] {
  const types = Array.isArray(node['@type']) ? node['@type'] : [node['@type']];
  return types.filter(isText).map((type) => type.replace(/^(schema:|https?:\/\/schema\.org\/)/, ''));
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function toNumber(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(number) ? number : undefined;
}

function isAbsoluteHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}
