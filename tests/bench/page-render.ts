/**
 * Server time of the built app's pages over HTTP with many claims in the database:
 * `npx tsx tests/bench/page-render.ts [--count 100000]` (also run by `npm run bench`).
 * Seeds a throwaway database, starts `next start` on a free port, signs in through next-auth's
 * credentials endpoint and times full server-rendered responses on loopback, one at a time.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { encodeCursor } from '@/db/queries/claim-list';
import { openDatabase } from '@/db/open';
import { createUser } from '@/lib/users';
import { seedClaims } from './seed-claims';

const ROOT = process.cwd();
const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
const EMAIL = 'bench@claimbench.test';
const PASSWORD = 'bench-password-1234';

export interface PageTiming {
  page: string;
  p50: number;
  p99: number;
  max: number;
  bytes: number;
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

async function signIn(base: string): Promise<Map<string, string>> {
  const jar = new Map<string, string>();
  const csrfResponse = await fetch(`${base}/api/auth/csrf`);
  absorb(jar, csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, email: EMAIL, password: PASSWORD, json: 'true' }),
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

async function time(base: string, jar: Map<string, string>, page: string, runs: number): Promise<PageTiming> {
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs + 5; i += 1) {
    const started = performance.now();
    const response = await fetch(`${base}${page}`, { headers: { cookie: cookieHeader(jar) }, redirect: 'manual' });
    const body = await response.text();
    const elapsed = performance.now() - started;
    if (response.status !== 200) throw new Error(`${page} answered ${response.status}`);
    bytes = body.length;
    if (i >= 5) samples.push(elapsed);
  }
  samples.sort((a, b) => a - b);
  return { page, p50: percentile(samples, 50), p99: percentile(samples, 99), max: samples[samples.length - 1] ?? 0, bytes };
}

export async function benchPages(count: number, runs = 60): Promise<PageTiming[]> {
  if (!fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
    const build = spawnSync(process.execPath, [NEXT_BIN, 'build'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
    if (build.status !== 0) throw new Error('build failed');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-pages-'));
  const file = path.join(dir, 'bench.db');
  const db = openDatabase(file);
  seedClaims(db, { count });
  await createUser(db, null, { email: EMAIL, name: 'Bench Reviewer', role: 'reviewer', password: PASSWORD });
  const newest = db.$client.prepare('SELECT max(id) AS id FROM claims').get() as { id: number };
  db.$client.close();

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: ROOT,
    stdio: 'ignore',
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_PATH: file,
      AUTH_SECRET: randomBytes(32).toString('base64url'),
      NEXTAUTH_URL: base,
      NEXT_TELEMETRY_DISABLED: '1',
    },
  });
  try {
    await waitForServer(base, server);
    const jar = await signIn(base);
    // Page 500 of 25 rows starts below the 12,475th newest id (ids are dense in a fresh seed).
    const page500 = encodeCursor(newest.id - 499 * 25 + 1);
    const pages = [
      '/claims',
      `/claims?cursor=${page500}&dir=next`,
      '/claims?status=in_review',
      '/claims?q=zeppelin',
      '/claims?q=sanctions',
      `/claims/${newest.id}`,
      `/claims/${Math.max(1, Math.floor(newest.id / 2))}`,
    ];
    const results: PageTiming[] = [];
    for (const page of pages) results.push(await time(base, jar, page, runs));
    return results;
  } finally {
    server.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function formatPageTable(results: PageTiming[]): string {
  const ms = (n: number) => n.toFixed(1);
  return [
    '| page | p50 ms | p99 ms | max ms | HTML bytes |',
    '|---|---:|---:|---:|---:|',
    ...results.map((r) => `| \`${r.page.length > 60 ? `${r.page.slice(0, 57)}…` : r.page}\` | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.bytes.toLocaleString('en-US')} |`),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--count');
  const count = at > 0 ? Number(process.argv[at + 1]) : 100_000;
  const results = await benchPages(count);
  console.log(`$ npx tsx tests/bench/page-render.ts --count ${count}\n${formatPageTable(results)}`);
}
