/**
 * Server time of the built app's pages over HTTP with many claims in the database:
 * `npx tsx --conditions=react-server tests/bench/page-render.ts [--size 100k,1m] [--runs 60] [--cpu-prof <dir>]` (also run by `npm run bench`).
 * Starts `next start` on a free port over the cached data set (tests/bench/dataset.ts), signs in
 * through next-auth's credentials endpoint and times full server-rendered responses on loopback, one
 * at a time. Besides the time to the last byte, it reads the CPU time the server's threads spent on
 * each request (/proc/<pid>/task/<tid>/schedstat, nanoseconds): the server time, free of waiting
 * for a CPU that other work on the machine is using.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { claimCursor } from '@/lib/validation/cursor';
import { openDatabase } from '@/db/open';
import { BENCH_EDITOR, BENCH_PASSWORD, BENCH_REVIEWER, ensureDataset, parseSizes } from './dataset';

const ROOT = process.cwd();
const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
export interface PageTiming {
  page: string;
  /** Who asked: blind rating and the verdict panel make a claim page differ by role. */
  as: 'reviewer' | 'editor';
  p50: number;
  p99: number;
  max: number;
  /** CPU time of the server's threads per request. */
  cpuP50: number;
  cpuP99: number;
  bytes: number;
}

/** Every thread of the server and of any process it started, by /proc (Linux). */
function serverThreads(rootPid: number): string[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended meanwhile
    }
  }
  const pids = [rootPid];
  for (let i = 0; i < pids.length; i += 1) pids.push(...(children.get(pids[i] as number) ?? []));
  return pids.flatMap((pid) => {
    try {
      return fs.readdirSync(`/proc/${pid}/task`).map((tid) => `/proc/${pid}/task/${tid}/schedstat`);
    } catch {
      return [];
    }
  });
}

/** Nanoseconds the threads have run on a CPU. */
function cpuNanos(threads: string[]): number {
  let total = 0;
  for (const file of threads) {
    try {
      total += Number(fs.readFileSync(file, 'utf8').split(' ')[0]);
    } catch {
      // a thread that ended
    }
  }
  return total;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Cookies from Set-Cookie headers, merged into a jar. */
function absorb(jar: Map<string, string>, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair?.indexOf('=') ?? -1;
    if (pair && eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
}

function cookieHeader(jar: Map<string, string>): string {
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

async function signIn(base: string, email: string): Promise<Map<string, string>> {
  const jar = new Map<string, string>();
  const csrfResponse = await fetch(`${base}/api/auth/csrf`);
  absorb(jar, csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, email, password: BENCH_PASSWORD, json: 'true' }),
  });
  absorb(jar, response);
  if (![...jar.keys()].some((k) => k.endsWith('session-token'))) throw new Error('sign-in failed');
  return jar;
}

async function waitForServer(base: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error('the server exited');
    try {
      if ((await fetch(`${base}/signin`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the server did not start');
}

async function time(base: string, jar: Map<string, string>, page: string, as: PageTiming['as'], runs: number, threads: () => string[]): Promise<PageTiming> {
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs + 5; i += 1) {
    const watched = threads();
    const cpuBefore = cpuNanos(watched);
    const started = performance.now();
    const response = await fetch(`${base}${page}`, { headers: { cookie: cookieHeader(jar) }, redirect: 'manual' });
    const body = await response.text();
    const elapsed = performance.now() - started;
    const cpu = (cpuNanos(watched) - cpuBefore) / 1e6;
    if (response.status !== 200) throw new Error(`${page} answered ${response.status}`);
    bytes = body.length;
    if (i >= 5) {
      samples.push(elapsed);
      cpuSamples.push(cpu);
    }
  }
  samples.sort((a, b) => a - b);
  cpuSamples.sort((a, b) => a - b);
  return {
    page,
    as,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    max: samples[samples.length - 1] ?? 0,
    cpuP50: percentile(cpuSamples, 50),
    cpuP99: percentile(cpuSamples, 99),
    bytes,
  };
}

export async function benchPages(count: number, runs = 60, cpuProfileDir?: string): Promise<PageTiming[]> {
  if (!fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
    const build = spawnSync(process.execPath, [NEXT_BIN, 'build'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
    if (build.status !== 0) throw new Error('build failed');
  }
  // The server only reads (the data set has no webhooks to deliver), so it runs on the cached file.
  const dataset = await ensureDataset(count);
  const db = openDatabase(dataset.file);
  const sql = db.$client;
  const newest = sql.prepare('SELECT max(id) FROM claims').pluck().get() as number;
  // The claim with the most review work among the newest: evidence, ratings, a thread, history.
  const busiest = sql
    .prepare('SELECT claim_id FROM audit_events WHERE claim_id > ? GROUP BY claim_id ORDER BY count(*) DESC, claim_id DESC LIMIT 1')
    .pluck()
    .get(newest - 5000) as number;
  const claimant = sql
    .prepare('SELECT name FROM sources WHERE id = (SELECT claimant_id FROM claims GROUP BY claimant_id ORDER BY count(*) DESC LIMIT 1 OFFSET 9)')
    .pluck()
    .get() as string;
  db.$client.close();

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // --cpu-prof <dir>: the server writes a V8 CPU profile when it exits (Next exits cleanly on SIGTERM).
  const profile = cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(cpuProfileDir)] : [];
  const server = spawn(process.execPath, [...profile, NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: ROOT,
    stdio: 'ignore',
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_PATH: dataset.file,
      AUTH_SECRET: randomBytes(32).toString('base64url'),
      NEXTAUTH_URL: base,
      NEXT_TELEMETRY_DISABLED: '1',
      // The 100,000 claims have no sentence vectors: reading them would take a core from what is measured.
      SENTENCE_INDEXING: '0',
    },
  });
  try {
    await waitForServer(base, server);
    const jars = { reviewer: await signIn(base, BENCH_REVIEWER), editor: await signIn(base, BENCH_EDITOR) };
    // Page 500 of 25 rows starts below the 12,475th newest id (ids are dense in a generated data set).
    const page500 = claimCursor.encode({ id: newest - 499 * 25 + 1 });
    const pages: [string, PageTiming['as']][] = [
      ['/claims', 'reviewer'],
      [`/claims?cursor=${page500}&dir=next`, 'reviewer'],
      ['/claims?status=in_review', 'reviewer'],
      [`/claims?claimantName=${encodeURIComponent(claimant)}`, 'reviewer'],
      ['/claims?q=zeppelin', 'reviewer'],
      ['/claims?q=sanctions', 'reviewer'],
      ['/claims?q=troops', 'reviewer'],
      [`/claims/${newest}`, 'reviewer'],
      [`/claims/${Math.max(1, Math.floor(newest / 2))}`, 'reviewer'],
      [`/claims/${busiest}`, 'reviewer'],
      [`/claims/${busiest}`, 'editor'],
    ];
    const threads = () => serverThreads(server.pid ?? 0);
    const results: PageTiming[] = [];
    for (const [page, as] of pages) results.push(await time(base, jars[as], page, as, runs, threads));
    return results;
  } finally {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
}

export function formatPageTable(results: PageTiming[]): string {
  const ms = (n: number) => n.toFixed(1);
  const short = (page: string) => (page.length > 60 ? `${page.slice(0, 57)}…` : page);
  return [
    '| page | as | server CPU p50 ms | server CPU p99 ms | wall p50 ms | wall p99 ms | wall max ms | HTML bytes |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| \`${short(r.page)}\` | ${r.as} | ${ms(r.cpuP50)} | ${ms(r.cpuP99)} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.bytes.toLocaleString('en-US')} |`,
    ),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--runs');
  const runs = at === -1 ? 60 : Number(argv[at + 1]);
  const profileAt = argv.indexOf('--cpu-prof');
  const cpuProfileDir = profileAt === -1 ? undefined : argv[profileAt + 1];
  for (const count of parseSizes(argv, [100_000])) {
    const load = os.loadavg().map((l) => l.toFixed(1)).join(' / ');
    const results = await benchPages(count, runs, cpuProfileDir);
    console.log(`$ npx tsx --conditions=react-server tests/bench/page-render.ts ${argv.join(' ')}\n${count.toLocaleString('en-US')} claims, load average ${load} at the start\n${formatPageTable(results)}`);
  }
}
