/**
 * The two servers the API benchmark (tests/bench/api.ts) drives, each a child process in its own
 * process group: the built app under `next start`, and tests/bench/bare-server.ts. Every child is
 * killed when the benchmark ends, throws, or is interrupted.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const ROOT = process.cwd();
const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
/** lib/env.ts caps API_RATE_LIMIT at 1,000,000 a minute: far above what one run sends. */
export const RATE_LIMIT = 1_000_000;
/** The desk named in ClaimReview; both servers get the same one so their bodies match. */
const ORG = { name: 'Claimbench Desk', url: 'https://desk.example' };
const API_ROUTES = ['/api/health/route', '/api/v1/verdicts/route', '/api/v1/claims/[id]/route', '/api/v1/claims/[id]/claimreview/route'];

export interface RunningServer {
  base: string;
  child: ChildProcess;
}

const children = new Set<ChildProcess>();

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // detached: the child leads its own process group
  } catch {
    // already gone
  }
}

const killAll = () => children.forEach((child) => signalGroup(child, 'SIGKILL'));
const interrupted = () => process.exit(130); // the exit handler kills the children

/** While on, an exit or Ctrl-C of this process takes the servers down with it. */
export function guardChildren(on: boolean): void {
  const method = on ? 'on' : 'off';
  process[method]('exit', killAll);
  process[method]('SIGINT', interrupted);
  process[method]('SIGTERM', interrupted);
}

function startChild(args: string[], env: NodeJS.ProcessEnv, stdout: 'pipe' | 'ignore'): { child: ChildProcess; log: () => string } {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', stdout, 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  return { child, log: () => log };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  signalGroup(child, 'SIGTERM'); // Next exits cleanly on SIGTERM, which also writes a --cpu-prof profile
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function stopAllServers(): Promise<void> {
  await Promise.all([...children].map(stopChild));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Builds when there is no build; refuses a build older than the API routes rather than timing 404s. */
export function ensureBuild(): void {
  if (!fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
    const build = spawnSync(process.execPath, [NEXT_BIN, 'build'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
    if (build.status !== 0) throw new Error('build failed');
  }
  const manifest = path.join(ROOT, '.next', 'app-path-routes-manifest.json');
  const routes = JSON.parse(fs.readFileSync(manifest, 'utf8')) as Record<string, string>;
  const missing = API_ROUTES.filter((route) => !(route in routes));
  if (missing.length > 0) throw new Error(`The build in .next predates ${missing.join(', ')}: run npm run build first.`);
}

export async function startNext(file: string, port: number, cpuProfileDir?: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const base = `http://127.0.0.1:${port}`;
  const profile = cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(cpuProfileDir)] : [];
  const { child, log } = startChild(
    [...profile, NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_PATH: file,
      AUTH_SECRET: randomBytes(32).toString('base64url'),
      NEXTAUTH_URL: base,
      PUBLIC_URL: base,
      ORG_NAME: ORG.name,
      ORG_URL: ORG.url,
      API_RATE_LIMIT: String(RATE_LIMIT),
      NEXT_TELEMETRY_DISABLED: '1',
      // The 100,000 claims have no sentence vectors: reading them would take a core from what is measured.
      SENTENCE_INDEXING: '0',
      ...env,
    },
    'ignore',
  );
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the Next server exited:\n${log()}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { base, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the Next server did not start');
}

/** The bare server picks its own port and reports it as its first line of output. */
export async function startBare(file: string, publicUrl: string): Promise<RunningServer> {
  const script = path.join(ROOT, 'tests', 'bench', 'bare-server.ts');
  const args = ['--conditions=react-server', '--import', 'tsx', script, '--db', file, '--public-url', publicUrl, '--org-name', ORG.name, '--org-url', ORG.url];
  const { child, log } = startChild(args, { ...process.env, NODE_ENV: 'production' }, 'pipe');
  const [line] = (await Promise.race([
    once(child.stdout ?? child, 'data'),
    once(child, 'exit').then(() => Promise.reject(new Error(`the bare server exited:\n${log()}`))),
  ])) as [Buffer];
  child.stdout?.resume();
  const { port } = JSON.parse(line.toString()) as { port: number };
  return { base: `http://127.0.0.1:${port}`, child };
}

/**
 * CPU time a process has used, in milliseconds (user + system, from /proc; USER_HZ is 100 on
 * Linux), or null where /proc is missing. CPU per request holds steadier than requests per second
 * when other work shares the machine.
 */
export function cpuMilliseconds(child: ChildProcess): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    // The name field is in parentheses and may hold spaces ("next-server (v16…"): count after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
