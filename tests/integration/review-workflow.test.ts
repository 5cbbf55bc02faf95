import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { sources } from '@/db/schema';
import { seedDemo } from '@/lib/demo/seed';
import { DEMO_ARTICLE } from '@/db/seed/demo-data';
import { recordAssessment, visibleAssessments } from '@/lib/review/assessments';
import { loadClaimPage } from '@/lib/claims/claim-page';
import { createClaim } from '@/lib/claims/claims';
import { resolveDisagreement } from '@/lib/review/disagreements';
import { addEvidence } from '@/lib/review/evidence';
import type { Actor } from '@/lib/auth/permissions';
import type { QuantityInput } from '@/lib/validation/claim';
import { AssessmentInput } from '@/lib/validation/assessment';
import { EvidenceCreate } from '@/lib/validation/evidence';
import { formSchema } from '@/lib/validation/fields';
import { VerdictAmend, VerdictDraftSave } from '@/lib/validation/verdict';
import { amendVerdict, publishVerdict, saveVerdictDraft } from '@/lib/verdicts/verdicts';
import { demoActors } from '../helpers/actors';
import { tableCounts } from '../helpers/table-counts';
import { createTestDb } from '../helpers/test-db';
import { refusal } from '../helpers/refusal';

let db: Db;
let cleanup: () => void;
let r1: Actor;
let r2: Actor;
let editor: Actor;
let admin: Actor;

beforeAll(async () => {
  ({ db, cleanup } = createTestDb());
  await seedDemo(db);
  const desk = demoActors(db);
  r1 = desk.reviewer1;
  r2 = desk.reviewer2;
  editor = desk.editor;
  admin = desk.admin;
});
afterAll(() => cleanup());

/**
 * A claim as the desk first records it, with the seeded claimant and article. The seeded claims
 * themselves may already carry the demo desk's review work (db/seed), and these rules need a claim
 * nobody has rated yet, so each walk-through records its own.
 */
function recordClaim(claimant: string, statement: string, quantity?: QuantityInput): number {
  const source = db.select({ id: sources.id, name: sources.name }).from(sources).all().find((s) => s.name.includes(claimant));
  expect(source).toBeDefined();
  return createClaim(db, r1, {
    statement,
    claimantId: source!.id,
    claimedOn: '2024-12-18',
    language: 'en',
    context: '',
    appearance: { url: DEMO_ARTICLE.url, title: DEMO_ARTICLE.title, publishedOn: DEMO_ARTICLE.publishedOn, quote: statement },
    quantity,
  }).id;
}
const claimRow = (id: number) => db.$client.prepare('SELECT status, disputed FROM claims WHERE id = ?').get(id) as { status: string; disputed: number };
const disagreementsOf = (id: number) =>
  db.$client.prepare('SELECT id, kind, status, version FROM disagreements WHERE claim_id = ? ORDER BY id').all(id) as {
    id: number;
    kind: string;
    status: string;
    version: number;
  }[];
const rate = (actor: Actor, id: number, label: string, confidence = 70, rationale = '') =>
  recordAssessment(db, actor, AssessmentInput.parse({ claimId: id, label, confidence, rationale }));
const evidence = (actor: Actor, id: number, title = 'Ministry briefing transcript') =>
  addEvidence(db, actor, EvidenceCreate.parse({ claimId: id, url: 'https://example.org/briefing', title, stance: 'refutes' }));
function resolveOpen(id: number): void {
  for (const d of disagreementsOf(id).filter((x) => x.status === 'open')) {
    resolveDisagreement(db, editor, { disagreementId: d.id, version: d.version, resolution: 'The desk agrees on the rating.' });
  }
}
describe('Zelensky’s 100,000 claim, from first rating to retraction', () => {
  let zelensky: number;
  beforeAll(() => {
    zelensky = recordClaim('Zelensky', 'As many as 100,000 North Korean soldiers could be deployed to the region.', {
      measure: 'North Korean troops in Russia',
      high: 100000,
      unit: 'troops',
      bound: 'at_most',
      modality: 'projection',
      asOf: '2024-12-18',
    });
  });

  it('moves from draft into review, undisputed, when reviewer 1 adds evidence and rates it', () => {
    expect(claimRow(zelensky)).toEqual({ status: 'draft', disputed: 0 });
    evidence(r1, zelensky);
    expect(claimRow(zelensky).status).toBe('draft');
    rate(r1, zelensky, 'accurate', 75);
    expect(claimRow(zelensky)).toEqual({ status: 'in_review', disputed: 0 });
  });

  it('keeps reviewer 1’s rating hidden from reviewer 2 until they rate, but not from the editor', () => {
    expect(visibleAssessments(db, r2, zelensky)).toEqual({ revealed: false, own: null, all: [], count: 1 });
    const forEditor = visibleAssessments(db, editor, zelensky);
    expect(forEditor.revealed).toBe(true);
    expect(forEditor.all.map((a) => [a.reviewerId, a.label])).toEqual([[r1.id, 'accurate']]);

    const history = loadClaimPage(db, r2, zelensky).history.map((h) => h.text);
    expect(history).toContain('Rosa Reviewer submitted an assessment (hidden until you submit yours).');
    expect(history.filter((t) => /accurate|confidence|rated it/i.test(t))).toEqual([]);
    expect(loadClaimPage(db, r2, zelensky).assessments.all).toEqual([]);
    // Reviewer 1 sees their own rating in the history.
    expect(loadClaimPage(db, r1, zelensky).history.map((h) => h.text)).toContain('Rosa Reviewer rated it accurate with confidence 75.');
  });

  it('opens exactly one reviewers’ disagreement when reviewer 2 rates two steps away, and reveals both ratings', () => {
    rate(r2, zelensky, 'mixed', 60);
    const open = disagreementsOf(zelensky);
    expect(open.map((d) => [d.kind, d.status])).toEqual([['reviewers', 'open']]);
    expect(claimRow(zelensky)).toEqual({ status: 'in_review', disputed: 1 });

    const seen = visibleAssessments(db, r2, zelensky);
    expect(seen.revealed).toBe(true);
    expect(seen.all.map((a) => [a.reviewerId, a.label])).toEqual([
      [r1.id, 'accurate'],
      [r2.id, 'mixed'],
    ]);
    expect(loadClaimPage(db, r2, zelensky).history.map((h) => h.text)).toContain('Rosa Reviewer rated it accurate with confidence 75.');
  });

  it('becomes ready and undisputed once the disagreement is resolved', () => {
    resolveOpen(zelensky);
    expect(claimRow(zelensky)).toEqual({ status: 'ready', disputed: 0 });
  });

  it('does not reopen when a reviewer resubmits the same assessment', () => {
    const before = tableCounts(db);
    rate(r2, zelensky, 'mixed', 60);
    rate(r1, zelensky, 'accurate', 75);
    expect(tableCounts(db)).toEqual(before);
    // New evidence runs the rules again over the same assessments: still nothing reopens.
    evidence(r2, zelensky, 'Interfax-Ukraine report of the speech');
    expect(disagreementsOf(zelensky).map((d) => d.status)).toEqual(['resolved']);
    expect(claimRow(zelensky)).toEqual({ status: 'ready', disputed: 0 });
  });

  it('opens a new disagreement when a reviewer changes to another diverging rating', () => {
    rate(r2, zelensky, 'inaccurate', 80);
    expect(disagreementsOf(zelensky).map((d) => [d.kind, d.status])).toEqual([
      ['reviewers', 'resolved'],
      ['reviewers', 'open'],
    ]);
    expect(claimRow(zelensky)).toEqual({ status: 'in_review', disputed: 1 });
  });

  it('refuses to publish while items are missing, listing exactly those, writing nothing', () => {
    const draft = saveVerdictDraft(db, editor, VerdictDraftSave.parse({ claimId: zelensky, label: 'mostly_inaccurate', headline: 'A projection, not a count' }));
    const before = tableCounts(db);
    const error = refusal(() => publishVerdict(db, editor, { claimId: zelensky, version: draft.version }));
    expect(error.code).toBe('unprocessable');
    // The claim's gaps above the form, the verdict text's beside its field (issue 14).
    expect(error.fieldErrors).toEqual({ _form: ['Resolve the 1 open disagreement.'], explanation: ['Write an explanation.'] });
    expect(tableCounts(db)).toEqual(before);
    expect(claimRow(zelensky).status).toBe('in_review');
  });

  let published: Record<string, unknown>;
  it('publishes version 1 once ready', () => {
    resolveOpen(zelensky);
    expect(claimRow(zelensky)).toEqual({ status: 'ready', disputed: 0 });
    const draft = saveVerdictDraft(
      db,
      editor,
      VerdictDraftSave.parse({ claimId: zelensky, version: 1, label: 'mostly_inaccurate', headline: 'A projection, not a count', explanation: 'Zelensky spoke of what could be deployed.' }),
    );
    const verdict = publishVerdict(db, editor, { claimId: zelensky, version: draft.version });
    expect(verdict).toMatchObject({ versionNumber: 1, kind: 'publication', label: 'mostly_inaccurate', note: null, publishedBy: editor.id });
    expect(claimRow(zelensky).status).toBe('published');
    published = db.$client.prepare('SELECT * FROM verdicts WHERE id = ?').get(verdict.id) as Record<string, unknown>;
  });

  it('requires a note for a correction, in the schema and in the action’s form schema', () => {
    const bare = VerdictAmend.safeParse({ claimId: zelensky, version: 2, kind: 'correction', note: '' });
    expect(bare.success).toBe(false);
    expect(bare.error!.issues.map((i) => i.path.join('.'))).toEqual(['note']);
    const form = formSchema(VerdictAmend).safeParse({ claimId: String(zelensky), version: '2', kind: 'correction', note: '   ' });
    expect(form.success).toBe(false);
    expect(form.error!.issues.map((i) => i.path.join('.'))).toEqual(['note']);
  });

  it('publishes a correction as version 2, leaving version 1 as it was', () => {
    const draft = saveVerdictDraft(
      db,
      editor,
      VerdictDraftSave.parse({ claimId: zelensky, version: 2, label: 'mostly_inaccurate', headline: 'A projection of troops, not a count', explanation: 'Zelensky spoke of what could be deployed.' }),
    );
    const correction = amendVerdict(db, editor, { claimId: zelensky, version: draft.version, kind: 'correction', note: 'Clarified the headline.' });
    expect(correction).toMatchObject({ versionNumber: 2, kind: 'correction', note: 'Clarified the headline.', headline: 'A projection of troops, not a count' });
    expect(db.$client.prepare('SELECT * FROM verdicts WHERE id = ?').get(published.id)).toEqual(published);
    expect(claimRow(zelensky).status).toBe('published');
  });

  it('refuses any UPDATE of a verdict row at the database', () => {
    expect(() => db.$client.prepare("UPDATE verdicts SET headline = 'rewritten' WHERE id = ?").run(published.id)).toThrow(/immutable/);
    expect(db.$client.prepare('SELECT * FROM verdicts WHERE id = ?').get(published.id)).toEqual(published);
  });

  it('retracts as version 3, retracting the claim and closing it to evidence', () => {
    const retraction = amendVerdict(db, admin, { claimId: zelensky, version: 3, kind: 'retraction', note: 'The figure was misattributed.' });
    expect(retraction).toMatchObject({ versionNumber: 3, kind: 'retraction', note: 'The figure was misattributed.' });
    expect(claimRow(zelensky).status).toBe('retracted');
    expect(loadClaimPage(db, editor, zelensky).verdict.versions.map((v) => [v.versionNumber, v.kind])).toEqual([
      [1, 'publication'],
      [2, 'correction'],
      [3, 'retraction'],
    ]);

    const before = tableCounts(db);
    expect(refusal(() => evidence(r1, zelensky, 'Late evidence')).code).toBe('conflict');
    expect(refusal(() => rate(r1, zelensky, 'inaccurate')).code).toBe('conflict');
    expect(tableCounts(db)).toEqual(before);
  });
});

describe('divergence by distance on the scale', () => {
  it('one step apart opens nothing, and a draft claim moves draft → in_review → ready', () => {
    const putin = recordClaim('Putin', 'Moscow and Pyongyang have signed a defence partnership treaty.');
    expect(claimRow(putin)).toEqual({ status: 'draft', disputed: 0 });
    rate(r1, putin, 'accurate');
    expect(claimRow(putin).status).toBe('in_review');
    evidence(r2, putin);
    expect(claimRow(putin).status).toBe('in_review');
    rate(r2, putin, 'mostly_accurate');
    expect(disagreementsOf(putin)).toEqual([]);
    expect(claimRow(putin)).toEqual({ status: 'ready', disputed: 0 });
  });

  it('unverifiable against accurate opens one reviewers’ disagreement', () => {
    const japan = recordClaim('Japan', 'Japan may impose similar restrictions.');
    evidence(r1, japan);
    rate(r1, japan, 'accurate');
    rate(r2, japan, 'unverifiable');
    expect(disagreementsOf(japan).map((d) => [d.kind, d.status])).toEqual([['reviewers', 'open']]);
    expect(claimRow(japan)).toEqual({ status: 'in_review', disputed: 1 });
  });

  it('keeps a disagreement between two others blind in the history of a reviewer who has not rated', () => {
    const riPongChun = recordClaim('MENAFN', 'Ri Pong Chun is reportedly leading troops at the front.');
    rate(r1, riPongChun, 'accurate');
    rate(editor, riPongChun, 'inaccurate');
    const page = loadClaimPage(db, r2, riPongChun);
    expect(page.assessments).toMatchObject({ revealed: false, all: [], count: 2 });
    expect(page.disagreements.map((d) => [d.kind, d.status])).toEqual([['reviewers', 'open']]);
    const history = page.history.map((h) => h.text);
    expect(history).toContain('A disagreement between reviewers opened automatically.');
    expect(history.filter((t) => /accurate|rated it/i.test(t))).toEqual([]);
    expect(page.disagreements[0]?.reason).not.toMatch(/accurate|rated/i);
  });

  it('lists every missing item for a claim nobody has worked on', () => {
    const g7 = recordClaim('G7', 'The G7 condemn the growing military collaboration between Russia and North Korea.');
    expect(refusal(() => publishVerdict(db, editor, { claimId: g7, version: 1 })).code).toBe('unprocessable');
    const draft = saveVerdictDraft(db, editor, VerdictDraftSave.parse({ claimId: g7 }));
    const before = tableCounts(db);
    const error = refusal(() => publishVerdict(db, editor, { claimId: g7, version: draft.version }));
    expect(error.fieldErrors).toEqual({
      _form: ['Attach at least one evidence item.', 'Needs 2 more assessments by different reviewers (0 of 2).'],
      label: ['Choose a rating label.'],
      headline: ['Write a headline.'],
      explanation: ['Write an explanation.'],
    });
    expect(tableCounts(db)).toEqual(before);
  });
});
