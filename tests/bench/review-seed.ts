import type { Db } from '@/db/open';
import { RATING_LABELS, STANCES, type ClaimStatus, type RatingLabel } from '@/db/schema';
import { createRng } from './seed-claims';

/**
 * The review work behind the synthetic claims of seedClaims + seedVerdicts, in the proportions of
 * a working desk: a pool of reviewers and editors; evidence on most claims (2-5 items on a
 * published or retracted claim, 2-4 on one ready to publish, 0-3 in review, rarely any on a draft;
 * refuting material the most common, one item in fifty retracted with a reason); two or three
 * current assessments by different reviewers on every claim past review, one or two in review,
 * a quarter with an earlier assessment the reviewer has since changed, most citing evidence;
 * and every published verdict version citing one to three of its claim's live evidence items
 * (retractions cite nothing). Runs after seedVerdicts, since it follows each claim's final status.
 * Deterministic: the same seed and the same database give the same rows.
 */

export interface ReviewSeedResult {
  users: number;
  evidence: number;
  assessments: number;
  verdictCitations: number;
  seconds: number;
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
const between = (rng: Rng, low: number, high: number) => low + Math.floor(rng() * (high - low + 1));
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** How many evidence items and current assessments a claim has at each status. */
const WORK: Record<ClaimStatus, { evidence: [number, number]; assessments: [number, number] }> = {
  draft: { evidence: [0, 1], assessments: [0, 0] },
  in_review: { evidence: [0, 3], assessments: [1, 2] },
  ready: { evidence: [2, 4], assessments: [2, 3] },
  published: { evidence: [2, 5], assessments: [2, 3] },
  retracted: { evidence: [2, 5], assessments: [2, 3] },
};
const DRAFT_EVIDENCE_SHARE = 0.2;

const OUTLETS = ['reuters.example', 'apnews.example', 'gov-records.example', 'un-docs.example', 'satellite-watch.example', 'stats-office.example'];
const DOCUMENTS = ['Briefing transcript', 'Official statement', 'Satellite imagery analysis', 'Treasury press release', 'UN Security Council record', 'Parliamentary hearing transcript', 'Statistical bulletin', 'Interview transcript'];
const FINDINGS = [
  'the figure cited was an upper bound, not a count',
  'no official source gives a number above a tenth of that',
  'the statement was made about a different period',
  'the agency later revised its estimate downwards',
  'the quoted official confirmed the number on the record',
  'independent monitors reported a comparable total',
  'the document names the same units and dates',
  'the claim conflates deployed and pledged personnel',
];
const CONTEXT_WORDS = ['According to the report,', 'In its statement,', 'The briefing noted that', 'Officials told reporters that', 'The record shows that'];
const RATIONALES = [
  'The strongest evidence contradicts the number given; the source cited does not support it.',
  'Two independent records agree with the claim, but the wording overstates their certainty.',
  'The figure is plausible but rests on a single unnamed source.',
  'Official data for the period matches the claim within rounding.',
  'The claim mixes an estimate with a confirmed count; the estimate is not supported.',
];
/** Refuting material is what a fact-check desk finds most. */
const STANCE_WEIGHTS: [(typeof STANCES)[number], number][] = [
  ['refutes', 0.45],
  ['supports', 0.3],
  ['adds_context', 0.25],
];

function pickStance(rng: Rng): (typeof STANCES)[number] {
  let roll = rng();
  for (const [stance, weight] of STANCE_WEIGHTS) {
    roll -= weight;
    if (roll < 0) return stance;
  }
  return 'adds_context';
}

/** A label near the verdict's (reviewers mostly agree with what gets published), or anywhere. */
function nearLabel(rng: Rng, around: RatingLabel | undefined): RatingLabel {
  if (!around || rng() < 0.2) return pick(rng, RATING_LABELS);
  const index = RATING_LABELS.indexOf(around);
  if (around === 'unverifiable' || rng() < 0.6) return around;
  const step = Math.max(0, Math.min(4, index + (rng() < 0.5 ? -1 : 1)));
  return RATING_LABELS[step] ?? around;
}

export function seedReview(db: Db, options: { seed?: number; reviewers?: number; editors?: number; batchSize?: number } = {}): ReviewSeedResult {
  const { seed = 1, reviewers = 36, editors = 6, batchSize = 2000 } = options;
  const started = performance.now();
  const client = db.$client;
  const rng = createRng(seed + 707);
  const result: ReviewSeedResult = { users: 0, evidence: 0, assessments: 0, verdictCitations: 0, seconds: 0 };

  // People: nobody can sign in as them (the hash is not in the password module's format).
  const insertUser = client.prepare("INSERT INTO users (email, name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, '!bench', ?, ?)");
  const at = '2014-12-01T09:00:00.000Z';
  const people = (role: string, count: number) =>
    Array.from({ length: count }, (_, i) => Number(insertUser.run(`${role}${i + 1}@bench.claimbench.test`, `Bench ${role} ${i + 1}`, role, at, at).lastInsertRowid));
  const reviewerIds = client.transaction(() => people('reviewer', reviewers))();
  const editorIds = client.transaction(() => people('editor', editors))();
  result.users = reviewerIds.length + editorIds.length;
  const desk = [...reviewerIds, ...editorIds];
  const sourceCount = client.prepare('SELECT count(*) FROM sources').pluck().get() as number;

  const page = client.prepare('SELECT id, status, claimed_on AS claimedOn FROM claims WHERE id > ? ORDER BY id LIMIT ?');
  const versionsOf = client.prepare('SELECT id, kind, label, published_at AS publishedAt FROM verdicts WHERE claim_id = ? ORDER BY version_number');
  const insertEvidence = client.prepare(
    `INSERT INTO evidence (claim_id, url, title, publisher_id, published_on, quote_exact, quote_prefix, quote_suffix, stance, note, added_by,
       retracted_at, retracted_by, retraction_reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAssessment = client.prepare(
    'INSERT INTO assessments (claim_id, reviewer_id, label, confidence, rationale, created_at, superseded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const citeInAssessment = client.prepare('INSERT INTO assessment_citations (assessment_id, evidence_id) VALUES (?, ?)');
  const citeInVerdict = client.prepare('INSERT INTO verdict_citations (verdict_id, evidence_id) VALUES (?, ?)');

  type ClaimRow = { id: number; status: ClaimStatus; claimedOn: string };
  type VersionRow = { id: number; kind: string; label: RatingLabel; publishedAt: string };

  function seedClaim(claim: ClaimRow): void {
    const work = WORK[claim.status];
    const madeAt = Date.parse(`${claim.claimedOn}T12:00:00.000Z`);
    const versions = claim.status === 'published' || claim.status === 'retracted' ? (versionsOf.all(claim.id) as VersionRow[]) : [];
    // Review happens before the first publication; without one, within a fortnight of the claim.
    const deadline = versions[0] ? Date.parse(versions[0].publishedAt) : madeAt + 14 * DAY;
    const when = () => new Date(madeAt + Math.floor(rng() * (deadline - madeAt))).toISOString();

    const evidenceCount = claim.status === 'draft' && rng() >= DRAFT_EVIDENCE_SHARE ? 0 : between(rng, ...work.evidence);
    const live: number[] = [];
    for (let k = 0; k < evidenceCount; k += 1) {
      const created = when();
      const document = pick(rng, DOCUMENTS);
      const retracted = rng() < 0.02;
      const id = Number(
        insertEvidence.run(
          claim.id,
          `https://${pick(rng, OUTLETS)}/${claim.id}/${k + 1}`,
          `${document} on claim ${claim.id}`,
          1 + Math.floor(rng() * sourceCount),
          created.slice(0, 10),
          `${pick(rng, CONTEXT_WORDS)} ${pick(rng, FINDINGS)}, and ${pick(rng, FINDINGS)}.`,
          `${pick(rng, DOCUMENTS)}, page ${between(rng, 1, 40)}: `,
          ` (${between(rng, 1, 12)} footnotes follow)`,
          pickStance(rng),
          rng() < 0.3 ? `Checked against ${pick(rng, DOCUMENTS).toLowerCase()}.` : '',
          pick(rng, desk),
          retracted ? created : null,
          retracted ? pick(rng, editorIds) : null,
          retracted ? 'The link pointed at a different document.' : null,
          created,
          created,
        ).lastInsertRowid,
      );
      if (!retracted) live.push(id);
    }

    const cite = (statement: typeof citeInAssessment, ownerId: number, count: number) => {
      const chosen = new Set<number>();
      for (let k = 0; k < count && live.length > 0; k += 1) chosen.add(pick(rng, live));
      for (const evidenceId of chosen) statement.run(ownerId, evidenceId);
      return chosen.size;
    };

    const assessmentCount = between(rng, ...work.assessments);
    const panel = new Set<number>();
    while (panel.size < assessmentCount) panel.add(pick(rng, reviewerIds));
    for (const reviewer of panel) {
      const created = when();
      if (rng() < 0.25) {
        insertAssessment.run(claim.id, reviewer, pick(rng, RATING_LABELS), between(rng, 30, 80), pick(rng, RATIONALES), created, created);
        result.assessments += 1;
      }
      const label = nearLabel(rng, versions[0]?.label);
      const id = Number(insertAssessment.run(claim.id, reviewer, label, between(rng, 40, 95), pick(rng, RATIONALES), created, null).lastInsertRowid);
      result.assessments += 1;
      if (rng() < 0.7) cite(citeInAssessment, id, between(rng, 1, 2));
    }

    for (const version of versions) {
      if (version.kind !== 'retraction') result.verdictCitations += cite(citeInVerdict, version.id, between(rng, 1, 3));
    }
    result.evidence += evidenceCount;
  }

  const seedBatch = client.transaction((rows: ClaimRow[]) => rows.forEach(seedClaim));
  let afterId = 0;
  for (;;) {
    const rows = page.all(afterId, batchSize) as ClaimRow[];
    const last = rows.at(-1);
    if (!last) break;
    seedBatch(rows);
    afterId = last.id;
  }
  // A published claim had no open disagreement when it was published (the readiness rule).
  client.prepare("UPDATE claims SET disputed = 0 WHERE status IN ('published', 'retracted') AND disputed = 1").run();
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
