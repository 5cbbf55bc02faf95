/**
 * Throughput and latency of the public API reads under load, against two yardsticks measured in the
 * same run: the same Next.js server's no-op route (/api/health, the framework's ceiling) and a bare
 * node:http + better-sqlite3 server running the same queries (tests/bench/bare-server.ts).
 *   npx tsx tests/bench/api.ts [--claims 100000] [--duration 10] [--connections 50] [--cpu-prof <dir>]
 * Seeds a throwaway database, starts both servers as child processes on free ports, drives each
 * with autocannon and rewrites the API section of BENCHMARKS.md. A benchmark, not a test: it
 * reports numbers and never fails on time.
 */
import { type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { openDatabase } from '@/db/open';
import { cpuMilliseconds, ensureBuild, freePort, guardChildren, RATE_LIMIT, startBare, startNext, stopAllServers } from './api-servers';
import { createRng, seedClaims } from './seed-claims';
import { seedVerdicts, type VerdictSeedResult } from './verdict-seed';

const BENCHMARKS_FILE = path.join(process.cwd(), 'BENCHMARKS.md');
const SECTION_START = '<!-- bench:api:start -->';
const SECTION_END = '<!-- bench:api:end -->';
const WARMUP_SECONDS = 3;

/** The slice of autocannon's API used here (it ships no types). */
interface CannonRequest { method?: string; path?: string; setupRequest?: (request: CannonRequest) => CannonRequest }
interface CannonResult { requests: { average: number }; latency: { p50: number; p99: number }; '2xx': number; non2xx: number; errors: number; timeouts: number }
type Autocannon = (options: { url: string; connections: number; duration: number; requests: CannonRequest[] }) => PromiseLike<CannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

type Route = 'no-op' | 'verdicts' | 'claim' | 'claimreview';
type Server = 'Next' | 'bare';
const ROUTES: readonly Route[] = ['no-op', 'verdicts', 'claim', 'claimreview'];

export interface ApiScenario {
  server: Server;
  route: Route;
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
}
export interface ApiBenchResult { claims: number; seed: VerdictSeedResult; connections: number; durationSeconds: number; load: string; scenarios: ApiScenario[] }

/** Published claim ids in a fixed shuffled order, so each request reads a different row. */
function rotation(ids: number[], seed: number): () => number {
  const rng = createRng(seed);
  for (let i = ids.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rng() * (i + 1));
    [ids[i], ids[j]] = [ids[j] as number, ids[i] as number];
  }
  let at = 0;
  return () => ids[at++ % ids.length] as number;
}

/** Both servers must answer the same bytes, or the comparison measures different work. */
async function checkSameAnswers(next: string, bare: string, paths: string[]): Promise<number[]> {
  const bytes: number[] = [];
  for (const p of paths) {
    const [a, b] = await Promise.all([fetch(`${next}${p}`), fetch(`${bare}${p}`)]);
    const [textA, textB] = await Promise.all([a.text(), b.text()]);
    if (a.status !== 200 || b.status !== 200) throw new Error(`${p}: Next answered ${a.status}, bare ${b.status}`);
    if (textA !== textB) throw new Error(`${p}: Next and bare bodies differ`);
    bytes.push(Buffer.byteLength(textA));
  }
  return bytes;
}

/**
 * Requests autocannon gave up on at the end of a run are still queued in the server; one request
 * answered after them means they are done and cannot slow the next run down.
 */
async function settle(base: string): Promise<void> {
  for (let i = 0; i < 2; i += 1) await (await fetch(`${base}/api/health`)).text();
}

interface Run { server: Server; route: Route; base: string; child: ChildProcess; connections: number; duration: number; nextPath: () => string; bytes: number }

async function measure({ server, route, base, child, connections, duration, nextPath, bytes }: Run): Promise<ApiScenario> {
  const requests = [{ method: 'GET', setupRequest: (request: CannonRequest) => ({ ...request, path: nextPath() }) }];
  await autocannon({ url: base, connections, duration: WARMUP_SECONDS, requests });
  await settle(base);
  const cpuBefore = cpuMilliseconds(child);
  const result = await autocannon({ url: base, connections, duration, requests });
  await settle(base);
  const cpuAfter = cpuMilliseconds(child);
  // A request autocannon timed out on is still served (settle waits for it), so it counts too.
  const served = result['2xx'] + result.non2xx + result.timeouts;
  const cpuPerRequest = cpuBefore !== null && cpuAfter !== null && served > 0 ? (cpuAfter - cpuBefore) / served : null;
  // Without a single 2xx answer there is no latency to report (autocannon would say 0).
  const latency = result['2xx'] > 0 ? result.latency : { p50: Number.NaN, p99: Number.NaN };
  const { non2xx } = result;
  const errors = result.errors; // autocannon counts its timeouts among the errors
  const scenario = { server, route, requestsPerSecond: result.requests.average, p50: latency.p50, p99: latency.p99, non2xx, errors, cpuPerRequest, bytes };
  console.log(`${server} ${route}: ${Math.round(scenario.requestsPerSecond)} req/s, p50 ${latency.p50} ms, p99 ${latency.p99} ms, ${non2xx} non-2xx, ${errors} errors`);
  return scenario;
}

export async function benchApi(options: { claims: number; durationSeconds?: number; connections?: number; cpuProfileDir?: string }): Promise<ApiBenchResult> {
  const { claims, durationSeconds = 10, connections = 50 } = options;
  const load = os.loadavg().map((n) => n.toFixed(1)).join(' / ');
  ensureBuild();
  guardChildren(true);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-api-'));
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  process.on('exit', removeDir); // also on Ctrl-C, which skips the finally below
  const file = path.join(dir, 'bench.db');
  try {
    const db = openDatabase(file);
    seedClaims(db, { count: claims });
    const seed = seedVerdicts(db);
    const ids = (status: string) => db.$client.prepare(`SELECT id FROM claims WHERE status ${status}`).pluck().all() as number[];
    const claimId = rotation(ids("IN ('published', 'retracted')"), 7);
    const reviewId = rotation(ids("= 'published'"), 11);
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    db.$client.close();
    const n = (value: number) => value.toLocaleString('en-US');
    console.log(`Seeded ${n(claims)} claims, ${n(seed.publicClaims)} public with ${n(seed.verdicts)} verdict versions.`);

    const next = await startNext(file, await freePort(), options.cpuProfileDir);
    const bare = await startBare(file, next.base);
    const paths: Record<Route, () => string> = {
      'no-op': () => '/api/health',
      verdicts: () => '/api/v1/verdicts?limit=25',
      claim: () => `/api/v1/claims/${claimId()}`,
      claimreview: () => `/api/v1/claims/${reviewId()}/claimreview`,
    };
    const bytes = await checkSameAnswers(next.base, bare.base, ROUTES.map((route) => paths[route]()));

    const scenarios: ApiScenario[] = [];
    for (const [server, { base, child }] of [['Next', next], ['bare', bare]] as const) {
      for (const [i, route] of ROUTES.entries()) {
        const run = { server, route, base, child, connections, duration: durationSeconds, nextPath: paths[route], bytes: bytes[i] ?? 0 };
        scenarios.push(await measure(run));
      }
    }
    return { claims, seed, connections, durationSeconds, load, scenarios };
  } finally {
    await stopAllServers();
    guardChildren(false);
    process.off('exit', removeDir);
    removeDir();
  }
}

function machine(): string {
  const sqlite = new Database(':memory:');
  const version = sqlite.prepare('SELECT sqlite_version()').pluck().get() as string;
  sqlite.close();
  return `${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}, SQLite ${version}, ${os.platform()} ${os.release()}`;
}

const ROUTE_NAMES: Record<Route, string> = {
  'no-op': 'no-op `/api/health`',
  verdicts: 'verdict page `/api/v1/verdicts?limit=25`',
  claim: 'a verdict `/api/v1/claims/{id}`',
  claimreview: 'ClaimReview `/api/v1/claims/{id}/claimreview`',
};

/** "req/s ratio · p50 ratio · p99 ratio" of a scenario to a yardstick. */
function ratios(of: ApiScenario, to: ApiScenario | undefined): string {
  if (!to || to === of) return '—';
  const r = (a: number, b: number) => (Number.isFinite(a) && b > 0 ? (a / b).toFixed(2) : '—');
  return `${r(of.requestsPerSecond, to.requestsPerSecond)} · ${r(of.p50, to.p50)} · ${r(of.p99, to.p99)}`;
}

export function formatApiTable(result: ApiBenchResult): string {
  const find = (server: Server, route: Route) => result.scenarios.find((s) => s.server === server && s.route === route);
  const ms = (value: number | null, digits = 0) => (value === null || Number.isNaN(value) ? '—' : value.toFixed(digits));
  return [
    "| server | route | req/s | p50 ms | p99 ms | non-2xx (+ errors) | CPU ms/req | bytes | ÷ same server's no-op (req/s · p50 · p99) | ÷ bare, same route (req/s · p50 · p99) |",
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...result.scenarios.map(
      (s) =>
        `| ${s.server} | ${ROUTE_NAMES[s.route]} | ${Math.round(s.requestsPerSecond).toLocaleString('en-US')} | ${ms(s.p50)} | ${ms(s.p99)} | ` +
        `${s.non2xx}${s.errors > 0 ? ` (+ ${s.errors})` : ''} | ${ms(s.cpuPerRequest, 3)} | ${s.bytes.toLocaleString('en-US')} | ${ratios(s, find(s.server, 'no-op'))} | ` +
        `${s.server === 'Next' ? ratios(s, find('bare', s.route)) : '—'} |`,
    ),
  ].join('\n');
}

export function formatApiSection(result: ApiBenchResult, command: string): string {
  const n = (value: number) => value.toLocaleString('en-US');
  return [
    SECTION_START,
    '## API reads under load (`/api/v1`)',
    '',
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    `- Machine: ${machine()}; load average ${result.load} at the start (autocannon, both servers and any other work share these cores)`,
    `- Command: \`${command}\``,
    `- ${n(result.claims)} synthetic claims (\`tests/bench/seed-claims.ts\`), ${n(result.seed.publicClaims)} of them public with ${n(result.seed.verdicts)} verdict versions`,
    '  (`tests/bench/verdict-seed.ts`: one in ten corrected, one in fifty retracted). Claim ids rotate over every public claim.',
    `- autocannon, ${result.connections} connections, ${WARMUP_SECONDS} s warm-up then ${result.durationSeconds} s per scenario, one scenario at a time, each server`,
    '  drained before the next. req/s is the mean of per-second counts; p50/p99 are 2xx latencies in whole milliseconds',
    '  (autocannon\'s resolution); errors are socket errors and timeouts (10 s). CPU ms/req is the server process\'s',
    '  user + system time over the timed run divided by the requests it served: steadier than req/s on a shared machine.',
    `- Next: \`next start\` (production build), anonymous reads, API_RATE_LIMIT at its maximum (${n(RATE_LIMIT)} a minute).`,
    '  Bare: `tests/bench/bare-server.ts`, node:http calling the same query and serialisation functions, no validation, rate limit,',
    '  proxy or ETag; both servers answer byte-identical bodies (checked before timing). Ratios: req/s below 1 and latency above 1 mean slower.',
    '',
    formatApiTable(result),
    '',
    SECTION_END,
  ].join('\n');
}

export function writeApiSection(text: string): void {
  const current = fs.existsSync(BENCHMARKS_FILE) ? fs.readFileSync(BENCHMARKS_FILE, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(SECTION_START);
  const end = current.indexOf(SECTION_END);
  const next =
    start !== -1 && end > start
      ? `${current.slice(0, start)}${text}${current.slice(end + SECTION_END.length)}`
      : `${current.trimEnd()}\n\n${text}\n`;
  fs.writeFileSync(BENCHMARKS_FILE, next);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const value = (name: string) => {
    const index = process.argv.indexOf(`--${name}`);
    return index === -1 ? undefined : process.argv[index + 1];
  };
  const claims = Number(value('claims') ?? '100000');
  const durationSeconds = Number(value('duration') ?? '10');
  const connections = Number(value('connections') ?? '50');
  if (![claims, durationSeconds, connections].every((v) => Number.isInteger(v) && v > 0)) {
    throw new Error('Usage: npx tsx tests/bench/api.ts [--claims <n>] [--duration <seconds>] [--connections <n>] [--cpu-prof <dir>]');
  }
  const command = `npx tsx tests/bench/api.ts --claims ${claims} --duration ${durationSeconds}${connections === 50 ? '' : ` --connections ${connections}`}`;
  const result = await benchApi({ claims, durationSeconds, connections, cpuProfileDir: value('cpu-prof') });
  writeApiSection(formatApiSection(result, command));
  console.log(`\n$ ${command}\nMachine: ${machine()}\n\n${formatApiTable(result)}\n\nWrote the API section of ${path.relative(process.cwd(), BENCHMARKS_FILE)}.`);
}
