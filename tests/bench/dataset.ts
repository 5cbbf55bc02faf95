import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MIGRATIONS_FOLDER, openDatabase, type Db } from '@/db/open';
import { RATING_LABELS, STANCES, type ClaimStatus } from '@/db/schema';
import { createUser } from '@/lib/admin/users';
import { createRng, seedClaims } from './seed-claims';
import { prepareSnapshotOf } from './verdict-snapshot-sql';

/**
 * The benchmarks' one data generator: the claims, sources and appearances of seed-claims.ts, then
 * what a desk adds over the years — evidence, assessments (some changed), verdict versions
 * (corrections, retractions), drafts, disagreements with threads — each with the audit event the
 * domain functions would have written, so the claim page, its history and the API read realistic
 * rows. Every bench (claims list, pages, exports, writes, API, nginx) reads these data sets.
 *
 * Generated databases are cached in one folder by size, seed and a fingerprint of the generator
 * files and the migrations, so a re-run at a million claims does not wait minutes for the seed
 * again, and a change to either makes a new file instead of reusing a stale one.
 * Usage: npx tsx --conditions=react-server tests/bench/dataset.ts [--size 10k,100k,1m] [--seed 1] [--fresh]
 */

export const DATASET_SIZES = { '10k': 10_000, '100k': 100_000, '1m': 1_000_000 } as const;
const GENERATORS = ['dataset.ts', 'seed-claims.ts', 'verdict-snapshot-sql.ts'].map((file) => path.join(import.meta.dirname, file));

/** Signed-in users of the data set; the page benchmark signs in as the first. */
export const BENCH_PASSWORD = 'bench-password-1234';
export const BENCH_REVIEWER = 'bench@claimbench.test';
export const BENCH_EDITOR = 'bench-editor@claimbench.test';
const EXTRA_REVIEWERS = 11;

export function cacheDir(): string {
  return process.env.CLAIMBENCH_BENCH_CACHE ?? path.join(os.tmpdir(), 'claimbench-bench-cache');
}

/** Hash of the generator files and the migrations: what a cached data set was made by. */
export function datasetFingerprint(): string {
  const hash = createHash('sha256');
  for (const file of GENERATORS) hash.update(fs.readFileSync(file));
  for (const file of fs.readdirSync(MIGRATIONS_FOLDER).filter((name) => name.endsWith('.sql')).sort()) {
    hash.update(file).update(fs.readFileSync(path.join(MIGRATIONS_FOLDER, file)));
  }
  return hash.digest('hex').slice(0, 10);
}

export function datasetFile(count: number, seed = 1): string {
  return path.join(cacheDir(), `dataset-${count}-seed${seed}-${datasetFingerprint()}.db`);
}

export interface DatasetCounts {
  claims: number;
  /** Claims with a published verdict: published or retracted. */
  publicClaims: number;
  retracted: number;
  sources: number;
  evidence: number;
  assessments: number;
  verdicts: number;
  disagreements: number;
  auditEvents: number;
}

export interface Dataset {
  file: string;
  count: number;
  seed: number;
  /** Seconds spent generating; 0 when the cached file was used. */
  generatedSeconds: number;
  cached: boolean;
  counts: DatasetCounts;
  /** User ids by role, for benchmarks that act as them. */
  reviewerIds: number[];
  editorId: number;
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
const between = (rng: Rng, low: number, high: number) => low + Math.floor(rng() * (high - low + 1));

/** How much review work a claim in each status has seen: evidence items and reviewers who rated it. */
const WORK: Record<ClaimStatus, { evidence: [number, number]; raters: [number, number] }> = {
  draft: { evidence: [0, 1], raters: [0, 0] },
  in_review: { evidence: [1, 3], raters: [0, 2] },
  ready: { evidence: [2, 4], raters: [2, 3] },
  published: { evidence: [2, 5], raters: [2, 3] },
  retracted: { evidence: [2, 5], raters: [2, 3] },
};

const EVIDENCE_OUTLETS = ['reuters.example', 'apnews.example', 'bbc.example', 'gov.example', 'ngo.example', 'archive.example'];
const NOTES = ['', '', 'Primary source.', 'Contradicts the figure quoted.', 'Same figure, earlier date.', 'Satellite imagery, dated.'];
const RATIONALES = [
  'The figure matches the ministry’s own release.',
  'Two independent reports put the number far lower.',
  'Partly true: the count includes support staff.',
  'No primary source could be found for the figure.',
  'The claim conflates a projection with a reported fact.',
];

/** A rating near the claim's "true" label, as independent reviewers mostly agree. */
function nearbyLabel(rng: Rng, truth: number): (typeof RATING_LABELS)[number] {
  if (rng() < 0.04) return 'unverifiable';
  const step = rng() < 0.7 ? 0 : rng() < 0.5 ? -1 : 1;
  return RATING_LABELS[Math.min(4, Math.max(0, truth + step))] ?? 'mixed';
}

/** Adds the review work to a database that seedClaims filled: everything after the claims. */
function seedReviewWork(db: Db, seed: number, reviewerIds: number[], editorId: number, batchSize = 2000): Omit<DatasetCounts, 'claims' | 'publicClaims' | 'retracted' | 'sources'> {
  const client = db.$client;
  const rng = createRng(seed * 31 + 7);
  const sourceCount = client.prepare('SELECT count(*) FROM sources').pluck().get() as number;
  const claimsAfter = client.prepare('SELECT id, statement, status, disputed, created_at AS createdAt FROM claims WHERE id > ? ORDER BY id LIMIT ?');
  const insertEvidence = client.prepare(
    `INSERT INTO evidence (claim_id, url, title, publisher_id, published_on, quote_exact, quote_prefix, quote_suffix, stance, note,
       added_by, retracted_at, retracted_by, retraction_reason, created_at, updated_at, version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAssessment = client.prepare(
    'INSERT INTO assessments (claim_id, reviewer_id, label, confidence, rationale, created_at, superseded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertAssessmentCitation = client.prepare('INSERT INTO assessment_citations (assessment_id, evidence_id) VALUES (?, ?)');
  const insertVerdict = client.prepare(
    `INSERT INTO verdicts (claim_id, version_number, kind, label, headline, explanation, article_url, note, published_by, published_at, snapshot)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const snapshotOf = prepareSnapshotOf(client);
  const insertVerdictCitation = client.prepare('INSERT INTO verdict_citations (verdict_id, evidence_id) VALUES (?, ?)');
  const insertDraft = client.prepare(
    'INSERT INTO verdict_drafts (claim_id, label, headline, explanation, article_url, updated_by, updated_at, cited_evidence_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertDisagreement = client.prepare(
    `INSERT INTO disagreements (claim_id, kind, reason, status, opened_by, opened_at, trigger_key, updated_at) VALUES (?, 'reviewers', ?, 'open', NULL, ?, ?, ?)`,
  );
  const insertComment = client.prepare('INSERT INTO disagreement_comments (disagreement_id, author_id, body, created_at) VALUES (?, ?, ?, ?)');
  const insertAudit = client.prepare(
    'INSERT INTO audit_events (actor_user_id, action, entity_type, entity_id, claim_id, before, after, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const counts = { evidence: 0, assessments: 0, verdicts: 0, disagreements: 0, auditEvents: 0 };
  const audit = (actor: number | null, action: string, entityType: string, entityId: number | bigint, claimId: number, before: unknown, after: unknown, at: string) => {
    insertAudit.run(actor, action, entityType, entityId, claimId, before === null ? null : JSON.stringify(before), JSON.stringify(after), at);
    counts.auditEvents += 1;
  };

  type ClaimRow = { id: number; statement: string; status: ClaimStatus; disputed: number; createdAt: string };
  const addWork = client.transaction((rows: ClaimRow[]) => {
    for (const claim of rows) {
      const base = Date.parse(claim.createdAt);
      let minutes = 0;
      const at = () => new Date(base + (minutes += between(rng, 5, 600)) * 60_000).toISOString();
      audit(reviewerIds[claim.id % reviewerIds.length] ?? null, 'claim.create', 'claim', claim.id, claim.id, null, { id: claim.id, statement: claim.statement, status: 'draft' }, claim.createdAt);

      const work = WORK[claim.status];
      const evidenceIds: number[] = [];
      const nEvidence = between(rng, ...work.evidence);
      const words = claim.statement.split(' ');
      for (let i = 0; i < nEvidence; i += 1) {
        const addedBy = pick(rng, reviewerIds);
        const created = at();
        const cut = between(rng, 2, Math.max(2, words.length - 4));
        const row = {
          url: `https://${pick(rng, EVIDENCE_OUTLETS)}/${claim.id}/${i + 1}`,
          title: `Report on claim ${claim.id}: ${words.slice(0, 6).join(' ')}`,
          // Publishers by Zipf rank over the source ids (1…sourceCount in a fresh seed): a few outlets most often.
          publisherId: rng() < 0.85 ? Math.min(sourceCount, Math.floor(Math.exp(rng() * Math.log(sourceCount + 1)))) : null,
          publishedOn: created.slice(0, 10),
          quoteExact: words.slice(cut, cut + 4).join(' '),
          quotePrefix: words.slice(Math.max(0, cut - 3), cut).join(' '),
          quoteSuffix: words.slice(cut + 4, cut + 7).join(' '),
          stance: rng() < 0.45 ? STANCES[0] : rng() < 0.6 ? STANCES[1] : STANCES[2],
          note: pick(rng, NOTES),
        };
        const retracted = rng() < 0.02;
        const id = Number(
          insertEvidence.run(
            claim.id, row.url, row.title, row.publisherId, row.publishedOn, row.quoteExact, row.quotePrefix, row.quoteSuffix, row.stance, row.note,
            addedBy, retracted ? created : null, retracted ? addedBy : null, retracted ? 'Wrong document.' : null, created, created, retracted ? 2 : 1,
          ).lastInsertRowid,
        );
        counts.evidence += 1;
        audit(addedBy, 'evidence.create', 'evidence', id, claim.id, null, { id, claimId: claim.id, ...row }, created);
        if (retracted) audit(addedBy, 'evidence.retract', 'evidence', id, claim.id, { id, title: row.title }, { id, title: row.title, retractionReason: 'Wrong document.' }, created);
        else evidenceIds.push(id);
      }

      const truth = Math.floor(rng() * 5);
      const nRaters = between(rng, ...work.raters);
      const first = Math.floor(rng() * reviewerIds.length);
      for (let r = 0; r < nRaters; r += 1) {
        const reviewer = reviewerIds[(first + r) % reviewerIds.length] as number;
        let previous: { label: string; confidence: number } | null = null;
        const versions = rng() < 0.1 ? 2 : 1;
        for (let v = 0; v < versions; v += 1) {
          const created = at();
          const label = nearbyLabel(rng, truth);
          const confidence = between(rng, 40, 95);
          const current = v === versions - 1;
          const id = Number(
            insertAssessment.run(claim.id, reviewer, label, confidence, pick(rng, RATIONALES), created, current ? null : at()).lastInsertRowid,
          );
          const cited = evidenceIds.length > 0 && rng() < 0.6 ? [pick(rng, evidenceIds)] : [];
          for (const evidenceId of cited) insertAssessmentCitation.run(id, evidenceId);
          counts.assessments += 1;
          audit(reviewer, previous ? 'assessment.update' : 'assessment.create', 'assessment', id, claim.id, previous, { id, label, confidence, citedEvidenceIds: cited }, created);
          previous = { label, confidence };
        }
      }

      const label = RATING_LABELS[truth] ?? 'mixed';
      const articleUrl = `https://desk.example/fact-checks/${claim.id}`;
      if (claim.status === 'ready') {
        insertDraft.run(claim.id, label, `Claim ${claim.id}: ${label.replace(/_/g, ' ')}`, 'Draft explanation.', articleUrl, editorId, at(), JSON.stringify(evidenceIds.slice(0, 2)));
      }
      if (claim.status === 'published' || claim.status === 'retracted') {
        const versions: [string, string, string | null][] = [['publication', label, null]];
        if (claim.status === 'retracted') versions.push(['retraction', label, 'Withdrawn after new evidence.']);
        else if (rng() < 0.1) versions.push(['correction', nearbyLabel(rng, truth), 'Corrected a figure.']);
        versions.forEach(([kind, versionLabel, note], index) => {
          const published = at();
          const headline = `Claim ${claim.id} rated ${versionLabel.replace(/_/g, ' ')}`;
          const id = Number(
            insertVerdict.run(claim.id, index + 1, kind, versionLabel, headline, 'Why we rated it so, with the evidence.', articleUrl, note, editorId, published, snapshotOf(claim.id)).lastInsertRowid,
          );
          for (const evidenceId of evidenceIds.slice(0, 2)) insertVerdictCitation.run(id, evidenceId);
          counts.verdicts += 1;
          const action = kind === 'publication' ? 'verdict.publish' : kind === 'correction' ? 'verdict.correct' : 'verdict.retract';
          audit(editorId, action, 'verdict', id, claim.id, null, { id, versionNumber: index + 1, kind, label: versionLabel, headline, note }, published);
        });
      }

      if (claim.disputed) {
        const opened = at();
        const reason = 'Current assessments are two or more steps apart on the rating scale.';
        const id = Number(insertDisagreement.run(claim.id, reason, opened, `reviewers:${claim.id}`, opened).lastInsertRowid);
        counts.disagreements += 1;
        audit(null, 'disagreement.open_auto', 'disagreement', id, claim.id, null, { id, kind: 'reviewers', reason }, opened);
        const comments = between(rng, 1, 3);
        for (let c = 0; c < comments; c += 1) {
          const author = pick(rng, reviewerIds);
          const created = at();
          const commentId = insertComment.run(id, author, 'I read the second source differently; see the quote.', created).lastInsertRowid;
          audit(author, 'comment.create', 'comment', commentId, claim.id, null, { id: Number(commentId), disagreementId: id }, created);
        }
      }
    }
  });

  let afterId = 0;
  for (;;) {
    const rows = claimsAfter.all(afterId, batchSize) as ClaimRow[];
    const last = rows.at(-1);
    if (!last) break;
    addWork(rows);
    afterId = last.id;
  }
  return counts;
}

function readCounts(db: Db): DatasetCounts {
  const n = (table: string) => db.$client.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  return {
    claims: n('claims'),
    publicClaims: n("claims WHERE status IN ('published', 'retracted')"),
    retracted: n("claims WHERE status = 'retracted'"),
    sources: n('sources'),
    evidence: n('evidence'),
    assessments: n('assessments'),
    verdicts: n('verdicts'),
    disagreements: n('disagreements'),
    auditEvents: n('audit_events'),
  };
}

function readUsers(db: Db): { reviewerIds: number[]; editorId: number } {
  const rows = db.$client.prepare('SELECT id, role FROM users ORDER BY id').all() as { id: number; role: string }[];
  return { reviewerIds: rows.filter((r) => r.role === 'reviewer').map((r) => r.id), editorId: rows.find((r) => r.role === 'editor')?.id ?? 0 };
}

async function generate(file: string, count: number, seed: number, log: (line: string) => void): Promise<void> {
  // One partial file per process: two benchmarks generating the same data set at once must not
  // write into one file (the result would be corrupt); the first to finish wins, the other's is dropped.
  const partial = `${file}.${process.pid}.partial`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) fs.rmSync(f, { force: true });
  const db = openDatabase(partial);
  try {
    const seeded = seedClaims(db, {
      count,
      seed,
      onProgress: (done) => {
        if (done % 100_000 === 0) log(`  ${done.toLocaleString('en-US')} claims`);
      },
    });
    log(`  claims, sources and appearances in ${seeded.seconds.toFixed(1)} s`);
    const reviewer = await createUser(db, null, { email: BENCH_REVIEWER, name: 'Bench Reviewer', role: 'reviewer', password: BENCH_PASSWORD });
    const reviewerIds = [reviewer.id];
    for (let i = 1; i <= EXTRA_REVIEWERS; i += 1) {
      const user = await createUser(db, null, { email: `bench-reviewer-${i}@claimbench.test`, name: `Reviewer ${i}`, role: 'reviewer', password: BENCH_PASSWORD });
      reviewerIds.push(user.id);
    }
    const editor = await createUser(db, null, { email: BENCH_EDITOR, name: 'Bench Editor', role: 'editor', password: BENCH_PASSWORD });
    const started = performance.now();
    const work = seedReviewWork(db, seed, reviewerIds, editor.id);
    log(`  review work (${work.evidence.toLocaleString('en-US')} evidence, ${work.assessments.toLocaleString('en-US')} assessments, ` +
      `${work.verdicts.toLocaleString('en-US')} verdicts, ${work.auditEvents.toLocaleString('en-US')} audit events) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    db.$client.pragma('optimize');
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.$client.close();
  }
  for (const f of [`${partial}-wal`, `${partial}-shm`]) fs.rmSync(f, { force: true });
  if (fs.existsSync(file)) fs.rmSync(partial, { force: true });
  else fs.renameSync(partial, file);
  // Data sets of the same size and seed made by an older generator or older migrations are of no more use.
  const stem = `dataset-${count}-seed${seed}-`;
  for (const name of fs.readdirSync(path.dirname(file))) {
    if (name.startsWith(stem) && path.join(path.dirname(file), name) !== file && !/\.partial(-wal|-shm)?$/.test(name)) fs.rmSync(path.join(path.dirname(file), name), { force: true });
  }
}

/**
 * The data set of `count` claims, from the cache or generated into it. Benchmarks that write must
 * work on a copy (copyDataset) so the cached file stays as generated.
 */
export async function ensureDataset(count: number, options: { seed?: number; fresh?: boolean; log?: (line: string) => void } = {}): Promise<Dataset> {
  const { seed = 1, fresh = false, log = (line: string) => console.log(line) } = options;
  const file = datasetFile(count, seed);
  let generatedSeconds = 0;
  const cached = !fresh && fs.existsSync(file);
  if (!cached) {
    log(`Generating the ${count.toLocaleString('en-US')}-claim data set (seed ${seed}) into ${file}…`);
    const started = performance.now();
    await generate(file, count, seed, log);
    generatedSeconds = (performance.now() - started) / 1000;
    log(`  done in ${generatedSeconds.toFixed(1)} s`);
  }
  const db = openDatabase(file);
  try {
    return { file, count, seed, generatedSeconds, cached, counts: readCounts(db), ...readUsers(db) };
  } finally {
    db.$client.close();
  }
}

/**
 * A private copy of a cached data set, for benchmarks whose server or workers write (WAL, API key
 * use, assessments): into `dir` when given (the caller removes it), else a new temporary folder
 * that the returned function removes.
 */
export function copyDataset(dataset: Dataset, dir?: string): { file: string; remove: () => void } {
  const into = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-dataset-copy-'));
  const file = path.join(into, 'bench.db');
  fs.copyFileSync(dataset.file, file, fs.constants.COPYFILE_FICLONE);
  return { file, remove: () => (dir ? fs.rmSync(file, { force: true }) : fs.rmSync(into, { recursive: true, force: true })) };
}

export function describeDataset(dataset: Dataset): string {
  const c = dataset.counts;
  const n = (value: number) => value.toLocaleString('en-US');
  return (
    `${n(c.claims)} claims (${n(c.publicClaims)} public, ${n(c.retracted)} of them retracted; seed ${dataset.seed}), ${n(c.sources)} sources, ${n(c.evidence)} evidence items, ${n(c.assessments)} assessments, ` +
    `${n(c.verdicts)} verdict versions, ${n(c.disagreements)} disagreements, ${n(c.auditEvents)} audit events`
  );
}

/**
 * `--size 10k,100k,1m` (or counts) to a list of counts; the default when the flag is absent. The one
 * size flag of every bench: `--claims` and `--count`, which some benches took before, are refused by name.
 */
export function parseSizes(argv: string[], fallback: number[]): number[] {
  for (const old of ['--claims', '--count']) {
    if (argv.includes(old)) throw new Error(`${old} is no longer taken: every bench sizes its data set with --size (10k, 100k, 1m or a count, comma-separated)`);
  }
  const at = argv.indexOf('--size');
  if (at === -1) return fallback;
  const raw = argv[at + 1] ?? '';
  const sizes = raw.split(',').map((part) => {
    const key = part.trim().toLowerCase();
    const count = key in DATASET_SIZES ? DATASET_SIZES[key as keyof typeof DATASET_SIZES] : Number(key);
    if (!Number.isInteger(count) || count < 1) throw new Error(`--size takes 10k, 100k, 1m or a count, comma-separated; got "${raw}"`);
    return count;
  });
  return sizes;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const argv = process.argv.slice(2);
  const seedAt = argv.indexOf('--seed');
  const seed = seedAt === -1 ? 1 : Number(argv[seedAt + 1]);
  for (const count of parseSizes(argv, [100_000])) {
    const dataset = await ensureDataset(count, { seed, fresh: argv.includes('--fresh') });
    console.log(`${dataset.file}${dataset.cached ? ' (cached)' : ''}: ${describeDataset(dataset)}`);
  }
}
