import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { getClaimReviewInput } from '@/db/queries/claimreview';
import { getPublicVerdict } from '@/db/queries/public-verdicts';
import { DEMO_CLAIMS } from '@/db/seed/demo-claims';
import { RATING_LABELS, type RatingLabel } from '@/db/enums';
import { authenticateApiKey, createApiKey } from '@/lib/api/keys';
import { ApiKeyCreate } from '@/lib/validation/api-key';
import type { Actor } from '@/lib/auth/permissions';
import { seedDemo } from '@/lib/demo/seed';
import { AppError } from '@/lib/errors';
import { exportStream } from '@/lib/export/stream';
import { calibrate } from '@/lib/insights/calibration';
import { loadInsights } from '@/lib/insights/insights-page';
import { krippendorffAlpha, type UnitProfile } from '@/lib/insights/krippendorff';
import { loadRatingProcess } from '@/lib/insights/rating-process';
import { reviewerPseudonym } from '@/lib/insights/research-export';
import { recordAssessment } from '@/lib/review/assessments';
import { ExportQuery } from '@/lib/validation/export';
import { buildClaimReview } from '@/lib/verdicts/claimreview-jsonld';
import { demoActors, type UserActor } from '../helpers/actors';
import { createTestDb } from '../helpers/test-db';

let db: Db;
let cleanup: () => void;
let desk: Record<'reviewer1' | 'reviewer2' | 'reviewer3' | 'reviewer4' | 'editor' | 'admin', UserActor>;
const ORG = { name: 'Claimbench Desk', url: 'https://desk.example.org' };

const claimId = (key: string) => {
  const statement = DEMO_CLAIMS.find((c) => c.key === key)!.statement;
  return db.$client.prepare('SELECT id FROM claims WHERE statement = ?').pluck().get(statement) as number;
};

beforeAll(async () => {
  ({ db, cleanup } = createTestDb());
  await seedDemo(db);
  desk = demoActors(db) as typeof desk;
}, 60_000);
afterAll(() => cleanup());

/** Every claim's current labels, straight from the table, for alphas computed independently of the page's SQL. */
function currentProfiles(ordinal: boolean): UnitProfile[] {
  const rows = db.$client.prepare('SELECT claim_id AS claimId, label FROM assessments WHERE superseded_at IS NULL').all() as { claimId: number; label: RatingLabel }[];
  const labels = ordinal ? RATING_LABELS.slice(0, 5) : RATING_LABELS;
  const byClaim = new Map<number, number[]>();
  for (const row of rows) {
    const counts = byClaim.get(row.claimId) ?? labels.map(() => 0);
    const index = (labels as readonly string[]).indexOf(row.label);
    if (index >= 0) counts[index]! += 1;
    byClaim.set(row.claimId, counts);
  }
  return [...byClaim.values()].map((counts) => ({ counts, weight: 1 }));
}

async function readExport(actor: Actor, params: Record<string, string>): Promise<string> {
  const { stream } = exportStream(db, actor, ExportQuery.parse(params), { batchSize: 2 });
  return new Response(stream).text();
}

describe('the insights page', () => {
  it('shows editors the team’s alpha over every claim with two or more current ratings, with counts and an interval', () => {
    const data = loadInsights(db, desk.editor, { period: 'all' });
    const team = data.team!;
    const nominal = krippendorffAlpha(currentProfiles(false), [0, 1, 2, 3, 4, 5], 'nominal');
    const ordinal = krippendorffAlpha(currentProfiles(true), [5, 4, 3, 2, 1], 'ordinal');
    // Three published claims with 4, 3 and 4 ratings, and the Pentagon claim with 2 (the demo's others have fewer than two).
    expect(team.claims).toBeGreaterThanOrEqual(4);
    expect(team.nominal.units).toBe(team.claims);
    expect(team.nominal.alpha).toBeCloseTo(nominal.alpha!, 12);
    expect(team.ordinal.alpha).toBeCloseTo(ordinal.alpha!, 12);
    expect(team.nominal.pairable).toBe(nominal.pairable);
    expect(team.ordinal.interval === null || team.ordinal.interval.low <= team.ordinal.interval.high).toBe(true);
    expect(team.months.reduce((sum, m) => sum + m.claims, 0)).toBe(team.claims);
    expect(team.byKind.reduce((sum, m) => sum + m.claims, 0)).toBe(team.claims);
    // The same data gives the same page.
    expect(loadInsights(db, desk.admin, { period: 'all' }).team).toEqual(team);
  });

  it('gives each reviewer’s calibration against the published verdicts, and the team’s', () => {
    const data = loadInsights(db, desk.editor, { period: 'all' });
    const rows = db.$client
      .prepare(
        `SELECT a.label, v.label AS verdict, a.confidence FROM assessments a JOIN claims c ON c.id = a.claim_id AND c.status = 'published'
         JOIN verdicts v ON v.claim_id = a.claim_id AND v.version_number = (SELECT max(version_number) FROM verdicts WHERE claim_id = a.claim_id)
         WHERE a.superseded_at IS NULL AND a.reviewer_id = ?`,
      )
      .all(desk.reviewer4.id) as { label: RatingLabel; verdict: RatingLabel; confidence: number }[];
    const remy = data.reviewers.find((r) => r.reviewerId === desk.reviewer4.id)!;
    expect(remy.calibration).toEqual(calibrate(rows));
    // Remy rated the treasury claim "mostly accurate" (verdict accurate) and South Korea "accurate": one exact, bias −0.5.
    expect(remy.calibration).toMatchObject({ count: 2, exact: 1, withinOne: 2, bias: -0.5 });
    expect(data.team!.calibration.count).toBe(data.reviewers.reduce((sum, r) => sum + r.calibration.count, 0));
  });

  it('shows a reviewer only their own calibration, never the team’s agreement or anyone else’s figures', () => {
    const data = loadInsights(db, desk.reviewer3, { period: 'all' });
    expect(data.team).toBeNull();
    expect(data.reviewers.map((r) => r.reviewerId)).toEqual([desk.reviewer3.id]);
    expect(data.reviewers[0]!.calibration.count).toBe(3);
  });

  it('keeps ratings outside the period out', () => {
    const later = new Date(Date.now() + 400 * 86_400_000);
    const data = loadInsights(db, desk.editor, { period: '30d', now: later });
    expect(data.team!.claims).toBe(0);
    expect(data.team!.nominal).toMatchObject({ alpha: null, reason: 'too_few_units' });
    expect(data.reviewers).toEqual([]);
  });

  it('is computed again once the data changes', () => {
    const before = loadInsights(db, desk.editor, { period: 'all' }).team!.claims;
    recordAssessment(db, desk.reviewer3, { claimId: claimId('pentagon-troop-estimate'), label: 'mixed', confidence: 60, rationale: '', citedEvidenceIds: [] });
    const after = loadInsights(db, desk.editor, { period: 'all' }).team!;
    expect(after.claims).toBe(before);
    expect(after.nominal.pairable).toBe(loadInsights(db, desk.admin, { period: 'all' }).team!.nominal.pairable);
    expect(after.nominal.alpha).toBeCloseTo(krippendorffAlpha(currentProfiles(false), [0, 1, 2, 3, 4, 5], 'nominal').alpha!, 12);
  });
});

describe('the method note of a published verdict', () => {
  it('is frozen into the snapshot at publication: the public page and ClaimReview’s reviewBody carry it, without names', () => {
    const id = claimId('us-treasury-sanctions');
    const page = getPublicVerdict(db, id)!;
    expect(page.method).toEqual({ assessments: 4, matched: 3, resolvedDisagreements: 0, labels: { accurate: 3, mostly_accurate: 1 } });
    const review = buildClaimReview(getClaimReviewInput(db, id)!, ORG, 'https://verdicts.example.org')!;
    const note = 'Rated independently by four reviewers who could not see each other’s ratings; three matched the published rating.';
    expect(review.reviewBody).toBe(`${page.current.explanation}\n\n${note}`);
    for (const name of ['Rosa', 'Ravi', 'Rhea', 'Remy']) expect(JSON.stringify(review)).not.toContain(name);
    // Nothing but the properties ClaimReview already had.
    expect(Object.keys(review).sort()).toEqual(['@context', '@type', 'author', 'claimReviewed', 'datePublished', 'itemReviewed', 'headline', 'reviewBody', 'reviewRating', 'url'].sort());
  });

  it('describes the rating as it was when the version was published, whatever changed since', () => {
    const id = claimId('eu-no-kwang-chol');
    const before = getPublicVerdict(db, id)!.method;
    expect(before).toMatchObject({ assessments: 3, matched: 1 });
    expect(() =>
      recordAssessment(db, desk.reviewer4, { claimId: id, label: 'accurate', confidence: 90, rationale: '', citedEvidenceIds: [] }),
    ).toThrow(AppError);
    expect(getPublicVerdict(db, id)!.method).toEqual(before);
  });

  it('is absent from versions published before it was kept, which show no note', () => {
    const id = claimId('putin-defence-treaty');
    const snapshot = JSON.stringify({ claim: { statement: 'S', claimedOn: '2024-12-18', language: 'en' }, claimant: { name: 'C', kind: 'person', url: null }, appearances: [], evidence: [] });
    db.$client
      .prepare("INSERT INTO verdicts (claim_id, version_number, kind, label, headline, explanation, snapshot) VALUES (?, 1, 'publication', 'mixed', 'H', 'The explanation.', ?)")
      .run(id, snapshot);
    expect(getPublicVerdict(db, id)!.method).toBeNull();
    expect(buildClaimReview(getClaimReviewInput(db, id)!, ORG, 'https://verdicts.example.org')!.reviewBody).toBe('The explanation.');
  });
});

describe('how the rating was reached, on the claim page', () => {
  it('is shown after publication to editors and to reviewers who rated, never before publication or to a blind reviewer', () => {
    const published = { id: claimId('eu-no-kwang-chol'), status: 'published' };
    expect(loadRatingProcess(db, desk.editor, published)).toMatchObject({ assessments: 3, matched: 1, verdict: 'accurate' });
    expect(loadRatingProcess(db, desk.reviewer3, published)).not.toBeNull();
    expect(loadRatingProcess(db, desk.reviewer4, published)).toBeNull();
    expect(loadRatingProcess(db, desk.editor, { id: claimId('pentagon-troop-estimate'), status: 'in_review' })).toBeNull();
  });
});

describe('the researchers’ export', () => {
  it('has one row per current assessment of a published claim, reviewers as stable pseudonyms', async () => {
    const first = await readExport(desk.editor, { format: 'assessments' });
    const second = await readExport(desk.admin, { format: 'assessments' });
    expect(second).toBe(first);
    const lines = first.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('assessment_id,claim_id,statement,reviewer,label,step,confidence,submitted_at,verdict_label,verdict_step');
    const published = db.$client
      .prepare("SELECT count(*) FROM assessments a JOIN claims c ON c.id = a.claim_id WHERE c.status = 'published' AND a.superseded_at IS NULL")
      .pluck()
      .get() as number;
    expect(lines).toHaveLength(published + 1);
    for (const name of ['Rosa', 'Ravi', 'Rhea', 'Remy']) expect(first).not.toContain(name);
    expect(first).toContain(reviewerPseudonym(desk.reviewer1.id));
    expect(reviewerPseudonym(desk.reviewer1.id)).not.toBe(reviewerPseudonym(desk.reviewer2.id));
  });

  it('gives names only when asked, and records that in the audit log', async () => {
    const audits = () => db.$client.prepare("SELECT count(*) FROM audit_events WHERE action = 'assessment.export_names'").pluck().get() as number;
    expect(audits()).toBe(0);
    const named = await readExport(desk.editor, { format: 'assessments', names: '1' });
    expect(named).toContain('Rosa Reviewer');
    expect(audits()).toBe(1);
  });

  it('refuses reviewers and API keys', async () => {
    await expect(readExport(desk.reviewer1, { format: 'assessments' })).rejects.toThrow(AppError);
    const { key } = createApiKey(db, desk.editor, ApiKeyCreate.parse({ name: 'research', scopes: ['export:read'] }));
    const actor = authenticateApiKey(db, key);
    await expect(readExport(actor, { format: 'assessments' })).rejects.toThrow(/permission/);
  });
});
