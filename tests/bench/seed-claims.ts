import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDatabase, type Db } from '@/db/open';
import { CLAIM_STATUSES, SOURCE_KINDS, type ClaimStatus } from '@/db/schema';
import { seededRandom } from '@/lib/insights/random';

/**
 * Deterministic synthetic claims for benchmarks: the same seed and count give the same database.
 * Usage: npx tsx --conditions=react-server tests/bench/seed-claims.ts --db <file> --count 100000 [--seed 1]
 */

/** Words the benchmark searches for, with the share of statements each appears in. */
export const BENCH_TERMS = {
  rare: { word: 'zeppelin', share: 0.0005 },
  common: { word: 'sanctions', share: 0.05 },
  veryCommon: { word: 'troops', share: 0.6 },
} as const;

/** The same seeded generator as the insights page's bootstrap (mulberry32), to spread synthetic data. */
export const createRng = seededRandom;

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;

/** Index into a list of n by Zipf's law (s ≈ 1): a few items very often, a long tail rarely. */
function zipfIndex(rng: Rng, n: number): number {
  return Math.min(n - 1, Math.floor(Math.exp(rng() * Math.log(n + 1))) - 1);
}

const SYLLABLES = [
  'ka', 'ro', 'vel', 'mir', 'to', 'shan', 'du', 'lek', 'ni', 'gor', 'pa', 'sev', 'ta', 'bri', 'ul', 'zan',
  'ost', 'ha', 'me', 'dri',
];
const FIRST_NAMES = [
  'Anna', 'Boris', 'Chen', 'Dmytro', 'Elena', 'Farid', 'Grace', 'Hyun', 'Ines', 'Jonas', 'Kim', 'Layla',
  'Marco', 'Nadia', 'Olu', 'Pavel', 'Quentin', 'Rosa', 'Sung', 'Tomas',
];
const SUBJECTS = [
  'The ministry', 'Officials', 'The government', 'A spokesperson', 'Analysts', 'The agency',
  'Intelligence officials', 'The minister', 'Diplomats', 'The embassy', 'Local authorities', 'The command',
];
const VERBS = [
  'said', 'claimed', 'estimated', 'reported', 'confirmed', 'denied', 'announced', 'warned', 'insisted',
  'suggested',
];
const QUANTIFIERS = [
  'as many as', 'more than', 'about', 'at least', 'nearly', 'up to', 'fewer than', 'roughly',
];
const UNITS = [
  'soldiers', 'tanks', 'missiles', 'drones', 'refugees', 'tonnes of grain', 'barrels of oil', 'banks',
  'companies', 'vessels', 'shells', 'workers',
];
const MOVES = [
  'have been sent to', 'could be deployed in', 'were moved to', 'arrived in', 'are stationed in', 'left',
  'were counted in', 'were seen near',
];
const TIMES = [
  'since October', 'last week', 'in 2024', 'by the end of the year', 'this month', 'over the summer',
  'before the talks', 'after the summit', 'in recent days', 'during the winter',
];
const ASIDES = [
  'according to satellite imagery', 'citing unnamed sources', 'in a televised address',
  'at a press briefing', 'in a statement on social media', 'in an interview with state media',
  'during a parliamentary hearing', 'in a leaked memo',
];

function pseudoWord(rng: Rng, syllables: number): string {
  let word = '';
  for (let i = 0; i < syllables; i += 1) word += pick(rng, SYLLABLES);
  return word;
}

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** The long tail: made-up place and topic names, used by Zipf rank like real names in the news. */
function buildVocabulary(rng: Rng, size: number): string[] {
  const words = new Set<string>();
  while (words.size < size) words.add(pseudoWord(rng, 2 + Math.floor(rng() * 3)));
  return [...words];
}

export interface SyntheticSource {
  name: string;
  kind: (typeof SOURCE_KINDS)[number];
}

function buildSources(rng: Rng, count: number, vocabulary: string[]): SyntheticSource[] {
  const seen = new Set<string>();
  const out: SyntheticSource[] = [];
  while (out.length < count) {
    const kind = pick(rng, SOURCE_KINDS);
    const place = capitalise(pick(rng, vocabulary));
    const name =
      kind === 'person'
        ? `${pick(rng, FIRST_NAMES)} ${capitalise(pseudoWord(rng, 2 + Math.floor(rng() * 2)))}`
        : kind === 'government'
          ? `Ministry of Defence of ${place}`
          : kind === 'media'
            ? `${place} ${pick(rng, ['Herald', 'Times', 'News Agency', 'Broadcasting', 'Post'])}`
            : `${place} ${pick(rng, ['Institute', 'Council', 'Alliance', 'Registry', 'Observatory'])}`;
    if (seen.has(`${kind}:${name}`)) continue;
    seen.add(`${kind}:${name}`);
    out.push({ name, kind });
  }
  return out;
}

export interface SyntheticClaim {
  statement: string;
  claimantIndex: number;
  claimedOn: string;
  status: ClaimStatus;
  disputed: boolean;
  publisherIndex: number;
}

const STATUS_WEIGHTS: Record<ClaimStatus, number> = { draft: 0.15, in_review: 0.25, ready: 0.1, published: 0.45, retracted: 0.05 };

function pickStatus(rng: Rng): ClaimStatus {
  let roll = rng();
  for (const status of CLAIM_STATUSES) {
    roll -= STATUS_WEIGHTS[status];
    if (roll < 0) return status;
  }
  return 'published';
}

function buildStatement(rng: Rng, vocabulary: string[]): string {
  const amount = Math.floor(10 ** (1 + rng() * 5)).toLocaleString('en-US');
  const unit = rng() < BENCH_TERMS.veryCommon.share ? BENCH_TERMS.veryCommon.word : pick(rng, UNITS);
  const place = capitalise(vocabulary[zipfIndex(rng, vocabulary.length)] ?? 'nowhere');
  const topic = vocabulary[zipfIndex(rng, vocabulary.length)] ?? 'nothing';
  const parts = [
    `${pick(rng, SUBJECTS)} ${pick(rng, VERBS)} ${pick(rng, QUANTIFIERS)} ${amount} ${unit} ${pick(rng, MOVES)} ${place} ${pick(rng, TIMES)}`,
  ];
  if (rng() < 0.5) parts.push(`${pick(rng, ASIDES)}`);
  if (rng() < BENCH_TERMS.common.share) parts.push(`amid new ${BENCH_TERMS.common.word} on ${topic} firms`);
  else if (rng() < 0.3) parts.push(`as the ${topic} dispute continued`);
  if (rng() < BENCH_TERMS.rare.share) parts.push(`and a ${BENCH_TERMS.rare.word} was sighted overhead`);
  return `${parts.join(', ')}.`;
}

/** The i-th claim of a run is dated later than the (i-1)-th, as ids and dates grow together. */
export function* generateClaims(count: number, seed = 1, sourceCount = 3000): Generator<SyntheticClaim> {
  const rng = createRng(seed * 7919 + 17);
  const vocabulary = buildVocabulary(createRng(seed), 4000);
  const start = Date.UTC(2015, 0, 1);
  const span = Date.UTC(2025, 0, 1) - start;
  for (let i = 0; i < count; i += 1) {
    yield {
      statement: buildStatement(rng, vocabulary),
      claimantIndex: zipfIndex(rng, sourceCount),
      claimedOn: new Date(start + Math.floor((span * i) / count)).toISOString().slice(0, 10),
      status: pickStatus(rng),
      disputed: rng() < 0.03,
      publisherIndex: Math.floor(rng() * sourceCount),
    };
  }
}

export interface SeedResult {
  claims: number;
  sources: number;
  seconds: number;
  rowsPerSecond: number;
}

/** Fills a migrated database with sources, claims and one appearance per claim. */
export function seedClaims(
  db: Db,
  options: { count: number; seed?: number; sourceCount?: number; batchSize?: number; onProgress?: (done: number) => void },
): SeedResult {
  const { count, seed = 1, sourceCount = 3000, batchSize = 5000 } = options;
  const started = performance.now();
  const client = db.$client;
  const sourceList = buildSources(createRng(seed + 1), sourceCount, buildVocabulary(createRng(seed), 4000));

  const insertSource = client.prepare('INSERT INTO sources (name, kind) VALUES (?, ?)');
  const sourceIds = client.transaction(() =>
    sourceList.map((source) => Number(insertSource.run(source.name, source.kind).lastInsertRowid)),
  )();

  const insertClaim = client.prepare(
    'INSERT INTO claims (statement, claimant_id, claimed_on, status, disputed, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertAppearance = client.prepare(
    'INSERT INTO appearances (claim_id, url, title, publisher_id, published_on, quote) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertBatch = client.transaction((batch: SyntheticClaim[]) => {
    for (const claim of batch) {
      const at = `${claim.claimedOn}T12:00:00.000Z`;
      const claimId = insertClaim.run(
        claim.statement,
        sourceIds[claim.claimantIndex],
        claim.claimedOn,
        claim.status,
        claim.disputed ? 1 : 0,
        at,
        at,
      ).lastInsertRowid;
      insertAppearance.run(
        claimId,
        `https://news.example/articles/${claimId}`,
        claim.statement.slice(0, 60),
        sourceIds[claim.publisherIndex],
        claim.claimedOn,
        claim.statement,
      );
    }
  });

  let batch: SyntheticClaim[] = [];
  let done = 0;
  for (const claim of generateClaims(count, seed, sourceCount)) {
    batch.push(claim);
    if (batch.length === batchSize) {
      insertBatch(batch);
      done += batch.length;
      batch = [];
      options.onProgress?.(done);
    }
  }
  if (batch.length > 0) insertBatch(batch);

  const seconds = (performance.now() - started) / 1000;
  return { claims: count, sources: sourceCount, seconds, rowsPerSecond: Math.round(count / seconds) };
}

function readArgs(argv: string[]): { db: string; count: number; seed: number } {
  const value = (name: string) => {
    const index = argv.indexOf(`--${name}`);
    return index === -1 ? undefined : argv[index + 1];
  };
  const db = value('db');
  const count = Number(value('count') ?? '100000');
  const seed = Number(value('seed') ?? '1');
  if (!db || !Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
    throw new Error('Usage: npx tsx --conditions=react-server tests/bench/seed-claims.ts --db <file> --count <n> [--seed <n>]');
  }
  return { db, count, seed };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = readArgs(process.argv.slice(2));
  const db = openDatabase(args.db);
  const existing = db.$client.prepare('SELECT count(*) AS n FROM claims').get() as { n: number };
  if (existing.n > 0) throw new Error(`${args.db} already holds ${existing.n} claims; seed an empty database.`);
  const result = seedClaims(db, { count: args.count, seed: args.seed });
  db.$client.close();
  console.log(
    `Seeded ${result.claims.toLocaleString('en-US')} claims (+ ${result.sources} sources, one appearance each) ` +
      `into ${args.db} in ${result.seconds.toFixed(1)} s: ${result.rowsPerSecond.toLocaleString('en-US')} claims/s`,
  );
}
