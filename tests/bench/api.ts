/**
 * Throughput and latency of the public API reads under load, against two yardsticks measured in the
 * same run: the same Next.js server's no-op route (/api/health, the framework's ceiling) and a bare
 * node:http + better-sqlite3 server running the same queries (tests/bench/bare-server.ts).
 *   npx tsx --conditions=react-server tests/bench/api.ts [--size 10k,100k,1m] [--seed 1] [--duration 8] [--connections 50] [--cpu-prof <dir>]
 *     [--routes verdicts,verdicts-deep,claim,claimreview,verdicts-key,claim-key,claimreview-key] [--dry-run]
 * Each size uses the cached data set of tests/bench/dataset.ts (generated on first use), starts
 * both servers as child processes on free ports, drives each with autocannon and rewrites the API
 * section of BENCHMARKS.md (tests/bench/report.ts). A benchmark, not a test: it reports numbers and never fails on time.
 */
import { type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { openDatabase } from '@/db/open';
import { listVerdicts } from '@/lib/api/verdicts';
import { createApiKey } from '@/lib/api/keys';
import { cpuMilliseconds, ensureBuild, freePort, guardChildren, RATE_LIMIT, startBare, startNext, stopAllServers } from './api-servers';
import { autocannon, loadAverage, rotation, settle, type CannonRequest } from './load';
import { copyDataset, describeDataset, ensureDataset, parseSizes, type Dataset } from './dataset';
import { BENCHMARKS_FILE, machine, today, writeSection } from './report';

const WARMUP_SECONDS = 3;
/** Before any timing, each route of a server is driven this long: Next's first no-op run was otherwise twice as dear as its last. */
const PRIME_SECONDS = 3;
/** The issue's targets for the Next server's reads, as ratios to its own no-op route. */
export const TARGET = { requestsPerSecond: 0.85, p99: 1.25 };

type Route = 'no-op' | 'verdicts' | 'verdicts-deep' | 'claim' | 'claimreview' | 'verdicts-key' | 'claim-key' | 'claimreview-key';
type Server = 'Next' | 'bare';
const READS: readonly Route[] = ['verdicts', 'verdicts-deep', 'claim', 'claimreview'];
/**
 * The same reads with an API key (`verdicts:read`), as a CMS makes them: Next only (the bare server
 * has no keys); compared with the bare server's anonymous read of the same URL.
 */
const KEYED_READS: readonly Route[] = ['verdicts-key', 'claim-key', 'claimreview-key'];
const ANONYMOUS_OF: Partial<Record<Route, Route>> = { 'verdicts-key': 'verdicts', 'claim-key': 'claim', 'claimreview-key': 'claimreview' };
/** --routes picks scenarios by name (the no-op always runs, before and after). */
export const ROUTE_IDS: readonly Route[] = [...READS, ...KEYED_READS];

export interface ApiScenario {
  server: Server;
  route: Route;
  /** One-minute load average when the scenario started. */
  load: number;
  requestsPerSecond: number;
  /** 2xx latencies in ms; NaN when no request succeeded. */
  p50: number;
  p99: number;
  non2xx: number;
  /** Socket errors and timeouts (autocannon's 10 s). */
  errors: number;
  /** Server CPU time per request served, in ms (null off Linux). */
  cpuPerRequest: number | null;
  /** Body size of one sample response. */
  bytes: number;
  /** Distinct URLs the scenario rotates over. */
  distinct: number;
}

export interface ApiBenchResult {
  data: Dataset;
  connections: number;
  durationSeconds: number;
  scenarios: ApiScenario[];
}

/** Both servers must answer the same bytes, or the comparison measures different work. */
async function checkSameAnswers(next: string, bare: string, paths: { path: string; headers: Record<string, string> }[]): Promise<number[]> {
  const bytes: number[] = [];
  for (const { path: p, headers } of paths) {
    const [a, b] = await Promise.all([fetch(`${next}${p}`, { headers }), fetch(`${bare}${p}`)]);
    const [textA, textB] = await Promise.all([a.text(), b.text()]);
    if (a.status !== 200 || b.status !== 200) throw new Error(`${p}: Next answered ${a.status}, bare ${b.status}`);
    if (textA !== textB) throw new Error(`${p}: Next and bare bodies differ`);
    bytes.push(Buffer.byteLength(textA));
  }
  return bytes;
}

interface Run { server: Server; route: Route; base: string; child: ChildProcess; connections: number; duration: number; nextPath: () => string; headers: Record<string, string>; bytes: number; distinct: number }

async function measure({ server, route, base, child, connections, duration, nextPath, headers, bytes, distinct }: Run): Promise<ApiScenario> {
  const requests: CannonRequest[] = [{ method: 'GET', headers, setupRequest: (request) => ({ ...request, path: nextPath() }) }];
  await autocannon({ url: base, connections, duration: WARMUP_SECONDS, requests });
  await settle(`${base}/api/health`);
  const load = loadAverage();
  const cpuBefore = cpuMilliseconds(child);
  const result = await autocannon({ url: base, connections, duration, requests });
  await settle(`${base}/api/health`);
  const cpuAfter = cpuMilliseconds(child);
  // A request autocannon timed out on is still served (settle waits for it), so it counts too.
  const served = result['2xx'] + result.non2xx + result.timeouts;
  const cpuPerRequest = cpuBefore !== null && cpuAfter !== null && served > 0 ? (cpuAfter - cpuBefore) / served : null;
  // Without a single 2xx answer there is no latency to report (autocannon would say 0).
  const latency = result['2xx'] > 0 ? result.latency : { p50: Number.NaN, p99: Number.NaN };
  const scenario: ApiScenario = {
    server,
    route,
    load,
    requestsPerSecond: result.requests.average,
    p50: latency.p50,
    p99: latency.p99,
    non2xx: result.non2xx,
    errors: result.errors, // autocannon counts its timeouts among the errors
    cpuPerRequest,
    bytes,
    distinct,
  };
  console.log(
    `  ${server} ${route}: ${Math.round(scenario.requestsPerSecond)} req/s, p50 ${latency.p50} ms, p99 ${latency.p99} ms, ` +
      `${scenario.non2xx} non-2xx, ${scenario.errors} errors, load ${load.toFixed(1)}`,
  );
  return scenario;
}

/** Every cursor of the feed, walked as a CMS would (25 a page), for the deep-pages scenario. */
function feedCursors(file: string): string[] {
  const db = openDatabase(file, { migrate: false });
  try {
    const cursors: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = listVerdicts(db, 'http://cursor.invalid', { limit: 25, cursor });
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
      cursors.push(cursor);
    }
    return cursors;
  } finally {
    db.$client.close();
  }
}

/** A `verdicts:read` key in the run's copy of the data set, made as `npm run apikey:create` makes one. */
function createBenchKey(file: string): string {
  const db = openDatabase(file);
  try {
    return createApiKey(db, null, { name: 'Benchmark CMS', scopes: ['verdicts:read'] }).key;
  } finally {
    db.$client.close();
  }
}

export async function benchApi(options: {
  claims: number;
  seed?: number;
  durationSeconds?: number;
  connections?: number;
  cpuProfileDir?: string;
  routes?: readonly Route[];
}): Promise<ApiBenchResult> {
  const { claims, seed = 1, durationSeconds = 8, connections = 50 } = options;
  const chosen = options.routes ?? ROUTE_IDS;
  const data = await ensureDataset(claims, { seed });
  ensureBuild();
  guardChildren(true);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-api-'));
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  process.on('exit', removeDir); // also on Ctrl-C, which skips the finally below
  try {
    const { file } = copyDataset(data, dir);
    const ids = (status: string) => {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare(`SELECT id FROM claims WHERE status ${status} ORDER BY id`).pluck().all() as number[];
      } finally {
        db.close();
      }
    };
    const publicIds = ids("IN ('published', 'retracted')");
    const publishedIds = ids("= 'published'");
    const cursors = feedCursors(file);
    const key = createBenchKey(file);
    const claimId = rotation(publicIds, 7);
    const reviewId = rotation(publishedIds, 11);
    const cursor = rotation(cursors, 13);
    const n = (value: number) => value.toLocaleString('en-US');
    console.log(`${n(claims)} claims: ${n(data.counts.publicClaims)} public, ${n(cursors.length + 1)} feed pages; starting the servers…`);

    const next = await startNext(file, await freePort(), options.cpuProfileDir);
    const bare = await startBare(file, next.base);
    const paths: Record<Route, () => string> = {
      'no-op': () => '/api/health',
      verdicts: () => '/api/v1/verdicts?limit=25',
      'verdicts-deep': () => `/api/v1/verdicts?limit=25&cursor=${cursor()}`,
      claim: () => `/api/v1/claims/${claimId()}`,
      claimreview: () => `/api/v1/claims/${reviewId()}/claimreview`,
      'verdicts-key': () => '/api/v1/verdicts?limit=25',
      // Their own rotations, so a keyed run does not start where the anonymous one left off.
      'claim-key': ((pick) => () => `/api/v1/claims/${pick()}`)(rotation(publicIds, 17)),
      'claimreview-key': ((pick) => () => `/api/v1/claims/${pick()}/claimreview`)(rotation(publishedIds, 19)),
    };
    const headersOf = (route: Route): Record<string, string> => (KEYED_READS.includes(route) ? { authorization: `Bearer ${key}` } : {});
    const distinct: Record<Route, number> = {
      'no-op': 1,
      verdicts: 1,
      'verdicts-deep': cursors.length,
      claim: publicIds.length,
      claimreview: publishedIds.length,
      'verdicts-key': 1,
      'claim-key': publicIds.length,
      'claimreview-key': publishedIds.length,
    };
    const order: Route[] = ['no-op', ...ROUTE_IDS.filter((route) => chosen.includes(route))];
    // A keyed read of a public claim answers what the anonymous one does: the bare server's is the yardstick.
    const sizes = await checkSameAnswers(next.base, bare.base, order.map((route) => ({ path: paths[route](), headers: headersOf(route) })));
    const bytes = Object.fromEntries(order.map((route, i) => [route, sizes[i] ?? 0])) as Record<Route, number>;

    const scenarios: ApiScenario[] = [];
    for (const [server, { base, child }] of [['Next', next], ['bare', bare]] as const) {
      const routes = server === 'Next' ? order : order.filter((route) => !KEYED_READS.includes(route));
      // Next loads a route's modules on its first request and V8 optimises the hot paths over
      // the next thousands: every route is driven a while before anything is timed.
      for (const route of routes) {
        const headers = headersOf(route);
        await autocannon({ url: base, connections, duration: PRIME_SECONDS, requests: [{ method: 'GET', headers, setupRequest: (request) => ({ ...request, path: paths[route]() }) }] });
      }
      // The ceiling is measured before and after the reads; ratios use the mean of the two.
      for (const route of [...routes, 'no-op' as const]) {
        const run = { server, route, base, child, connections, duration: durationSeconds, nextPath: paths[route], headers: headersOf(route), bytes: bytes[route], distinct: distinct[route] };
        scenarios.push(await measure(run));
      }
    }
    return { data, connections, durationSeconds, scenarios };
  } finally {
    await stopAllServers();
    guardChildren(false);
    process.off('exit', removeDir);
    removeDir();
  }
}

/** "--routes verdicts-key,claim-key" → those scenarios; undefined = all. */
export function parseRoutes(text: string | undefined): Route[] | undefined {
  if (text === undefined) return undefined;
  const routes = text.split(',').map((route) => route.trim());
  for (const route of routes) if (!(ROUTE_IDS as readonly string[]).includes(route)) throw new Error(`--routes takes ${ROUTE_IDS.join(', ')}; got "${route}"`);
  return routes as Route[];
}

const ROUTE_NAMES: Record<Route, string> = {
  'no-op': 'no-op `/api/health`',
  verdicts: 'verdict page `/api/v1/verdicts?limit=25`',
  'verdicts-deep': 'verdict page, rotating cursors',
  claim: 'a verdict `/api/v1/claims/{id}`',
  claimreview: 'ClaimReview `/api/v1/claims/{id}/claimreview`',
  'verdicts-key': 'with a key: verdict page `/api/v1/verdicts?limit=25`',
  'claim-key': 'with a key: a verdict `/api/v1/claims/{id}`',
  'claimreview-key': 'with a key: ClaimReview `/api/v1/claims/{id}/claimreview`',
};

/** The ceiling of a server: the mean of its no-op runs before and after the reads. */
function ceiling(scenarios: ApiScenario[], server: Server): ApiScenario | undefined {
  const runs = scenarios.filter((s) => s.server === server && s.route === 'no-op');
  if (runs.length === 0) return undefined;
  const mean = (pick: (s: ApiScenario) => number) => runs.reduce((sum, s) => sum + pick(s), 0) / runs.length;
  return {
    ...runs[0]!,
    requestsPerSecond: mean((s) => s.requestsPerSecond),
    p50: mean((s) => s.p50),
    p99: mean((s) => s.p99),
    cpuPerRequest: runs.every((s) => s.cpuPerRequest !== null) ? mean((s) => s.cpuPerRequest ?? 0) : null,
  };
}

const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : Number.NaN);
const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

/** "req/s ratio · p50 ratio · p99 ratio" of a scenario to a yardstick. */
function ratios(of: ApiScenario, to: ApiScenario | undefined): string {
  if (!to || of.route === 'no-op') return '—';
  return `${fixed(ratio(of.requestsPerSecond, to.requestsPerSecond))} · ${fixed(ratio(of.p50, to.p50))} · ${fixed(ratio(of.p99, to.p99))}`;
}

/** Whether a Next read meets the issue's target against its own no-op ceiling. */
export function meetsTarget(of: ApiScenario, to: ApiScenario | undefined): boolean {
  return to !== undefined && ratio(of.requestsPerSecond, to.requestsPerSecond) >= TARGET.requestsPerSecond && ratio(of.p99, to.p99) <= TARGET.p99;
}

export function formatApiTable(result: ApiBenchResult): string {
  const next = ceiling(result.scenarios, 'Next');
  const bare = ceiling(result.scenarios, 'bare');
  const bareRoute = (route: Route) => result.scenarios.find((s) => s.server === 'bare' && s.route === (ANONYMOUS_OF[route] ?? route));
  const ms = (value: number | null, digits = 0) => (value === null || Number.isNaN(value) ? '—' : value.toFixed(digits));
  return [
    "| server | route | load | req/s | p50 ms | p99 ms | non-2xx (+ errors) | CPU ms/req | bytes | URLs | ÷ same server's no-op (req/s · p50 · p99) | no-op CPU ÷ route CPU | ÷ bare, same route (req/s · p50 · p99) | target |",
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|',
    ...result.scenarios.map((s) => {
      const own = s.server === 'Next' ? next : bare;
      const target = s.server === 'Next' && s.route !== 'no-op' ? (meetsTarget(s, next) ? 'met' : 'missed') : '';
      return (
        `| ${s.server} | ${ROUTE_NAMES[s.route]} | ${s.load.toFixed(1)} | ${Math.round(s.requestsPerSecond).toLocaleString('en-US')} | ${ms(s.p50)} | ${ms(s.p99)} | ` +
        `${s.non2xx}${s.errors > 0 ? ` (+ ${s.errors})` : ''} | ${ms(s.cpuPerRequest, 3)} | ${s.bytes.toLocaleString('en-US')} | ${s.distinct.toLocaleString('en-US')} | ` +
        `${ratios(s, own)} | ${s.route === 'no-op' ? '—' : fixed(ratio(own?.cpuPerRequest ?? Number.NaN, s.cpuPerRequest ?? Number.NaN))} | ` +
        `${s.server === 'Next' && s.route !== 'no-op' ? ratios(s, bareRoute(s.route)) : '—'} | ${target} |`
      );
    }),
  ].join('\n');
}

export function formatApiSection(results: ApiBenchResult[], command: string, notes: string[] = []): string {
  const first = results[0];
  return [
    '## API reads under load (`/api/v1`)',
    '',
    `- Date: ${today()}`,
    `- Machine: ${machine()}. The cores are shared with other work: the \`load\` column is the one-minute load average as each scenario started.`,
    `- Command: \`${command}\``,
    '- Data: `tests/bench/dataset.ts` (the data set every bench reads; deterministic per seed, generated on first use and cached).',
    `- autocannon, ${first?.connections ?? 50} connections; every route of a server driven ${PRIME_SECONDS} s before any timing, then per scenario ${WARMUP_SECONDS} s`,
    `  warm-up and ${first?.durationSeconds ?? 8} s timed, one scenario at a time; each server's no-op`,
    '  runs before and after its reads and the ratios use the mean of the two. req/s is the mean of per-second counts; p50/p99 are 2xx',
    "  latencies in whole milliseconds (autocannon's resolution). CPU ms/req is the server process's user + system time over the timed run",
    '  divided by the requests it served: steadier than req/s on a shared machine, so "no-op CPU ÷ route CPU" is the req/s ratio the',
    '  costs alone predict for a CPU-bound server. URLs: how many distinct URLs the scenario rotates over',
    '  (shuffled claim ids, or every cursor of the feed walked 25 at a time).',
    '- Next: `next start` (production build), anonymous reads and ("with a key") the same reads with a `verdicts:read` API key in',
    `  \`Authorization: Bearer\`, as a CMS sends them; rate limiting on, API_RATE_LIMIT at its maximum (${RATE_LIMIT.toLocaleString('en-US')} a minute, which no run reaches).`,
    '  It keeps up to 2,000 answers until the data changes (lib/http/response-cache.ts): the first feed page is answered from there after its',
    '  first request; rotations longer than 2,000 URLs never are (a cyclic walk longer than an LRU misses every time).',
    '  Bare: `tests/bench/bare-server.ts`, node:http calling the same query and serialisation functions, no validation, rate limit, ETag',
    '  or cache; both servers answer byte-identical bodies (checked before timing). Ratios: req/s below 1 and latency above 1 mean slower.',
    `- Target (issue): a Next read at ≥ ${TARGET.requestsPerSecond} × its no-op req/s with p99 ≤ ${TARGET.p99} × the no-op's.`,
    '',
    ...results.flatMap((result) => [`### ${describeDataset(result.data)}`, '', formatApiTable(result), '']),
    ...notes,
  ].join('\n');
}

/** Runs the API benchmark for each size and rewrites its section of BENCHMARKS.md. */
export async function runApiBench(options: {
  counts: number[];
  seed: number;
  durationSeconds: number;
  connections: number;
  command: string;
  cpuProfileDir?: string;
  routes?: readonly Route[];
  /** Print the tables only, leaving BENCHMARKS.md as it is. */
  dryRun?: boolean;
}): Promise<ApiBenchResult[]> {
  const results: ApiBenchResult[] = [];
  for (const claims of options.counts) {
    console.log(`API reads at ${claims.toLocaleString('en-US')} claims (${options.connections} connections)…`);
    results.push(await benchApi({ ...options, claims }));
  }
  if (!options.dryRun) writeSection('api', formatApiSection(results, options.command));
  console.log(`\n$ ${options.command}\nMachine: ${machine()}\n`);
  for (const result of results) console.log(`${describeDataset(result.data)}\n\n${formatApiTable(result)}\n`);
  if (!options.dryRun) console.log(`Wrote the API section of ${path.relative(process.cwd(), BENCHMARKS_FILE)}.`);
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const value = (name: string) => {
    const index = process.argv.indexOf(`--${name}`);
    return index === -1 ? undefined : process.argv[index + 1];
  };
  const counts = parseSizes(process.argv.slice(2), [100_000]);
  const seed = Number(value('seed') ?? '1');
  const durationSeconds = Number(value('duration') ?? '8');
  const connections = Number(value('connections') ?? '50');
  if (![seed, durationSeconds, connections].every((v) => Number.isInteger(v) && v > 0)) {
    throw new Error('Usage: npx tsx --conditions=react-server tests/bench/api.ts [--size 10k,100k] [--seed <n>] [--duration <seconds>] [--connections <n>] [--cpu-prof <dir>] [--routes <names>] [--dry-run]');
  }
  const command = process.argv.slice(1).map((arg, i) => (i === 0 ? 'npx tsx --conditions=react-server tests/bench/api.ts' : arg)).join(' ');
  const routes = parseRoutes(value('routes'));
  await runApiBench({ counts, seed, durationSeconds, connections, command, cpuProfileDir: value('cpu-prof'), routes, dryRun: process.argv.includes('--dry-run') });
}
