import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { DEMO_CLAIMS } from '@/db/seed/demo-claims';
import { seedDemo } from '@/lib/demo/seed';
import { recordAssessment } from '@/lib/review/assessments';
import { loadDesk } from '@/lib/review/desk';
import { openDisagreement } from '@/lib/review/disagreements';
import { saveVerdictDraft } from '@/lib/verdicts/verdicts';
import { demoActors } from '../helpers/actors';
import { createTestDb } from '../helpers/test-db';

let db: Db;
let cleanup: () => void;
let desk: ReturnType<typeof demoActors>;
const id = (key: string) => {
  const statement = DEMO_CLAIMS.find((c) => c.key === key)?.statement;
  return db.$client.prepare('SELECT id FROM claims WHERE statement = ?').pluck().get(statement) as number;
};

beforeAll(async () => {
  ({ db, cleanup } = createTestDb());
  await seedDemo(db);
  desk = demoActors(db);
});
afterAll(() => cleanup());

function reviewerDesk(actor = desk.reviewer1) {
  const d = loadDesk(db, actor);
  if (d.role !== 'reviewer') throw new Error('expected a reviewer’s desk');
  return d;
}

function editorDesk() {
  const d = loadDesk(db, desk.editor);
  if (d.role !== 'editor') throw new Error('expected an editor’s desk');
  return d;
}

describe('each role’s desk shows its own next work (issue 14)', () => {
  it('gives a reviewer claims with evidence to rate apart from drafts that still need evidence, with counts', () => {
    const d = reviewerDesk();
    const toRate = d.readyToRate.rows.map((c) => c.id);
    expect(toRate).toContain(id('zelensky-troop-projection'));
    expect(toRate).not.toContain(id('pentagon-troop-estimate'));
    expect(toRate).not.toContain(id('ri-pong-chun-front-lines'));
    expect(d.needEvidence.rows.map((c) => c.id)).toContain(id('ri-pong-chun-front-lines'));
    expect(d.needEvidence.rows.map((c) => c.id)).not.toContain(id('zelensky-troop-projection'));
    expect(d.readyToRate.total).toBe(d.readyToRate.rows.length);
    expect(d.needEvidence.total).toBe(d.needEvidence.rows.length);
  });

  it('says each reviewer’s next step on a disagreement and how many comments it has', () => {
    const pentagon = id('pentagon-troop-estimate');
    const forR1 = reviewerDesk(desk.reviewer1).disagreements.rows.find((d) => d.claimId === pentagon);
    expect(forR1).toMatchObject({ comments: 3, nextStep: 'await-editor' });
    // A reviewer's own disagreement on a claim they have not rated: blind, so rating comes first.
    const g7 = id('g7-joint-statement');
    openDisagreement(db, desk.reviewer2, { claimId: g7, reason: 'Does the statement say "destabilise"?' });
    const forR2 = reviewerDesk(desk.reviewer2).disagreements.rows.find((d) => d.claimId === g7);
    expect(forR2).toMatchObject({ comments: 0, nextStep: 'rate-first', reason: null });
    recordAssessment(db, desk.reviewer2, { claimId: g7, label: 'accurate', confidence: 60, rationale: 'Matches.', citedEvidenceIds: [] });
    expect(reviewerDesk(desk.reviewer2).disagreements.rows.find((d) => d.claimId === g7)).toMatchObject({ nextStep: 'add-view' });
  });

  it('gives an editor every open disagreement, not only those they are part of, with the next step', () => {
    const d = editorDesk();
    const claims = d.disagreements.rows.map((row) => row.claimId);
    expect(claims).toEqual(expect.arrayContaining([id('pentagon-troop-estimate'), id('g7-joint-statement')]));
    expect(d.disagreements.total).toBe(2);
    expect(d.disagreements.rows.find((row) => row.claimId === id('g7-joint-statement'))).toMatchObject({ comments: 0, nextStep: 'await-views' });
    expect(d.disagreements.rows.find((row) => row.claimId === id('pentagon-troop-estimate'))).toMatchObject({ comments: 3, nextStep: 'resolve' });
  });

  it('gives an editor the claims ready to publish and the verdict drafts still to finish', () => {
    const zelensky = id('zelensky-troop-projection');
    const evidence = db.$client.prepare('SELECT id FROM evidence WHERE claim_id = ? ORDER BY id LIMIT 1').pluck().get(zelensky) as number;
    for (const reviewer of [desk.reviewer1, desk.reviewer2]) {
      recordAssessment(db, reviewer, { claimId: zelensky, label: 'mostly_inaccurate', confidence: 70, rationale: 'No basis.', citedEvidenceIds: [evidence] });
    }
    const pentagon = id('pentagon-troop-estimate');
    saveVerdictDraft(db, desk.editor, { claimId: pentagon, version: 0, label: 'mixed', headline: 'Half', explanation: '', citedEvidenceIds: [] });
    const d = editorDesk();
    expect(d.readyToPublish.rows.map((c) => [c.id, c.hasDraft])).toEqual([[zelensky, 0]]);
    expect(d.readyToPublish.total).toBe(1);
    expect(d.draftsToFinish.rows.map((c) => c.id)).toEqual([pentagon]);
    expect(d.recent.length).toBe(3);
  });
});
