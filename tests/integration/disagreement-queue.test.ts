import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { listAssessedClaimIds } from '@/db/queries/queue';
import { seedDemo } from '@/lib/demo/seed';
import { recordAssessment } from '@/lib/review/assessments';
import { loadDisagreementQueue } from '@/lib/review/disagreement-queue';
import { openDisagreement } from '@/lib/review/disagreements';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/permissions';
import { createUser } from '@/lib/admin/users';
import { createTestDb } from '../helpers/test-db';
import { userActor } from '../helpers/actors';

let db: Db;
let cleanup: () => void;
let r1: Actor;
let r2: Actor;
let editor: Actor;
let newcomer: Actor;
/** Two claims nobody has rated yet (the demo data set changes; these tests do not depend on it). */
let claimA: number;
let claimB: number;

async function person(name: string, role: 'reviewer' | 'editor'): Promise<Actor> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}@example.test`;
  const u = await createUser(db, null, { email, name, role, password: 'queue-test-password-1' });
  return userActor(u);
}

beforeAll(async () => {
  ({ db, cleanup } = createTestDb());
  await seedDemo(db);
  r1 = await person('Queue Rosa', 'reviewer');
  r2 = await person('Queue Ravi', 'reviewer');
  editor = await person('Queue Edith', 'editor');
  newcomer = await person('Nia Newcomer', 'reviewer');
  const unrated = db.$client
    .prepare("SELECT id FROM claims WHERE status IN ('draft', 'in_review') AND id NOT IN (SELECT claim_id FROM assessments) ORDER BY id LIMIT 2")
    .all() as { id: number }[];
  expect(unrated).toHaveLength(2);
  [claimA, claimB] = [unrated[0]!.id, unrated[1]!.id];
  const rate = (who: Actor, claim: number, label: 'accurate' | 'mostly_inaccurate') =>
    recordAssessment(db, who, { claimId: claim, label, confidence: 70, rationale: '', citedEvidenceIds: [] });
  rate(r1, claimA, 'mostly_inaccurate');
  rate(r2, claimA, 'accurate');
  openDisagreement(db, r2, { claimId: claimB, reason: 'Queue Ravi rated this Accurate; the count is disputed.' });
});
afterAll(() => cleanup());

const reviewersOn = (items: ReturnType<typeof loadDisagreementQueue>, claim: number) =>
  items.filter((d) => d.claimId === claim && d.kind === 'reviewers');

describe('the disagreements queue and blind rating', () => {
  it('shows editors every reason, oldest first', () => {
    const items = loadDisagreementQueue(db, editor);
    expect(reviewersOn(items, claimA).every((d) => d.reason !== null)).toBe(true);
    expect(reviewersOn(items, claimB)[0]?.reason).toContain('Queue Ravi rated this');
    const opened = items.map((d) => `${d.openedAt}#${String(d.id).padStart(9, '0')}`);
    expect(opened).toEqual([...opened].sort());
  });

  it('hides a reviewers’ reason from a reviewer who has not assessed that claim', () => {
    const items = loadDisagreementQueue(db, newcomer);
    const hidden = [...reviewersOn(items, claimA), ...reviewersOn(items, claimB)];
    expect(hidden.length).toBeGreaterThanOrEqual(2);
    expect(hidden.every((d) => d.reason === null)).toBe(true);
    expect(JSON.stringify(items)).not.toMatch(/rated (it|this)/);
  });

  it('shows it once the reviewer holds a current assessment of the claim', () => {
    const items = loadDisagreementQueue(db, r1);
    expect(reviewersOn(items, claimA)[0]?.reason).toMatch(/Mostly inaccurate/);
    expect(reviewersOn(items, claimB)[0]?.reason).toBeNull();
  });

  it('lists only the disagreements a person is part of', () => {
    const mine = loadDisagreementQueue(db, r2, { participantId: r2.id });
    expect(mine.map((d) => d.claimId)).toEqual(expect.arrayContaining([claimA, claimB]));
    expect(loadDisagreementQueue(db, newcomer, { participantId: newcomer.id })).toEqual([]);
  });

  it('answers which of some claims a reviewer has assessed', () => {
    expect([...listAssessedClaimIds(db, r1.id, [claimA, claimB, claimA])]).toEqual([claimA]);
    expect(listAssessedClaimIds(db, r1.id, []).size).toBe(0);
  });

  it('refuses a machine without the read permission', () => {
    const key: Actor = { kind: 'api_key', id: 1, scopes: ['verdicts:read'], name: 'cms' };
    expect(() => loadDisagreementQueue(db, key)).toThrow(AppError);
  });
});
