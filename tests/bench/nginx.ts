/**
 * The deployment note's measurement (docs/deploy/README.md): public verdict reads through Debian's
 * nginx running docs/deploy/nginx.conf, against the same app answered directly, in one run.
 *   npx tsx --conditions=react-server tests/bench/nginx.ts [--size 100k] [--seed 1] [--duration 8] [--connections 50]
 * Readers pick verdicts by Zipf's law (a few verdicts get most of the traffic, as when one is shared
 * widely), the same sequence direct and through nginx; nginx's access log gives the share answered
 * from its cache. Rewrites the "Behind nginx" section of BENCHMARKS.md; skipped, saying so, when
 * nginx is not installed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { findNginx, nginxVersion, startNginx, type RunningNginx } from '../helpers/nginx';
import { cpuMilliseconds, ensureBuild, freePort, guardChildren, RATE_LIMIT, startNext, stopAllServers, type RunningServer } from './api-servers';
import { copyDataset, describeDataset, ensureDataset, parseSizes, type Dataset } from './dataset';
import { autocannon, loadAverage, settle, zipfPicker, type CannonRequest } from './load';
import { BENCHMARKS_FILE, machine, today, writeSection } from './report';

const WARMUP_SECONDS = 3;
const NGINX_NOOP = '/nginx-no-op';

type Route = 'no-op' | 'page' | 'claim' | 'verdicts';
type Via = 'direct' | 'nginx';

export interface NginxScenario {
  via: Via;
  route: Route;
  load: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** The app's CPU time per request sent, in ms: what nginx saves it. */
  appCpuPerRequest: number | null;
  /** Share of the timed requests nginx answered from its cache (HIT, or STALE/UPDATING while refreshing). */
  cacheHits: number | null;
}

export interface NginxBenchResult { data: Dataset; connections: number; durationSeconds: number; nginxVersion: string; scenarios: NginxScenario[] }

const ROUTE_NAMES: Record<Route, string> = {
  'no-op': 'no-op (`/api/health` direct, a `return 200` location in nginx)',
  page: 'public verdict page `/verdicts/{id}`',
  claim: 'a verdict `/api/v1/claims/{id}`',
  verdicts: 'verdict page `/api/v1/verdicts?limit=25`',
};

async function measure(via: Via, route: Route, base: string, app: RunningServer, nextPath: () => string, options: { connections: number; duration: number; nginx?: RunningNginx }): Promise<NginxScenario> {
  const requests: CannonRequest[] = [{ method: 'GET', setupRequest: (request) => ({ ...request, path: nextPath() }) }];
  await autocannon({ url: base, connections: options.connections, duration: WARMUP_SECONDS, requests });
  await settle(`${app.base}/api/health`);
  options.nginx?.takeCacheStatuses();
  const load = loadAverage();
  const cpuBefore = cpuMilliseconds(app.child);
  const result = await autocannon({ url: base, connections: options.connections, duration: options.duration, requests });
  await settle(`${app.base}/api/health`);
  const cpuAfter = cpuMilliseconds(app.child);
  const sent = result['2xx'] + result.non2xx + result.timeouts;
  const statuses = via === 'nginx' && route !== 'no-op' ? (options.nginx?.takeCacheStatuses() ?? []) : [];
  const hits = statuses.filter((status) => status === 'HIT' || status === 'STALE' || status === 'UPDATING').length;
  const latency = result['2xx'] > 0 ? result.latency : { p50: Number.NaN, p99: Number.NaN };
  const scenario: NginxScenario = {
    via,
    route,
    load,
    requestsPerSecond: result.requests.average,
    p50: latency.p50,
    p99: latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    appCpuPerRequest: cpuBefore !== null && cpuAfter !== null && sent > 0 ? (cpuAfter - cpuBefore) / sent : null,
    cacheHits: statuses.length > 0 ? hits / statuses.length : null,
  };
  console.log(
    `  ${via} ${route}: ${Math.round(scenario.requestsPerSecond)} req/s, p50 ${latency.p50} ms, p99 ${latency.p99} ms, ${scenario.non2xx} non-2xx, ` +
      `${scenario.errors} errors${scenario.cacheHits === null ? '' : `, ${(100 * scenario.cacheHits).toFixed(1)}% from nginx's cache`}, load ${load.toFixed(1)}`,
  );
  return scenario;
}

export async function benchNginx(options: { claims: number; seed?: number; durationSeconds?: number; connections?: number }): Promise<NginxBenchResult> {
  const { claims, seed = 1, durationSeconds = 8, connections = 50 } = options;
  const binary = findNginx();
  if (!binary) throw new Error('nginx is not installed');
  const data = await ensureDataset(claims, { seed });
  ensureBuild();
  guardChildren(true);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-nginx-bench-'));
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  process.on('exit', removeDir);
  let nginx: RunningNginx | undefined;
  try {
    const { file } = copyDataset(data, dir);
    const sqlite = new Database(file, { readonly: true });
    const publicIds = sqlite.prepare("SELECT id FROM claims WHERE status IN ('published', 'retracted') ORDER BY id").pluck().all() as number[];
    sqlite.close();

    const app = await startNext(file, await freePort(), undefined, { TRUST_PROXY: '1' });
    const noopPort = await freePort();
    nginx = await startNginx({
      appPort: Number(new URL(app.base).port),
      logCacheStatus: true,
      // nginx's own ceiling on this machine: a location that answers without the app or the cache.
      extraHttp: `  server { listen 127.0.0.1:${noopPort}; access_log off; location = ${NGINX_NOOP} { return 200 "ok"; } }`,
    });
    const check = await fetch(`${nginx.base}/api/v1/claims/${publicIds[0]}`);
    if (check.status !== 200 || !check.headers.get('x-cache-status')) throw new Error(`nginx answered ${check.status} without X-Cache-Status`);

    // Direct and through nginx read the same sequence of verdicts.
    const picks = (salt: number) => zipfPicker(publicIds, seed * 1000 + salt);
    const pathsFor = (): Record<Exclude<Route, 'no-op'>, () => string> => {
      const page = picks(1);
      const claim = picks(2);
      return { page: () => `/verdicts/${page()}`, claim: () => `/api/v1/claims/${claim()}`, verdicts: () => '/api/v1/verdicts?limit=25' };
    };
    const run = { connections, duration: durationSeconds, nginx };
    // Next loads route modules on first use and V8 optimises over thousands of requests: prime the app.
    const prime = pathsFor();
    for (const nextPath of [() => '/api/health', prime.page, prime.claim, prime.verdicts]) {
      await autocannon({ url: app.base, connections, duration: WARMUP_SECONDS, requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: nextPath() }) }] });
    }
    const scenarios: NginxScenario[] = [];
    scenarios.push(await measure('direct', 'no-op', app.base, app, () => '/api/health', run));
    scenarios.push(await measure('nginx', 'no-op', `http://127.0.0.1:${noopPort}`, app, () => NGINX_NOOP, run));
    const direct = pathsFor();
    const proxied = pathsFor();
    for (const route of ['page', 'claim', 'verdicts'] as const) {
      scenarios.push(await measure('direct', route, app.base, app, direct[route], run));
      scenarios.push(await measure('nginx', route, nginx.base, app, proxied[route], run));
    }
    return { data, connections, durationSeconds, nginxVersion: nginxVersion(binary), scenarios };
  } finally {
    await nginx?.stop();
    await stopAllServers();
    guardChildren(false);
    process.off('exit', removeDir);
    removeDir();
  }
}

export function formatNginxTable(result: NginxBenchResult): string {
  const find = (via: Via, route: Route) => result.scenarios.find((s) => s.via === via && s.route === route);
  const fixed = (value: number | null, digits = 0) => (value === null || !Number.isFinite(value) ? '—' : value.toFixed(digits));
  return [
    '| route | via | load | req/s | p50 ms | p99 ms | non-2xx (+ errors) | from nginx cache | app CPU ms/req | ÷ direct (req/s · p99) |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...result.scenarios.map((s) => {
      const other = s.via === 'nginx' ? find('direct', s.route) : undefined;
      const versus = other ? `${fixed(s.requestsPerSecond / other.requestsPerSecond, 2)} · ${fixed(s.p99 / other.p99, 2)}` : '—';
      return (
        `| ${ROUTE_NAMES[s.route]} | ${s.via} | ${s.load.toFixed(1)} | ${Math.round(s.requestsPerSecond).toLocaleString('en-US')} | ${fixed(s.p50)} | ${fixed(s.p99)} | ` +
        `${s.non2xx}${s.errors > 0 ? ` (+ ${s.errors})` : ''} | ${s.cacheHits === null ? '—' : `${(100 * s.cacheHits).toFixed(1)}%`} | ${fixed(s.appCpuPerRequest, 3)} | ${versus} |`
      );
    }),
  ].join('\n');
}

export function formatNginxSection(results: NginxBenchResult[], command: string): string {
  const first = results[0];
  return [
    '## Behind nginx',
    '',
    `- Date: ${today()}`,
    `- Machine: ${machine()}; nginx ${first?.nginxVersion ?? '?'} (Debian's package). \`load\` is the one-minute load average as each scenario started.`,
    `- Command: \`${command}\` (tests/bench/nginx.ts; the deployment it measures is docs/deploy/README.md)`,
    '- nginx runs docs/deploy/nginx.conf as written except for the app port, listen address and cache folder, one worker process,',
    '  in front of the same `next start` (TRUST_PROXY=1) that the direct rows call. autocannon, ' +
      `${first?.connections ?? 50} connections; the app's routes driven ${WARMUP_SECONDS} s each before any timing, then per scenario ${WARMUP_SECONDS} s warm-up`,
    `  and ${first?.durationSeconds ?? 8} s timed; autocannon, nginx and the app share the cores.`,
    '- Verdicts are picked by Zipf’s law over every public claim (the same sequence direct and through nginx). "From nginx cache" is the',
    "  share of the timed requests nginx's access log marks HIT (or STALE/UPDATING while refreshing); the warm-up fills the cache first.",
    '  App CPU ms/req is the app process\'s CPU time over the run divided by the requests sent: what is left for the app to do.',
    '',
    ...results.flatMap((result) => [`### ${describeDataset(result.data)}`, '', formatNginxTable(result), '']),
  ].join('\n');
}

/** Runs the nginx benchmark for each size and rewrites its section; a clear message instead when nginx is missing. */
export async function runNginxBench(options: { counts: number[]; seed: number; durationSeconds: number; connections: number; command: string }): Promise<NginxBenchResult[]> {
  if (!findNginx()) {
    console.log('Skipping the nginx benchmark: nginx is not installed (apt-get install nginx, or set NGINX_PATH).');
    return [];
  }
  const results: NginxBenchResult[] = [];
  for (const claims of options.counts) {
    console.log(`Public reads behind nginx at ${claims.toLocaleString('en-US')} claims (${options.connections} connections)…`);
    results.push(await benchNginx({ ...options, claims }));
  }
  writeSection('nginx', formatNginxSection(results, options.command));
  console.log(`\n$ ${options.command}\nMachine: ${machine()}\n`);
  for (const result of results) console.log(`${describeDataset(result.data)}\n\n${formatNginxTable(result)}\n`);
  console.log(`Wrote the "Behind nginx" section of ${path.relative(process.cwd(), BENCHMARKS_FILE)} (API rate limit ${RATE_LIMIT.toLocaleString('en-US')} a minute).`);
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
    throw new Error('Usage: npx tsx --conditions=react-server tests/bench/nginx.ts [--size 10k,100k] [--seed <n>] [--duration <seconds>] [--connections <n>]');
  }
  const command = process.argv.slice(1).map((arg, i) => (i === 0 ? 'npx tsx --conditions=react-server tests/bench/nginx.ts' : arg)).join(' ');
  await runNginxBench({ counts, seed, durationSeconds, connections, command });
}
