import { ClaimReviewEdge, GoogleClaimEdge, GoogleReviewEdge, RatingObject, typesOf, type Rating, type Thing } from './edge';
import { absoluteUrl, calendarDate, clip, numericRatingKey, publisherKey, ratingKey, siteOf, textOf, urlKey } from './values';

/**
 * From whatever a feed holds to one normalised record per review. `expandItem` opens the
 * containers (a claims:search answer, a DataFeed, a DataFeedItem, `@graph`, a list) down to single
 * reviews; `normaliseReview` reads one review into a `FactcheckRecord` or says why it cannot.
 */

export const MAX_CLAIM_TEXT = 4000;
const MAX_FIELD = 1000;

/** One external fact-check, normalised: what external_factchecks stores (less the mapping and bookkeeping). */
export interface FactcheckRecord {
  urlKey: string;
  url: string;
  publisherName: string;
  publisherSite: string;
  publisherKey: string;
  title: string;
  claimText: string;
  claimant: string;
  claimDate: string | null;
  reviewDate: string | null;
  ratingText: string;
  ratingKey: string;
  ratingValue: number | null;
  bestRating: number | null;
  worstRating: number | null;
  language: string;
  /** The review as received (JSON). */
  raw: string;
}

/** A review found in the input, with where it was (for the report) and which shape it has. */
export type Unit =
  | { where: string; kind: 'claimreview'; value: Record<string, unknown> }
  | { where: string; kind: 'google'; claim: Record<string, unknown>; review: unknown }
  | { where: string; kind: 'skip'; reason: string };

/** "line 3" + "claim 2" → "line 3, claim 2"; at the top of a document, just "claim 2". */
function at(where: string, part: string): string {
  return where === '' ? part : `${where}, ${part}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Whether a value is one of the shapes this importer reads (used to tell a feed from any JSON). */
export function isKnownShape(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(isKnownShape);
  if (!isObject(value)) return false;
  const types = typesOf(value);
  return (
    Array.isArray(value.claims) ||
    Array.isArray(value.claimReview) ||
    Array.isArray(value.dataFeedElement) ||
    Array.isArray(value['@graph']) ||
    types.includes('ClaimReview') ||
    types.includes('DataFeedItem') ||
    types.includes('DataFeed')
  );
}

/** Every review in one item of the input, in order; what cannot be a review is a `skip` with its reason. */
export function* expandItem(value: unknown, where: string, depth = 0): Generator<Unit> {
  for (const unit of expandAt(value, where, depth)) yield unit.where === '' ? { ...unit, where: 'the document' } : unit;
}

function* expandAt(value: unknown, where: string, depth: number): Generator<Unit> {
  if (depth > 6) {
    yield { where, kind: 'skip', reason: 'nested too deeply' };
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* expandAt(value[i], at(where, `item ${i + 1}`), depth + 1);
    return;
  }
  if (!isObject(value)) {
    yield { where, kind: 'skip', reason: value === null ? 'the item is null' : `the item is a ${typeof value}, not an object` };
    return;
  }
  const types = typesOf(value);
  if (Array.isArray(value.claims)) {
    // A claims:search answer: { claims: [ … ], nextPageToken }. An empty page is no error.
    for (let i = 0; i < value.claims.length; i++) yield* expandGoogleClaim(value.claims[i], at(where, `claim ${i + 1}`));
  } else if (Array.isArray(value.claimReview)) {
    yield* expandGoogleClaim(value, where);
  } else if (Array.isArray(value.dataFeedElement)) {
    for (let i = 0; i < value.dataFeedElement.length; i++) yield* expandAt(value.dataFeedElement[i], at(where, `element ${i + 1}`), depth + 1);
  } else if (Array.isArray(value['@graph'])) {
    // A page's graph holds its WebPage, Organization, BreadcrumbList… beside the review: only reviews count.
    const reviews = value['@graph'].filter((node) => isKnownShape(node));
    if (reviews.length === 0) yield { where, kind: 'skip', reason: 'no ClaimReview in @graph' };
    for (let i = 0; i < reviews.length; i++) yield* expandAt(reviews[i], reviews.length === 1 ? where : at(where, `review ${i + 1}`), depth + 1);
  } else if (types.includes('ClaimReview')) {
    yield { where, kind: 'claimreview', value };
  } else if (types.includes('DataFeedItem') || 'item' in value) {
    const item = value.item;
    if (item === null || item === undefined) yield { where, kind: 'skip', reason: 'DataFeedItem has no item (null)' };
    else if (Array.isArray(item) && item.length === 1) yield* expandAt(item[0], where, depth + 1);
    else if (Array.isArray(item) && item.length === 0) yield { where, kind: 'skip', reason: 'DataFeedItem has an empty item list' };
    else yield* expandAt(item, where, depth + 1);
  } else {
    const type = types.length > 0 ? `@type ${types.join(', ')}` : 'no @type';
    yield { where, kind: 'skip', reason: `not a ClaimReview (${type})` };
  }
}

function* expandGoogleClaim(claim: unknown, where: string): Generator<Unit> {
  if (!isObject(claim)) {
    yield { where, kind: 'skip', reason: 'the claim is not an object' };
    return;
  }
  const reviews = Array.isArray(claim.claimReview) ? claim.claimReview : [];
  if (reviews.length === 0) yield { where, kind: 'skip', reason: 'the claim has no claimReview' };
  for (let i = 0; i < reviews.length; i++) {
    yield { where: reviews.length === 1 ? where : at(where, `review ${i + 1}`), kind: 'google', claim, review: reviews[i] };
  }
}

export type Normalised = { ok: true; record: FactcheckRecord } | { ok: false; reason: string };

/** One review read into the record, or the reason it cannot be. Never throws for any JSON value. */
export function normaliseReview(unit: Exclude<Unit, { kind: 'skip' }>): Normalised {
  return unit.kind === 'google' ? normaliseGoogle(unit.claim, unit.review) : normaliseClaimReview(unit.value);
}

function normaliseClaimReview(value: Record<string, unknown>): Normalised {
  const review = ClaimReviewEdge.parse(value);
  const entity = review.mainEntityOfPage;
  const url = absoluteUrl(review.url) ?? absoluteUrl(isObject(entity) ? (entity['@id'] ?? entity.url) : entity);
  if (!url) return { ok: false, reason: urlProblem(review.url) };
  const item = review.itemReviewed;
  const claimText = clip(textOf(review.claimReviewed) || textOf(item?.name), MAX_CLAIM_TEXT);
  if (claimText === '') return { ok: false, reason: 'no claim text (neither claimReviewed nor itemReviewed.name)' };

  // The fact-checker: `publisher` when given, else the author that is an organisation, else any author.
  const publishers = review.publisher.filter(named);
  const authors = review.author.filter(named);
  const organisation = authors.find((author) => typeof author !== 'string' && !typesOf(author).includes('Person'));
  const publisher = publishers[0] ?? organisation ?? authors[0];
  const site = siteOfThing(publisher) || url.hostname.replace(/^www\./, '');
  const name = clip(nameOfThing(publisher) || site, MAX_FIELD);
  const language = review.inLanguage;
  const rating = ratingOf(Array.isArray(review.reviewRating) ? firstRating(review.reviewRating) : review.reviewRating);
  return {
    ok: true,
    record: {
      urlKey: urlKey(url),
      url: url.href,
      publisherName: name,
      publisherSite: site,
      publisherKey: publisherKey(site, name),
      title: clip(textOf(review.name) || textOf(review.headline), MAX_FIELD),
      claimText,
      claimant: clip(item ? item.author.map((author) => nameOfThing(author)).filter(Boolean).join(', ') : '', MAX_FIELD),
      claimDate: calendarDate(item?.datePublished),
      reviewDate: calendarDate(review.datePublished),
      ...rating,
      language: clip(isObject(language) ? textOf(language.alternateName) || textOf(language.name) : textOf(language), 35),
      raw: JSON.stringify(value),
    },
  };
}

function normaliseGoogle(claimValue: Record<string, unknown>, reviewValue: unknown): Normalised {
  if (!isObject(reviewValue)) return { ok: false, reason: 'the claimReview entry is not an object' };
  const claim = GoogleClaimEdge.parse(claimValue);
  const review = GoogleReviewEdge.parse(reviewValue);
  const url = absoluteUrl(review.url);
  if (!url) return { ok: false, reason: urlProblem(review.url) };
  const claimText = clip(textOf(claim.text), MAX_CLAIM_TEXT);
  if (claimText === '') return { ok: false, reason: 'no claim text (the claim has no text)' };
  const site = siteOf(review.publisher?.site) || url.hostname.replace(/^www\./, '');
  const name = clip(textOf(review.publisher?.name) || site, MAX_FIELD);
  const { claimReview: _reviews, ...rest } = claimValue;
  return {
    ok: true,
    record: {
      urlKey: urlKey(url),
      url: url.href,
      publisherName: name,
      publisherSite: site,
      publisherKey: publisherKey(site, name),
      title: clip(textOf(review.title), MAX_FIELD),
      claimText,
      claimant: clip(textOf(claim.claimant), MAX_FIELD),
      claimDate: calendarDate(claim.claimDate),
      reviewDate: calendarDate(review.reviewDate),
      ...ratingOf({ alternateName: review.textualRating }),
      language: clip(textOf(review.languageCode), 35),
      // The claim with just this review: a claim checked by three publishers is three fact-checks.
      raw: JSON.stringify({ ...rest, claimReview: [reviewValue] }),
    },
  };
}

function urlProblem(value: unknown): string {
  const text = textOf(value);
  if (text === '') return 'no review URL';
  return `the review URL is not an absolute http(s) address: ${JSON.stringify(clip(text, 80))}`;
}

function named(thing: Thing | string): boolean {
  return typeof thing === 'string' ? thing.trim() !== '' : nameOfThing(thing) !== '' || siteOfThing(thing) !== '';
}

function nameOfThing(thing: Thing | string | undefined): string {
  if (thing === undefined) return '';
  return typeof thing === 'string' ? textOf(thing) : textOf(thing.name) || textOf(thing.alternateName);
}

function siteOfThing(thing: Thing | string | undefined): string {
  if (thing === undefined || typeof thing === 'string') return '';
  return siteOf(thing.site) || siteOf(thing.url) || siteOf(thing['@id']);
}

function firstRating(list: unknown[]): Rating | undefined {
  for (const entry of list) {
    const parsed = RatingObject.safeParse(entry);
    if (parsed.success) return parsed.data;
  }
  return undefined;
}

type RatingFields = Pick<FactcheckRecord, 'ratingText' | 'ratingKey' | 'ratingValue' | 'bestRating' | 'worstRating'>;

/**
 * The rating as published. The label is `alternateName` (else `name`); a number counts only with
 * a scale that makes sense: bestRating −1 means "not numeric" (Google's convention), and a value
 * outside worst…best or a scale with best = worst is dropped (the label, and the raw item, remain).
 * worstRating, when missing, is schema.org's default 1.
 */
export function ratingOf(rating: Rating | { alternateName?: unknown } | undefined): RatingFields {
  const parsed = rating === undefined ? undefined : RatingObject.safeParse(rating);
  const r = parsed?.success ? parsed.data : undefined;
  const text = clip(textOf(r?.alternateName, ' / ') || textOf(r?.name, ' / '), MAX_FIELD);
  const numeric = numericRating(r);
  const key = text !== '' ? ratingKey(text) : numeric && numeric.bestRating !== null ? numericRatingKey(numeric.ratingValue, numeric.worstRating ?? 1, numeric.bestRating) : '';
  return {
    ratingText: text,
    ratingKey: key,
    ratingValue: numeric?.ratingValue ?? null,
    bestRating: numeric?.bestRating ?? null,
    worstRating: numeric?.worstRating ?? null,
  };
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const number = Number(value.trim().replace(',', '.'));
  return Number.isFinite(number) ? number : null;
}

function numericRating(r: Rating | undefined): { ratingValue: number; bestRating: number | null; worstRating: number | null } | null {
  if (!r) return null;
  const value = toNumber(r.ratingValue);
  const best = toNumber(r.bestRating);
  const worst = toNumber(r.worstRating);
  if (value === null || best === -1 || value === -1) return null;
  if (best === null) return { ratingValue: value, bestRating: null, worstRating: worst };
  const low = Math.min(best, worst ?? 1);
  const high = Math.max(best, worst ?? 1);
  if (low === high || value < low || value > high) return null;
  return { ratingValue: value, bestRating: best, worstRating: worst };
}

