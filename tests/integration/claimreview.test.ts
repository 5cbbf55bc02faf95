import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db/open';
import { getClaimReviewInput, listClaimReviewInputs, type ClaimReviewInput } from '@/db/queries/claimreview';
import { getVerdictDraft } from '@/db/queries/verdicts';
import { claims } from '@/db/schema';
import { seedDemo } from '@/lib/demo/seed';
import { buildClaimReview, type ClaimReviewJsonLd } from '@/lib/verdicts/claimreview-jsonld';
import { checkClaimReview } from '@/tests/helpers/claimreview-check';
import { VerdictAmend } from '@/lib/validation/verdict';
import { amendVerdict } from '@/lib/verdicts/verdicts';
import { expandSafely, schemaOrgDocumentLoader, schemaOrgTerms } from '../helpers/schemaorg';
import { createTestDb } from '../helpers/test-db';
import { demoActors } from '../helpers/actors';

const ORG = { name: 'Claimbench Desk', url: 'https://desk.example.org' };
const PUBLIC_URL = 'https://verdicts.example.org';
const SCHEMA = 'http://schema.org/';

let db: Db;
let cleanup: () => void;
let inputs: ClaimReviewInput[];

beforeAll(async () => {
  ({ db, cleanup } = createTestDb());
  await seedDemo(db);
  inputs = listClaimReviewInputs(db, { limit: 100 });
});
afterAll(() => cleanup());

function build(input: ClaimReviewInput): ClaimReviewJsonLd {
  const review = buildClaimReview(input, ORG, PUBLIC_URL);
  if (!review) throw new Error(`claim ${input.claim.id} has no ClaimReview`);
  return review;
}

describe('ClaimReview for the demo desk’s published verdicts', () => {
  it('finds every published verdict of the demo data set, one of them corrected', () => {
    const published = db.select({ id: claims.id }).from(claims).where(eq(claims.status, 'published')).all();
    expect(inputs.map((input) => input.claim.id)).toEqual(published.map((row) => row.id));
    expect(inputs).toHaveLength(3);
    expect(inputs.filter((input) => input.versions.map((v) => v.kind).join() === 'publication,correction')).toHaveLength(1);
    for (const input of inputs) {
      expect(input.appearances.length).toBeGreaterThan(0);
      expect(getClaimReviewInput(db, input.claim.id)).toEqual(input);
    }
  });

  it('expands each in safe mode against schema.org’s context, and uses only terms schema.org defines', async () => {
    const terms = schemaOrgTerms();
    for (const input of inputs) {
      const review = build(input);
      const [expanded] = await expandSafely(review);
      expect(expanded?.['@type']).toEqual([`${SCHEMA}ClaimReview`]);
      // Without @vocab an undefined name cannot expand, so safe mode throws on it.
      const strict = await expandSafely(review, { strict: true });
      expect(strict).toEqual(await expandSafely(review));
      expect(namesIn(review).filter((name) => !terms.has(name))).toEqual([]);
    }
  });

  it('gives each the fields Google requires and recommends', () => {
    for (const input of inputs) {
      const review = build(input);
      const current = input.versions[input.versions.length - 1]!;
      expect(review.claimReviewed).toBe(input.claim.statement);
      expect(review.url).toBe(current.articleUrl ?? input.claim.articleUrl ?? `${PUBLIC_URL}/verdicts/${input.claim.id}`);
      expect(review.author).toEqual({ '@type': 'Organization', ...ORG });
      const rating = review.reviewRating;
      expect(rating.alternateName).not.toBe('');
      // Either all three numbers or only the name.
      const numbers = [rating.ratingValue, rating.bestRating, rating.worstRating];
      expect(numbers.every((n) => typeof n === 'number') || numbers.every((n) => n === undefined)).toBe(true);
      expect(review.datePublished).toBe(input.versions[0]!.publishedAt);
      expect(review.dateModified).toBe(current.kind === 'correction' ? current.publishedAt : undefined);
      expect(review.itemReviewed.author.name).toBe(input.claim.claimant.name);
      expect(review.itemReviewed.datePublished).toBe(input.claim.claimedOn);
      expect(review.itemReviewed.appearance?.map((a) => a.url)).toEqual(input.appearances.map((a) => a.url));
      expect(review.itemReviewed.firstAppearance).toEqual(review.itemReviewed.appearance?.[0]);
      expect(checkClaimReview(review, { vocabulary: schemaOrgTerms() }).errors).toEqual([]);
    }
  });

  it('reads a batch in two statements however many claims it holds, and pages by id', () => {
    const prepare = vi.spyOn(db.$client, 'prepare');
    try {
      expect(listClaimReviewInputs(db, { limit: 100 })).toEqual(inputs);
      expect(prepare).toHaveBeenCalledTimes(2);
    } finally {
      prepare.mockRestore();
    }
    const paged: ClaimReviewInput[] = [];
    for (let page = listClaimReviewInputs(db, { limit: 2 }); page.length > 0; ) {
      paged.push(...page);
      page = listClaimReviewInputs(db, { afterId: page[page.length - 1]!.claim.id, limit: 2 });
    }
    expect(paged).toEqual(inputs);
  });

  it('filters a batch by claimant and by when the claim last changed', () => {
    const [first, second] = inputs;
    const claimant = db.select({ claimantId: claims.claimantId }).from(claims).where(eq(claims.id, first!.claim.id)).get();
    expect(listClaimReviewInputs(db, { limit: 100, claimantId: claimant!.claimantId })).toEqual([first]);

    db.update(claims).set({ updatedAt: '2020-01-01T00:00:00.000Z' }).where(eq(claims.id, second!.claim.id)).run();
    const since = listClaimReviewInputs(db, { limit: 100, updatedSince: '2021-01-01T00:00:00.000Z' });
    expect(since.map((input) => input.claim.id)).toEqual(inputs.filter((i) => i !== second).map((i) => i.claim.id));
    expect(listClaimReviewInputs(db, { limit: 100, updatedSince: '9999-01-01T00:00:00.000Z' })).toEqual([]);
  });

  it('has no input for a claim without a published verdict, or no such claim', () => {
    const unpublished = db.select({ id: claims.id }).from(claims).where(eq(claims.status, 'draft')).get();
    expect(getClaimReviewInput(db, unpublished!.id)).toBeUndefined();
    expect(getClaimReviewInput(db, 999_999)).toBeUndefined();
  });

  it('has no ClaimReview for a retracted verdict, and leaves it out of the batch', () => {
    const target = inputs.find((input) => input.versions.length === 1)!.claim.id;
    const actor = demoActors(db).editor;
    const draft = getVerdictDraft(db, target)!;
    amendVerdict(db, actor, VerdictAmend.parse({ claimId: target, version: draft.version, kind: 'retraction', note: 'Withdrawn pending a new source.' }));

    const retracted = getClaimReviewInput(db, target)!;
    expect(retracted.versions.map((v) => v.kind)).toEqual(['publication', 'retraction']);
    expect(buildClaimReview(retracted, ORG, PUBLIC_URL)).toBeNull();
    expect(listClaimReviewInputs(db, { limit: 100 }).map((input) => input.claim.id)).toEqual(
      inputs.filter((input) => input.claim.id !== target).map((input) => input.claim.id),
    );
  });
});

describe('the schema.org test loader', () => {
  const review = {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    claimReviewed: 'x',
    ratingOfTheDesk: 'not a schema.org term',
  };

  it('lets safe mode catch a name schema.org does not define only without @vocab', async () => {
    await expect(expandSafely(review)).resolves.toHaveLength(1);
    await expect(expandSafely(review, { strict: true })).rejects.toThrow(/Safe mode validation error/);
    const { ratingOfTheDesk: _extra, ...known } = review;
    await expect(expandSafely(known, { strict: true })).resolves.toHaveLength(1);
    const misspelt = { ...known, '@type': 'ClaimReveiw' };
    await expect(expandSafely(misspelt)).resolves.toHaveLength(1);
    await expect(expandSafely(misspelt, { strict: true })).rejects.toThrow(/Safe mode validation error/);
  });

  it('refuses every URL but schema.org’s context, so no test reaches the network', async () => {
    await expect(schemaOrgDocumentLoader()('https://example.org/context.jsonld')).rejects.toThrow(/refuses/);
    await expect(expandSafely({ ...review, '@context': 'https://example.org/context.jsonld' })).rejects.toThrow();
  });
});

/** Every property and type name in a compact JSON-LD value. */
function namesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(namesIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    if (key === '@type') return [String(child)];
    return key.startsWith('@') ? [] : [key, ...namesIn(child)];
  });
}
