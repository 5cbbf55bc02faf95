import { like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { claims, sources } from '@/db/schema';
import { seedDemo } from '@/lib/demo/seed';
import { recordAssessment } from '@/lib/review/assessments';
import { linkClaims } from '@/lib/claims/claim-links';
import { refreshReviewState } from '@/lib/review/review-state';
import { createClaim } from '@/lib/claims/claims';
import { resolveDisagreement } from '@/lib/review/disagreements';
import type { Actor } from '@/lib/auth/permissions';
import { AssessmentInput } from '@/lib/validation/assessment';
import { demoActors } from '../helpers/actors';
import { createTestDb } from '../helpers/test-db';

/** Sources' disagreements: contradicting links and figures that do not overlap. */

let db: Db;
let cleanup: () => void;
let reviewer: Actor;
let editor: Actor;

beforeAll(async () => {
  ({ db, cleanup } = createTestDb());
  await seedDemo(db);
  const desk = demoActors(db);
  reviewer = desk.reviewer1;
  editor = desk.editor;
});
afterAll(() => cleanup());

function claimId(fragment: string): number {
  const rows = db.select({ id: claims.id }).from(claims).where(like(claims.statement, `%${fragment}%`)).all();
  expect(rows).toHaveLength(1);
  return rows[0]!.id;
}
let serial = 0;
function recordClaim(statement: string): number {
  serial++;
  const claimantId = db.select({ id: sources.id }).from(sources).get()!.id;
  return createClaim(db, reviewer, {
    statement,
    claimantId,
    claimedOn: '2024-12-18',
    language: 'en',
    context: '',
    appearance: { url: `https://example.org/statement/${serial}`, title: 'Statement', quote: statement },
  }).id;
}
const disputed = (id: number) => (db.$client.prepare('SELECT disputed FROM claims WHERE id = ?').get(id) as { disputed: number }).disputed === 1;
interface DisagreementRow {
  id: number;
  claimId: number;
  relatedClaimId: number | null;
  kind: string;
  status: string;
  reason: string;
  version: number;
}
const disagreementsInvolving = (id: number) =>
  db.$client
    .prepare(
      `SELECT id, claim_id AS claimId, related_claim_id AS relatedClaimId, kind, status, reason, version
       FROM disagreements WHERE claim_id = ? OR related_claim_id = ? ORDER BY id`,
    )
    .all(id, id) as DisagreementRow[];
const auditCount = () => (db.$client.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n;

describe('a contradicts link', () => {
  it('between two claims without figures opens one sources’ disagreement and marks both disputed', () => {
    const putin = recordClaim('Moscow and Pyongyang have signed a defence partnership treaty.');
    const pledge = recordClaim('North Korea has no obligations under any treaty with Russia.');
    const { link, notice } = linkClaims(db, reviewer, { claimId: pledge, otherClaimId: putin, kind: 'contradicts', note: 'The terms differ.' });
    expect(notice).toBeNull();
    expect(disagreementsInvolving(pledge)).toEqual([
      expect.objectContaining({ claimId: pledge, relatedClaimId: putin, kind: 'sources', status: 'open', reason: `Linked as contradicting claim ${putin}. The terms differ.` }),
    ]);
    expect(disputed(pledge)).toBe(true);
    expect(disputed(putin)).toBe(true);

    const [row] = disagreementsInvolving(pledge);
    resolveDisagreement(db, editor, { disagreementId: row!.id, version: row!.version, resolution: 'Both describe the same treaty.' });
    expect(disputed(pledge)).toBe(false);
    expect(disputed(putin)).toBe(false);
    expect(link).toMatchObject({ fromClaimId: pledge, toClaimId: putin, kind: 'contradicts' });
  });

  it('between the Pentagon’s and Zelensky’s figures of different modality opens none and says why', () => {
    const pentagon = claimId('10,000 North Korean troops');
    const zelensky = claimId('100,000');
    // The seed may already have the desk's work on these claims: compare with their state before.
    const before = [pentagon, zelensky].map((id) => [disagreementsInvolving(id), disputed(id)]);
    const total = () => db.$client.prepare('SELECT count(*) AS n FROM disagreements').get();
    const totalBefore = total();
    const { notice } = linkClaims(db, reviewer, { claimId: pentagon, otherClaimId: zelensky, kind: 'contradicts', note: '' });
    expect(notice).toContain('Not directly comparable');
    expect(notice).toContain('different modality (estimate vs projection)');
    expect([pentagon, zelensky].map((id) => [disagreementsInvolving(id), disputed(id)])).toEqual(before);
    expect(total()).toEqual(totalBefore);
  });
});

describe('a third figure for the troops measure', () => {
  let pentagon: number;
  let zelensky: number;
  let third: number;

  beforeAll(() => {
    pentagon = claimId('10,000 North Korean troops');
    zelensky = claimId('100,000');
    const claimantId = db.select({ id: sources.id }).from(sources).where(like(sources.name, '%MENAFN%')).get()!.id;
    third = createClaim(db, reviewer, {
      statement: 'Exactly 50,000 North Korean troops have been sent to Russia.',
      claimantId,
      claimedOn: '2024-12-18',
      language: 'en',
      context: '',
      appearance: { url: 'https://example.org/troops-50000', title: 'Troop count', quote: '' },
      quantity: { measure: 'North Korean troops in Russia', bound: 'exact', value: 50000, unit: 'troops', modality: 'estimate', asOf: '2024-12-18' },
    }).id;
  });

  it('joins the seeded measure by its name', () => {
    const measureOf = (id: number) => (db.$client.prepare('SELECT measure_id AS m FROM quantities WHERE claim_id = ?').get(id) as { m: number }).m;
    expect(measureOf(third)).toBe(measureOf(pentagon));
  });

  it('opened, when created, a sources’ disagreement with the Pentagon’s non-overlapping estimate, naming both claims', () => {
    const found = disagreementsInvolving(third);
    expect(disagreementsInvolving(pentagon)).toEqual(expect.arrayContaining(found));
    expect(found).toEqual([
      expect.objectContaining({ claimId: Math.min(pentagon, third), relatedClaimId: Math.max(pentagon, third), kind: 'sources', status: 'open' }),
    ]);
    expect(found[0]!.reason).toContain(`claims ${Math.min(pentagon, third)} and ${Math.max(pentagon, third)}`);
    expect(disputed(third)).toBe(true);
    expect(disputed(pentagon)).toBe(true);
    // Zelensky's projection is a different proposition: no disagreement with it.
    expect(disagreementsInvolving(zelensky).filter((d) => d.claimId === third || d.relatedClaimId === third)).toEqual([]);
  });

  it('does not open it twice when the rules run again, by refresh or by an assessment', () => {
    const audits = auditCount();
    db.transaction((tx) => refreshReviewState(tx, reviewer, third));
    expect(auditCount()).toBe(audits);
    recordAssessment(db, reviewer, AssessmentInput.parse({ claimId: third, label: 'inaccurate', confidence: 60 }));
    expect(disagreementsInvolving(third)).toHaveLength(1);
  });

  it('clears both flags once resolved, and stays resolved while the figures are unchanged', () => {
    const [row] = disagreementsInvolving(third);
    resolveDisagreement(db, editor, { disagreementId: row!.id, version: row!.version, resolution: 'The 50,000 figure is unsourced.' });
    expect(disputed(third)).toBe(false);
    const otherOpen = disagreementsInvolving(pentagon).filter((d) => d.status === 'open');
    expect(disputed(pentagon)).toBe(otherOpen.length > 0);
    db.transaction((tx) => refreshReviewState(tx, reviewer, pentagon));
    expect(disagreementsInvolving(third).map((d) => d.status)).toEqual(['resolved']);
    expect(disputed(third)).toBe(false);
  });
});
