import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { seedDemo } from '@/lib/demo/seed';
import { recordAssessment } from '@/lib/review/assessments';
import { ratingSightOf, ratingSightsOf } from '@/lib/review/blind-rating';
import { linkClaims } from '@/lib/claims/claim-links';
import { loadClaimPage } from '@/lib/claims/claim-page';
import { loadDisagreementQueue } from '@/lib/review/disagreement-queue';
import { addComment, openDisagreement, reopenDisagreement, resolveDisagreement } from '@/lib/review/disagreements';
import type { Actor } from '@/lib/auth/permissions';
import { createUser } from '@/lib/admin/users';
import { saveVerdictDraft } from '@/lib/verdicts/verdicts';
import { createTestDb } from '../helpers/test-db';
import { userActor } from '../helpers/actors';

/**
 * Blind rating read back through every lib reader of a claim (lib/review/blind-rating.ts): the claim
 * page's assessments, disagreements, threads, verdict draft and history, and the disagreements
 * queue. The words the fixtures write are unique, so finding them anywhere is a leak.
 */

let db: Db;
let cleanup: () => void;
let rosa: Actor;
let ravi: Actor;
let editor: Actor;
let bea: Actor;
let claim: number;
let other: number;

const TEXT = {
  rosa: 'Rosa-rationale-7f3a',
  ravi: 'Ravi-rationale-1c9e',
  handReason: 'Hand-reason-55d2',
  comment: 'Thread-comment-0b4f',
  resolution: 'Auto-resolution-a1e8',
  handResolution: 'Hand-resolution-c7d0',
  reopen: 'Reopen-reason-93aa',
  headline: 'Draft-headline-2e61',
  explanation: 'Draft-explanation-d4b7',
  linkNote: 'Link-note-6f08',
};

async function person(name: string, role: 'reviewer' | 'editor'): Promise<Actor> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}@example.test`;
  const u = await createUser(db, null, { email, name, role, password: 'blind-test-password-1' });
  return userActor(u);
}

const version = (id: number) => db.$client.prepare('SELECT version FROM disagreements WHERE id = ?').pluck().get(id) as number;

beforeAll(async () => {
  ({ db, cleanup } = createTestDb());
  await seedDemo(db);
  rosa = await person('Blind Rosa', 'reviewer');
  ravi = await person('Blind Ravi', 'reviewer');
  bea = await person('Blind Bea', 'reviewer');
  editor = await person('Blind Edith', 'editor');
  const unrated = db.$client
    .prepare("SELECT id FROM claims WHERE status IN ('draft', 'in_review') AND id NOT IN (SELECT claim_id FROM assessments) ORDER BY id LIMIT 2")
    .pluck()
    .all() as number[];
  [claim, other] = [unrated[0]!, unrated[1]!];
  recordAssessment(db, rosa, { claimId: claim, label: 'accurate', confidence: 80, rationale: TEXT.rosa, citedEvidenceIds: [] });
  recordAssessment(db, ravi, { claimId: claim, label: 'inaccurate', confidence: 60, rationale: TEXT.ravi, citedEvidenceIds: [] });
  const auto = db.$client.prepare("SELECT id FROM disagreements WHERE claim_id = ? AND kind = 'reviewers'").pluck().get(claim) as number;
  addComment(db, ravi, { disagreementId: auto, body: TEXT.comment });
  resolveDisagreement(db, editor, { disagreementId: auto, version: version(auto), resolution: TEXT.resolution });
  const hand = openDisagreement(db, editor, { claimId: claim, reason: TEXT.handReason });
  resolveDisagreement(db, editor, { disagreementId: hand.id, version: version(hand.id), resolution: TEXT.handResolution });
  reopenDisagreement(db, editor, { disagreementId: hand.id, version: version(hand.id), reason: TEXT.reopen });
  saveVerdictDraft(db, editor, { claimId: claim, version: 0, label: 'mostly_inaccurate', headline: TEXT.headline, explanation: TEXT.explanation, citedEvidenceIds: [] });
  // A contradicts link: a sources' disagreement, which says nothing about ratings.
  linkClaims(db, editor, { claimId: claim, otherClaimId: other, kind: 'contradicts', note: TEXT.linkNote });
}, 60_000);
afterAll(() => cleanup());

const everything = (value: unknown) => JSON.stringify(value);
const ratingWords = /\b(accurate|inaccurate|mostly inaccurate|mostly accurate|mixed|unverifiable|rated it|the rating)\b/i;

describe('blind rating across the claim page and the queue', () => {
  it('keeps every rating, reason, resolution, comment and draft from a reviewer who has not rated', () => {
    const page = loadClaimPage(db, bea, claim);
    const seen = everything(page);
    for (const [name, text] of Object.entries(TEXT)) {
      if (name !== 'linkNote') expect(seen, name).not.toContain(text);
    }
    expect(page.assessments).toMatchObject({ revealed: false, all: [], own: null, count: 2 });
    expect(page.verdict.draft).toBeNull();
    expect(page.history.filter((line) => ratingWords.test(line.text))).toEqual([]);
    expect(page.history.map((line) => line.text)).toEqual(
      expect.arrayContaining([
        'Blind Edith resolved the disagreement between reviewers (hidden until you submit your assessment).',
        'Blind Edith opened a disagreement between reviewers (hidden until you submit your assessment).',
        'Blind Edith saved the verdict draft.',
      ]),
    );
    const reviewers = page.disagreements.filter((d) => d.kind === 'reviewers');
    expect(reviewers).toHaveLength(2);
    expect(reviewers.every((d) => d.withheld && d.reason === '' && d.resolution === null && d.comments.every((c) => c.body === ''))).toBe(true);
  });

  it('leaves a sources’ disagreement from a contradicts link readable to the blind reviewer', () => {
    const page = loadClaimPage(db, bea, claim);
    const sources = page.disagreements.filter((d) => d.kind === 'sources');
    expect(sources).toHaveLength(1);
    expect(sources[0]).toMatchObject({ withheld: false });
    expect(sources[0]!.reason).toContain(TEXT.linkNote);
    expect(loadClaimPage(db, bea, other).disagreements.map((d) => d.reason)).toEqual([expect.stringContaining(TEXT.linkNote)]);
  });

  it('keeps the reasons of rating disagreements out of the queue until the reviewer rated', () => {
    const queued = loadDisagreementQueue(db, bea).filter((d) => d.claimId === claim);
    expect(queued.map((d) => [d.kind, d.reason === null])).toEqual([
      ['reviewers', true],
      ['sources', false],
    ]);
  });

  it('shows an editor everything, the draft included', () => {
    const page = loadClaimPage(db, editor, claim);
    const seen = everything(page);
    for (const [name, text] of Object.entries(TEXT)) expect(seen, name).toContain(text);
    expect(page.history.map((line) => line.text)).toContain('Blind Edith set the rating to mostly inaccurate and edited the headline and the explanation of the verdict draft.');
  });

  it('shows the reviewer the ratings and what came of them once they submitted their own, but not the editors’ draft', () => {
    expect(ratingSightOf(db, bea, claim).revealed).toBe(false);
    recordAssessment(db, bea, { claimId: claim, label: 'mixed', confidence: 50, rationale: 'Bea’s own view.', citedEvidenceIds: [] });
    expect(ratingSightOf(db, bea, claim).revealed).toBe(true);
    const page = loadClaimPage(db, bea, claim);
    const seen = everything(page);
    for (const name of ['rosa', 'ravi', 'handReason', 'comment', 'resolution', 'handResolution', 'reopen', 'linkNote'] as const) {
      expect(seen, name).toContain(TEXT[name]);
    }
    expect(seen).not.toContain(TEXT.headline);
    expect(seen).not.toContain(TEXT.explanation);
    expect(page.verdict.draft).toBeNull();
    expect(page.history.map((line) => line.text)).toContain('Blind Edith set the rating to mostly inaccurate and edited the headline and the explanation of the verdict draft.');
    expect(loadDisagreementQueue(db, bea).filter((d) => d.claimId === claim).every((d) => d.reason !== null)).toBe(true);
    // Still blind on the other claim, which Bea has not rated.
    expect(ratingSightsOf(db, bea, [claim, other])(other).revealed).toBe(false);
  });
});
