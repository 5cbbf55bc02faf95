import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { listClaims } from '@/lib/claims/claim-list';
import { findSourcesNamed, listClaimantSuggestions, listPublisherSuggestions } from '@/db/queries/sources';
import { openDatabase, type Db } from '@/db/open';
import type { Actor } from '@/lib/auth/permissions';
import { ClaimListQuery } from '@/lib/validation/claim-list';
import { describeDataset, ensureDataset, parseSizes } from './dataset';
import { BENCH_TERMS, seedClaims, type SeedResult } from './seed-claims';

/**
 * Times listClaims on a database of N synthetic claims and prints p50/p99 per scenario.
 * Usage: npx tsx --conditions=react-server tests/bench/claims-list.ts [--db <seeded file>] [--count 100000] [--runs 200]
 * A benchmark, not a test: it reports numbers and never fails on time.
 */

const actor: Actor = { kind: 'user', id: 1, role: 'reviewer', name: 'Bench', email: 'bench@example.org' };
const TARGET_PAGE = 500;
const SEARCH_RUNS = 1000;

export interface ScenarioResult {
  name: string;
  rows: number;
  p50: number;
  p99: number;
  max: number;
  /** CPU time of the call (process.cpuUsage): what the call costs, without waiting for a busy CPU. */
  cpuP50: number;
  cpuP99: number;
}

interface Scenario {
  name: string;
  run: () => number;
  /** More runs for the searches, whose p99 has a target. */
  runs?: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

function time(scenario: Scenario, runs: number, warmup: number): ScenarioResult {
  let rows = 0;
  for (let i = 0; i < warmup; i += 1) rows = scenario.run();
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  for (let i = 0; i < (scenario.runs ?? runs); i += 1) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    scenario.run();
    samples.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    cpuSamples.push((used.user + used.system) / 1000);
  }
  samples.sort((a, b) => a - b);
  cpuSamples.sort((a, b) => a - b);
  return {
    name: scenario.name,
    rows,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    max: samples.at(-1) ?? Number.NaN,
    cpuP50: percentile(cpuSamples, 50),
    cpuP99: percentile(cpuSamples, 99),
  };
}

const page = (db: Db, params: Record<string, string>) => listClaims(db, actor, ClaimListQuery.parse(params));

/** Walks cursors once to the target page, so the timed fetch is that page alone. */
function cursorForPage(db: Db, params: Record<string, string>, target: number): { cursor: string | undefined; reached: number } {
  let cursor: string | undefined;
  let reached = 1;
  while (reached < target) {
    const next = page(db, cursor === undefined ? params : { ...params, cursor }).nextCursor;
    if (next === null) break;
    cursor = next;
    reached += 1;
  }
  return { cursor, reached };
}

/**
 * The claimant at a rank by claim count (or the last one, in a small database): the 10th is
 * prolific, the 2,000th has a handful of claims.
 */
function claimantRanked(db: Db, rank: number): { id: string; claims: number } {
  const rows = db.$client
    .prepare('SELECT claimant_id AS id, count(*) AS n FROM claims GROUP BY claimant_id ORDER BY n DESC, id LIMIT ?')
    .all(rank) as { id: number; n: number }[];
  const row = rows.at(-1);
  return { id: String(row?.id ?? 1), claims: row?.n ?? 0 };
}

const claimsLabel = (n: number) => `${n.toLocaleString('en-US')} claim${n === 1 ? '' : 's'}`;

export function benchClaimsList(db: Db, options: { runs?: number; warmup?: number } = {}): ScenarioResult[] {
  const { runs = 200, warmup = 10 } = options;
  const listed = (name: string, params: Record<string, string>): Scenario => ({
    name,
    run: () => page(db, params).items.length,
  });
  const busy = claimantRanked(db, 10);
  const quiet = claimantRanked(db, 2000);
  const deep = cursorForPage(db, {}, TARGET_PAGE);
  const deepSearch = cursorForPage(db, { q: BENCH_TERMS.veryCommon.word }, TARGET_PAGE);
  const withCursor = (params: Record<string, string>, cursor: string | undefined) =>
    cursor === undefined ? params : { ...params, cursor };

  const { rare, common, veryCommon } = BENCH_TERMS;
  const searched = (name: string, q: string): Scenario => ({ ...listed(name, { q }), runs: SEARCH_RUNS });
  const typedName = db.$client.prepare('SELECT name FROM sources WHERE id = ?').pluck().get(busy.id) as string;
  const scenarios: Scenario[] = [
    listed('page 1', {}),
    listed(`page ${deep.reached} (cursor)`, withCursor({}, deep.cursor)),
    listed('status = ready', { status: 'ready' }),
    listed(`claimant with ${claimsLabel(busy.claims)}`, { claimant: busy.id }),
    listed('disputed', { disputed: '1' }),
    searched(`search rare "${rare.word}"`, rare.word),
    searched(`search common "${common.word}"`, common.word),
    searched(`search very common "${veryCommon.word}"`, veryCommon.word),
    listed(`search "${veryCommon.word}", page ${deepSearch.reached}`, withCursor({ q: veryCommon.word }, deepSearch.cursor)),
    listed(`search "${veryCommon.word}" + status = retracted`, { q: veryCommon.word, status: 'retracted' }),
    listed(`search "${veryCommon.word}" + claimant with ${claimsLabel(quiet.claims)}`, { q: veryCommon.word, claimant: quiet.id }),
    listed('search prefix "sanc" (typing)', { q: 'sanc' }),
    listed(`search two words "${veryCommon.word} ${common.word}"`, { q: `${veryCommon.word} ${common.word}` }),
    { name: 'claimant suggestions (filter datalist)', run: () => listClaimantSuggestions(db).length },
    { name: 'publisher suggestions (claim page datalist)', run: () => listPublisherSuggestions(db).length },
    { name: 'a typed source name resolved (case-insensitive)', run: () => findSourcesNamed(db, typedName.toUpperCase()).length },
  ];
  return scenarios.map((scenario) => time(scenario, runs, warmup));
}

export function formatTable(results: ScenarioResult[]): string {
  const ms = (value: number) => value.toFixed(value < 10 ? 3 : 1);
  const lines = ['| scenario | rows | p50 ms | p99 ms | max ms | CPU p50 ms | CPU p99 ms |', '|---|---:|---:|---:|---:|---:|---:|'];
  for (const r of results) lines.push(`| ${r.name} | ${r.rows} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${ms(r.cpuP50)} | ${ms(r.cpuP99)} |`);
  return lines.join('\n');
}

export interface BenchRun {
  count: number;
  seed: SeedResult | null;
  results: ScenarioResult[];
  /** What the data set holds, when it came from tests/bench/dataset.ts. */
  dataset?: string;
  load?: string;
}

const loadNow = () => os.loadavg().map((load) => load.toFixed(1)).join(' / ');

/** Times the list on the cached data set of `count` claims (generated on first use). */
export async function benchDataset(count: number, options: { runs?: number } = {}): Promise<BenchRun> {
  const dataset = await ensureDataset(count);
  const db = openDatabase(dataset.file);
  try {
    const load = loadNow();
    return { count, seed: null, results: benchClaimsList(db, options), dataset: describeDataset(dataset), load };
  } finally {
    db.$client.close();
  }
}

/** Seeds a throwaway database of `count` claims, benchmarks it and removes it. */
export function benchFreshDatabase(count: number, options: { runs?: number } = {}): BenchRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-bench-'));
  const db = openDatabase(path.join(dir, 'bench.db'));
  try {
    const seed = seedClaims(db, { count });
    return { count, seed, results: benchClaimsList(db, options) };
  } finally {
    db.$client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function describeRun(run: BenchRun): string {
  const seeded = run.seed
    ? ` (seeded in ${run.seed.seconds.toFixed(1)} s, ${run.seed.rowsPerSecond.toLocaleString('en-US')} claims/s)`
    : '';
  const about = run.dataset ? `\n\n${run.dataset}; load average ${run.load ?? '?'} at the start.` : '';
  return `${run.count.toLocaleString('en-US')} claims${seeded}${about}\n\n${formatTable(run.results)}`;
}

function readArgs(argv: string[]) {
  const value = (name: string) => {
    const index = argv.indexOf(`--${name}`);
    return index === -1 ? undefined : argv[index + 1];
  };
  const runs = Number(value('runs') ?? '200');
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error('Usage: npx tsx --conditions=react-server tests/bench/claims-list.ts [--size 10k,100k,1m] [--db <file>] [--fresh] [--runs <n>]');
  }
  return { db: value('db'), sizes: parseSizes(argv, [100_000]), fresh: argv.includes('--fresh'), runs };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = readArgs(process.argv.slice(2));
  console.log(`$ npx tsx --conditions=react-server tests/bench/claims-list.ts ${process.argv.slice(2).join(' ')}`.trimEnd());
  if (args.db) {
    const db = openDatabase(args.db);
    const { n } = db.$client.prepare('SELECT count(*) AS n FROM claims').get() as { n: number };
    console.log(`\n${describeRun({ count: n, seed: null, results: benchClaimsList(db, { runs: args.runs }) })}`);
    db.$client.close();
  } else {
    for (const count of args.sizes) {
      // --fresh seeds a throwaway database of claims alone; otherwise the cached data set with its review work.
      const run = args.fresh ? benchFreshDatabase(count, { runs: args.runs }) : await benchDataset(count, { runs: args.runs });
      console.log(`\n${describeRun(run)}`);
    }
  }
}
