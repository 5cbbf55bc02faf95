import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { getClaimReviewInput } from '@/db/queries/claimreview';
import { getPublicVerdict } from '@/db/queries/public-verdicts';
import { getVerdictDraft, getLatestVerdict } from '@/db/queries/verdicts';
import { appearances, assessments, claims, evidence, sources, users, verdictCitations, verdicts } from '@/db/schema';
import { seedDemo } from '@/lib/demo/seed';
import { readApiClaim, listVerdicts } from '@/lib/api/verdicts';
import { addAppearance } from '@/lib/claims/appearances';
import { recordAssessment } from '@/lib/review/assessments';
import { buildClaimReview } from '@/lib/verdicts/claimreview-jsonld';
import { AppError } from '@/lib/errors';
import { editEvidence } from '@/lib/review/evidence';
import { exportStream } from '@/lib/export/stream';
import type { Actor } from '@/lib/auth/permissions';
import { editSource } from '@/lib/sources/sources';
import { ExportQuery } from '@/lib/validation/export';
import { EvidenceUpdate } from '@/lib/validation/evidence';
import { SourceUpdate } from '@/lib/validation/source';
import { VerdictCorrect } from '@/lib/validation/verdict';
import { amendVerdict } from '@/lib/verdicts/verdicts';
import { publishCorrection, reviewCorrection } from '@/lib/verdicts/correction';
import { createTestDb } from '../helpers/test-db';
import { actorByEmail } from '../helpers/actors';

const ORG = { name: 'Claimbench Desk', url: 'https://desk.example.org' };
const PUBLIC_URL = 'https://verdicts.example.org';
const CHANGED_URL = 'https://changed.example/after-publication';
const CHANGED_QUOTE = 'A quote written after publication.';
const NEW_APPEARANCE = 'https://late.example/appearance-after-publication';
const RENAMED = 'Renamed After Publication';

let db: Db;
let cleanup: () => void;
let editor: Actor;
let claimId: number;

async function read(format: 'csv' | 'jsonl' | 'claimreview'): Promise<string> {
  const { stream } = exportStream(db, editor, ExportQuery.parse({ format }), { publicUrl: PUBLIC_URL, org: ORG, now: new Date(0) });
  return new Response(stream).text();
}

/** Everything the public and the CMS can read of the claim's verdict. */
async function everythingPublished() {
  const input = getClaimReviewInput(db, claimId);
  return {
    page: getPublicVerdict(db, claimId),
    claimReview: input ? buildClaimReview(input, ORG, PUBLIC_URL) : null,
    csv: await read('csv'),
    jsonl: await read('jsonl'),
    feed: await read('claimreview'),
    apiClaim: readApiClaim(db, PUBLIC_URL, claimId, false),
    apiFeed: listVerdicts(db, PUBLIC_URL, { limit: 100 }).items.find((item) => item.claim_id === claimId),
  };
}

beforeAll(async () => {
  ({ db, cleanup } = createTestDb());
  await seedDemo(db);
  editor = actorByEmail(db, 'editor@demo.claimbench.test');
  // A published (not corrected) demo verdict that cites evidence.
  const row = db
    .selectDistinct({ id: claims.id })
    .from(claims)
    .innerJoin(verdicts, eq(verdicts.claimId, claims.id))
    .innerJoin(verdictCitations, eq(verdictCitations.verdictId, verdicts.id))
    .where(eq(claims.status, 'published'))
    .orderBy(asc(claims.id))
    .get();
  if (!row) throw new Error('the demo has no published verdict citing evidence');
  claimId = row.id;
});
afterAll(() => cleanup());

describe('a published verdict version is a frozen document', () => {
  let before: Awaited<ReturnType<typeof everythingPublished>>;
  let citedId: number;

  it('shows what it cited, its claimant and appearances as they were, whatever reviewers change afterwards', async () => {
    before = await everythingPublished();
    expect(before.page?.evidence.length).toBeGreaterThan(0);
    citedId = before.page!.evidence[0]!.id;

    // A reviewer (whoever added it) changes a cited evidence item's URL and quote.
    const item = db.select().from(evidence).where(eq(evidence.id, citedId)).get()!;
    const adder = db.select().from(users).where(eq(users.id, item.addedBy)).get()!;
    const reviewer = actorByEmail(db, adder.email);
    editEvidence(
      db,
      reviewer,
      EvidenceUpdate.parse({
        evidenceId: item.id,
        version: item.version,
        url: CHANGED_URL,
        title: item.title,
        stance: item.stance,
        quote: { exact: CHANGED_QUOTE, prefix: '', suffix: '' },
      }),
    );
    // A reviewer adds an appearance; the claimant is renamed.
    addAppearance(db, actorByEmail(db, 'reviewer2@demo.claimbench.test'), { claimId, url: NEW_APPEARANCE, title: 'Seen later', quote: '' });
    const claim = db.select().from(claims).where(eq(claims.id, claimId)).get()!;
    const claimant = db.select().from(sources).where(eq(sources.id, claim.claimantId)).get()!;
    editSource(db, editor, SourceUpdate.parse({ sourceId: claimant.id, version: claimant.version, name: RENAMED, kind: claimant.kind, url: claimant.url ?? undefined, notes: claimant.notes }));

    const after = await everythingPublished();
    expect(after).toEqual(before);
    const all = JSON.stringify(after);
    for (const changed of [CHANGED_URL, CHANGED_QUOTE, NEW_APPEARANCE, RENAMED]) expect(all).not.toContain(changed);
  });

  it('lists what a correction would change, and refuses one at a stale draft version', () => {
    const draft = getVerdictDraft(db, claimId)!;
    const latest = getLatestVerdict(db, claimId)!;
    // The live rows changed, so citing nothing new but the same items still differs; cite what v1 cited.
    const same = VerdictCorrect.parse({
      claimId,
      version: draft.version,
      label: latest.label,
      headline: latest.headline,
      explanation: latest.explanation,
      citedEvidenceIds: draft.citedEvidenceIds.join(','),
      note: 'Nothing, really.',
      step: 'publish',
    });
    // Here the snapshot would differ (the evidence and claimant changed), so this one is allowed in principle:
    expect(reviewCorrection(db, editor, same).changes.map((c) => c.field)).toEqual(['claimant', 'appearances', 'evidence']);
    expect(() => publishCorrection(db, editor, { ...same, version: draft.version + 1 })).toThrow(/changed|version|saved/i);
    expect(getLatestVerdict(db, claimId)!.versionNumber).toBe(latest.versionNumber);
  });

  it('a correction publishes the edits and the note together and picks up the changes', async () => {
    const draft = getVerdictDraft(db, claimId)!;
    const latest = getLatestVerdict(db, claimId)!;
    const input = VerdictCorrect.parse({
      claimId,
      version: draft.version,
      label: latest.label,
      headline: latest.headline,
      explanation: `${latest.explanation} Corrected.`,
      citedEvidenceIds: draft.citedEvidenceIds.join(','),
      note: 'Updated the evidence link and the claimant’s name.',
      step: 'publish',
    });
    const review = reviewCorrection(db, editor, input);
    expect(review.changes.map((c) => c.field)).toEqual(['explanation', 'claimant', 'appearances', 'evidence']);
    expect(review.changes[0]!.parts).toEqual([
      { kind: 'same', text: latest.explanation },
      { kind: 'added', text: ' Corrected.' },
    ]);

    const v2 = publishCorrection(db, editor, input);
    expect(v2).toMatchObject({ versionNumber: latest.versionNumber + 1, kind: 'correction', explanation: `${latest.explanation} Corrected.` });
    expect(getVerdictDraft(db, claimId)!.explanation).toBe(`${latest.explanation} Corrected.`);

    const now = await everythingPublished();
    expect(now.page?.evidence.find((e) => e.id === citedId)).toMatchObject({ url: CHANGED_URL, quoteExact: CHANGED_QUOTE });
    expect(now.page?.claim.claimant.name).toBe(RENAMED);
    expect(now.claimReview?.itemReviewed.author.name).toBe(RENAMED);
    expect(now.claimReview?.itemReviewed.appearance?.map((a) => a.url)).toContain(NEW_APPEARANCE);
    expect(now.csv).toContain(RENAMED);
    expect(now.jsonl).toContain(RENAMED);
    expect(now.feed).toContain(NEW_APPEARANCE);
    expect(now.apiClaim.claimant.name).toBe(RENAMED);
    expect(now.apiFeed?.claimant.name).toBe(RENAMED);

    // Publishing the very same thing again is refused, with nothing written.
    const again = { ...input, version: getVerdictDraft(db, claimId)!.version };
    expect(() => publishCorrection(db, editor, again)).toThrow(/changes nothing/);
    expect(() => reviewCorrection(db, editor, again)).toThrow(/changes nothing/);
    expect(getLatestVerdict(db, claimId)!.versionNumber).toBe(v2.versionNumber);
  });

  it('refuses a rating on a published claim, as the page that hides the form does, writing nothing', () => {
    const reviewer = actorByEmail(db, 'reviewer1@demo.claimbench.test');
    const count = () => db.select().from(assessments).where(eq(assessments.claimId, claimId)).all().length;
    const n = count();
    let error: unknown;
    try {
      recordAssessment(db, reviewer, { claimId, label: 'accurate', confidence: 90, rationale: 'After publication.', citedEvidenceIds: [] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('conflict');
    expect((error as AppError).message).toMatch(/published/);
    expect(count()).toBe(n);
  });

  it('a retraction keeps the evidence of the version it withdraws; the retracted claim takes no appearance', () => {
    const draft = getVerdictDraft(db, claimId)!;
    amendVerdict(db, editor, { claimId, version: draft.version, kind: 'retraction', note: 'Withdrawn.' });
    const page = getPublicVerdict(db, claimId)!;
    expect(page.claim.status).toBe('retracted');
    expect(page.evidence.find((e) => e.id === citedId)).toMatchObject({ url: CHANGED_URL });

    const count = () => db.select().from(appearances).where(eq(appearances.claimId, claimId)).all().length;
    const n = count();
    let error: unknown;
    try {
      addAppearance(db, actorByEmail(db, 'reviewer1@demo.claimbench.test'), { claimId, url: 'https://late.example/again', title: 'Too late', quote: '' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('conflict');
    expect((error as AppError).message).toMatch(/retracted/);
    expect(count()).toBe(n);
  });
});
