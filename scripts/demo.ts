/**
 * `npm run demo`: one command from a fresh clone to a running workbench with the demo data set.
 * Migrates, seeds an empty database, builds when there is no current build, starts the server and
 * prints where it is and how to sign in.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db/open';
import { DEMO_USERS } from '../db/seed/demo-data';
import { formatSeedReport, isDatabaseEmpty, seedDemo } from '../lib/demo/seed';
import { parseEnv, EnvError } from '../lib/env';
import { demoChildEnv } from './demo-env';

const ROOT = path.resolve(import.meta.dirname, '..');
const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
const BUILD_INPUTS = ['app', 'lib', 'db', 'proxy.ts', 'instrumentation.ts', 'next.config.mjs', 'package.json', 'tsconfig.json'];

/** The demo's secret lives beside its database, created once, readable only by its owner. */
function demoSecret(databasePath: string): string {
  const file = path.join(path.dirname(databasePath), 'auth-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

function newestMtime(entry: string): number {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

function buildIsCurrent(): boolean {
  const buildId = fs.statSync(path.join(ROOT, '.next', 'BUILD_ID'), { throwIfNoEntry: false });
  if (!buildId) return false;
  return BUILD_INPUTS.every((entry) => newestMtime(path.join(ROOT, entry)) <= buildId.mtimeMs);
}

async function waitUntilUp(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { redirect: 'manual' });
      if (response.status < 500) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return false;
}

async function main(): Promise<void> {
  const base = parseEnv({ ...process.env, NODE_ENV: 'development' });
  const secret = process.env.AUTH_SECRET ?? demoSecret(base.DATABASE_PATH);
  const childEnv = demoChildEnv(process.env, base.DATABASE_PATH, base.PORT, secret);
  parseEnv(childEnv);

  const db = openDatabase(base.DATABASE_PATH);
  if (isDatabaseEmpty(db)) {
    console.log(`Seeding the demo data set into ${base.DATABASE_PATH}…`);
    console.log(formatSeedReport(await seedDemo(db)));
  } else {
    console.log(`Using the existing database at ${base.DATABASE_PATH}.`);
  }
  db.$client.close();

  if (buildIsCurrent()) {
    console.log('The production build is current; not rebuilding.');
  } else {
    console.log('Building the app (about a minute)…');
    const build = spawnSync(process.execPath, [NEXT_BIN, 'build'], { cwd: ROOT, env: childEnv, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('The build failed; see the output above.');
  }

  const server = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(base.PORT)], {
    cwd: ROOT,
    env: childEnv,
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
  server.on('exit', (code) => process.exit(code ?? 0));

  const url = `http://localhost:${base.PORT}`;
  if (await waitUntilUp(`${url}/signin`, 60_000)) {
    const width = Math.max(...DEMO_USERS.map((u) => u.email.length));
    console.log(`\nClaimbench is running at ${url} (public links use PUBLIC_URL=${childEnv.PUBLIC_URL})\n\nDemo sign-ins:`);
    for (const user of DEMO_USERS) console.log(`  ${user.role.padEnd(9)} ${user.email.padEnd(width)}  ${user.password}`);
    console.log('\nPress Ctrl+C to stop.');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError || error instanceof Error ? error.message : String(error));
  process.exit(1);
});
