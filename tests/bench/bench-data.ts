import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { MIGRATIONS_FOLDER, openDatabase } from '@/db/open';
import { seedReview, type ReviewSeedResult } from './review-seed';
import { seedClaims, type SeedResult } from './seed-claims';
import { seedVerdicts, type VerdictSeedResult } from './verdict-seed';

/**
 * The API and nginx benchmarks' data sets: seedClaims (claims, claimants, appearances), then
 * seedVerdicts (published verdicts, corrections, retractions), then seedReview (reviewers,
 * evidence, assessments, verdict citations), all from one seed. Generating a million claims takes
 * minutes, so each finished database is kept in $TMPDIR/claimbench-bench under a name made of the
 * claim count, the seed and a fingerprint of the generators and migrations: a re-run reuses it,
 * and a change to either makes a new one. Runs get a copy, so nothing they write leaks into the next.
 *   npx tsx tests/bench/bench-data.ts --claims 10000,100000,1000000 [--seed 1]   (generate ahead)
 */

export const BENCH_DATA_DIR = path.join(os.tmpdir(), 'claimbench-bench');
const GENERATORS = ['bench-data.ts', 'seed-claims.ts', 'verdict-seed.ts', 'review-seed.ts'].map((file) => path.join(import.meta.dirname, file));

export interface BenchDataSet {
  file: string;
  claims: number;
  seed: number;
  /** Row counts, read from the database so a reused file reports the same as a fresh one. */
  rows: Record<'publicClaims' | 'published' | 'retracted' | 'verdicts' | 'corrections' | 'evidence' | 'assessments' | 'verdictCitations', number>;
  /** Set when this call generated the file. */
  generated?: { claims: SeedResult; verdicts: VerdictSeedResult; review: ReviewSeedResult; seconds: number };
}

function fingerprint(): string {
  const hash = createHash('sha256');
  for (const file of GENERATORS) hash.update(fs.readFileSync(file));
  for (const file of fs.readdirSync(MIGRATIONS_FOLDER).filter((name) => name.endsWith('.sql')).sort()) {
    hash.update(file).update(fs.readFileSync(path.join(MIGRATIONS_FOLDER, file)));
  }
  return hash.digest('hex').slice(0, 10);
}

export function benchDataFile(claims: number, seed: number): string {
  return path.join(BENCH_DATA_DIR, `claims-${claims}-seed-${seed}-${fingerprint()}.db`);
}

function countRows(file: string): BenchDataSet['rows'] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    return {
      publicClaims: count("SELECT count(*) FROM claims WHERE status IN ('published', 'retracted')"),
      published: count("SELECT count(*) FROM claims WHERE status = 'published'"),
      retracted: count("SELECT count(*) FROM claims WHERE status = 'retracted'"),
      verdicts: count('SELECT count(*) FROM verdicts'),
      corrections: count("SELECT count(*) FROM verdicts WHERE kind = 'correction'"),
      evidence: count('SELECT count(*) FROM evidence'),
      assessments: count('SELECT count(*) FROM assessments'),
      verdictCitations: count('SELECT count(*) FROM verdict_citations'),
    };
  } finally {
    db.close();
  }
}

/** The cached data set for (claims, seed), generated first if it is not there yet. */
export function ensureBenchData(claims: number, seed = 1, log: (line: string) => void = console.log): BenchDataSet {
  const file = benchDataFile(claims, seed);
  if (fs.existsSync(file)) return { file, claims, seed, rows: countRows(file) };

  fs.mkdirSync(BENCH_DATA_DIR, { recursive: true });
  // Built under a private name and renamed when complete: an interrupted run leaves no half data set.
  const partial = `${file}.${process.pid}.partial`;
  const started = performance.now();
  const n = (value: number) => value.toLocaleString('en-US');
  log(`Generating ${n(claims)} claims (seed ${seed}) into ${file}…`);
  try {
    const db = openDatabase(partial);
    const claimsResult = seedClaims(db, {
      count: claims,
      seed,
      onProgress: (done) => done % 100_000 === 0 && log(`  ${n(done)} claims`),
    });
    // seedClaims leaves sources' and appearances' timestamps to the clock; fix them so that the
    // same seed gives the same rows.
    db.$client.exec(`UPDATE sources SET created_at = '2014-12-01T09:00:00.000Z', updated_at = '2014-12-01T09:00:00.000Z';
      UPDATE appearances SET created_at = published_on || 'T12:00:00.000Z', updated_at = published_on || 'T12:00:00.000Z';`);
    const verdicts = seedVerdicts(db, { seed });
    const review = seedReview(db, { seed });
    db.$client.pragma('optimize');
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    db.$client.pragma('journal_mode = DELETE'); // one self-contained file to copy
    db.$client.close();
    fs.renameSync(partial, file);
    // Data sets of the same size and seed from older generators or migrations are of no more use.
    const prefix = `claims-${claims}-seed-${seed}-`;
    for (const name of fs.readdirSync(BENCH_DATA_DIR)) {
      if (name.startsWith(prefix) && path.join(BENCH_DATA_DIR, name) !== file) fs.rmSync(path.join(BENCH_DATA_DIR, name), { force: true });
    }
    const seconds = (performance.now() - started) / 1000;
    log(`  done in ${seconds.toFixed(0)} s: ${n(review.evidence)} evidence items, ${n(review.assessments)} assessments, ${n(verdicts.verdicts)} verdict versions`);
    return { file, claims, seed, rows: countRows(file), generated: { claims: claimsResult, verdicts, review, seconds } };
  } finally {
    for (const leftover of [partial, `${partial}-wal`, `${partial}-shm`]) fs.rmSync(leftover, { force: true });
  }
}

/** A private copy of a data set for one run (the server may write: WAL, API key use, webhooks). */
export function copyBenchData(data: BenchDataSet, dir: string): string {
  const copy = path.join(dir, 'bench.db');
  fs.copyFileSync(data.file, copy, fs.constants.COPYFILE_FICLONE);
  return copy;
}

/** "10000,100000,1e6" → [10000, 100000, 1000000]; throws on anything else. */
export function parseClaimCounts(text: string): number[] {
  const counts = text.split(',').map((part) => Number(part.trim()));
  if (counts.length === 0 || !counts.every((count) => Number.isInteger(count) && count >= 100)) {
    throw new Error(`--claims takes whole numbers of at least 100, separated by commas (got "${text}")`);
  }
  return counts;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const value = (name: string) => {
    const index = process.argv.indexOf(`--${name}`);
    return index === -1 ? undefined : process.argv[index + 1];
  };
  const seed = Number(value('seed') ?? '1');
  if (!Number.isInteger(seed)) throw new Error('Usage: npx tsx tests/bench/bench-data.ts --claims 10000,100000 [--seed 1]');
  for (const claims of parseClaimCounts(value('claims') ?? '10000,100000')) {
    const data = ensureBenchData(claims, seed);
    console.log(`${data.file}: ${JSON.stringify(data.rows)}`);
  }
}
