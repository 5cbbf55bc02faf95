import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { chromium, type Browser, type BrowserContext, type Locator, type Page, type Response } from 'playwright-core';
import { openDatabase } from '@/db/open';
import type { Role } from '@/db/schema';
import { seedDemo } from '@/lib/demo/seed';
import { DEMO_CLAIMS } from '@/db/seed/demo-claims';
import { DEMO_USERS, type DemoUser } from '@/db/seed/demo-data';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
export const SCREENSHOT_DIR = path.join(root, 'test-results', 'screenshots');

const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
const MAX_LOG_CHARS = 200_000;

export interface RunningApp {
  baseUrl: string;
  /** The app's SQLite file; open it read-only to check what a test wrote. */
  dbFile: string;
  /** The AUTH_SECRET the server signs sessions with (no response may ever contain it). */
  authSecret: string;
  /** Ends the server gracefully (SIGTERM, then SIGKILL after a grace period) and removes its temp folder. */
  stop(): Promise<void>;
  /** Kills the server at once (SIGKILL to its process group) and waits for it to be gone; keeps the database. */
  kill(): Promise<void>;
  /** Everything the server has printed so far. */
  logs(): string;
}

/** Servers still running, killed if the test process exits without calling stop(). */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

export interface StartOptions {
  /** Fill a new database with the demo data (default true). Ignored with `dbFile`. */
  seed?: boolean;
  /**
   * Serve this existing database instead of a new one (for restarting after a crash); stop() then
   * leaves it in place.
   */
  dbFile?: string;
  /** Sign sessions with this secret (to keep sessions valid across a restart); random by default. */
  authSecret?: string;
  /** Extra environment for the server. */
  env?: Record<string, string>;
}

/**
 * Starts the built app (see global-setup.ts) on a free port with its own database in a temp folder,
 * migrated and, unless `seed: false`, filled with the demo data before the server opens it.
 */
export async function startApp(options: StartOptions = {}): Promise<RunningApp> {
  const ownsDb = options.dbFile === undefined;
  const dir = ownsDb ? fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-e2e-')) : path.dirname(options.dbFile!);
  const dbFile = options.dbFile ?? path.join(dir, 'claimbench.db');
  const authSecret = options.authSecret ?? randomBytes(36).toString('base64url');
  if (ownsDb) {
    try {
      const db = openDatabase(dbFile);
      try {
        if (options.seed !== false) await seedDemo(db);
      } finally {
        db.$client.close();
      }
    } catch (error) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: root,
      env: {
        ...inheritedEnv(),
        NODE_ENV: 'production',
        DATABASE_PATH: dbFile,
        AUTH_SECRET: authSecret,
        NEXTAUTH_URL: baseUrl,
        ORG_URL: baseUrl,
        PORT: String(port),
        NEXT_TELEMETRY_DISABLED: '1',
        // The background sentence indexer writes derived rows at moments no test chooses, which would
        // move the database fingerprints the suites compare; checked-before.test.ts turns it on.
        SENTENCE_INDEXING: '0',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so stop() also ends any worker the server starts.
      detached: true,
    },
  );
  running.add(child);

  let output = '';
  const record = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-MAX_LOG_CHARS);
  };
  child.stdout?.on('data', record);
  child.stderr?.on('data', record);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  exited.then(() => running.delete(child)).catch(() => undefined);

  let stopped = false;
  const stop = async () => {
    if (!stopped) {
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) {
        killGroup(child, 'SIGTERM');
        const timer = delay(STOP_GRACE_MS).then(() => killGroup(child, 'SIGKILL'));
        await Promise.race([exited, timer]);
        await exited;
      }
      if (ownsDb) fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  const kill = async () => {
    killGroup(child, 'SIGKILL');
    await exited;
  };

  try {
    await waitUntilReady(`${baseUrl}/signin`, exited, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, dbFile, authSecret, stop, kill, logs: () => output };
}

/** The parent's environment without vitest's own variables, which the app must not see. */
function inheritedEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('VITEST') && key !== 'NODE_OPTIONS' && key !== 'TEST') env[key] = value;
  }
  return env;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not read the port of a listening socket'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

async function waitUntilReady(url: string, exited: Promise<void>, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (hasExited) throw new Error(`the server exited before answering ${url}\n--- server output ---\n${output()}`);
    try {
      const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
      last = `status ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await delay(250);
  }
  throw new Error(
    `GET ${url} did not answer 200 within ${START_TIMEOUT_MS / 1000} s (last: ${last})\n--- server output ---\n${output()}`,
  );
}

/** Debian's Chromium (or CHROMIUM_PATH), headless. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/** Every context newAppContext made in this test file, with what its watcher found. */
const watchers: ResponseWatcher[] = [];

/**
 * A browser context that can only reach the app: any other request is aborted, so a test never
 * depends on the network and an off-site redirect shows up as a page that is not the app. Its
 * responses and dialogs are watched (see responseFindings()).
 */
export async function newAppContext(
  browser: Browser,
  baseUrl: string,
  options: { viewport?: { width: number; height: number }; phone?: boolean } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: options.viewport ?? DESKTOP,
    ...(options.phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(30_000);
  const origin = new URL(baseUrl).origin;
  await context.route(
    (url) => url.origin !== origin && url.protocol !== 'data:' && url.protocol !== 'blob:',
    (route) => route.abort('blockedbyclient'),
  );
  watchers.push(watchResponses(context, baseUrl));
  return context;
}

/**
 * What the watchers of every context of this test file found: documents without a strict CSP,
 * bodies containing a password hash, dialogs (an alert() is how injected script shows itself).
 */
export async function responseFindings(): Promise<{ issues: ResponseIssue[]; documents: number; bodies: number }> {
  const reports = await Promise.all(watchers.map((watcher) => watcher.settle()));
  return {
    issues: reports.flatMap((report) => report.issues),
    documents: reports.reduce((sum, report) => sum + report.documents, 0),
    bodies: reports.reduce((sum, report) => sum + report.bodies, 0),
  };
}

export type DemoRole = Role;
export type { DemoUser };

/** The n-th demo user with this role (two reviewers, one editor, one admin). */
export function demoUser(role: Role, n = 0): DemoUser {
  const user = DEMO_USERS.filter((candidate) => candidate.role === role)[n];
  if (!user) throw new Error(`the demo data has no ${role} number ${n}`);
  return user;
}

/** A claim of the demo data set by its key ('pentagon-troop-estimate', 'zelensky-troop-projection', …). */
export function demoClaim(key: string): (typeof DEMO_CLAIMS)[number] {
  const claim = DEMO_CLAIMS.find((candidate) => candidate.key === key);
  if (!claim) throw new Error(`the demo data has no claim ${key}`);
  return claim;
}

export function isSignInUrl(url: string | URL): boolean {
  return new URL(url).pathname === '/signin';
}

/**
 * Alerts with text on the page, leaving out Next.js's route announcer (an empty role="alert" that
 * speaks page titles after client-side navigation).
 */
export function alerts(page: Page): Locator {
  return page
    .getByRole('alert')
    .filter({ hasText: /\S/ })
    .and(page.locator(':not(#__next-route-announcer__)'));
}

/**
 * Fills the sign-in form by its labels and waits until the browser leaves /signin. Starts at
 * /signin unless the page is already there (for instance after a redirect with a callbackUrl).
 */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  if (!page.url().startsWith(baseUrl) || !isSignInUrl(page.url())) await page.goto(`${baseUrl}/signin`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  try {
    await page.waitForURL((url) => !isSignInUrl(url), { timeout: 15_000 });
  } catch (error) {
    const message = (await alerts(page).allTextContents()).join(' ').trim();
    throw new Error(`sign-in as ${email} stayed on ${page.url()}: ${message || 'no message shown'}`, { cause: error });
  }
}

/** Signs in as the demo user with this role in a fresh page of the context. */
export async function signInAs(context: BrowserContext, baseUrl: string, user: DemoUser): Promise<Page> {
  const page = await context.newPage();
  await signIn(page, baseUrl, user.email, user.password);
  return page;
}

/** A full-page screenshot in test-results/screenshots/, for people to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/**
 * The section of a page whose level-2 heading is `name` (the innermost section or region holding
 * that heading).
 */
export function section(page: Page, name: string): Locator {
  return page
    .locator('section, [role="region"], article, aside')
    .filter({ has: page.getByRole('heading', { level: 2, name, exact: true }) })
    .last();
}

/**
 * Sets a form control whether it is an input, a textarea or a select. A select takes the option
 * whose value or text is `value`, or else the first whose text contains it.
 */
export async function setField(control: Locator, value: string): Promise<void> {
  const tag = await control.evaluate((element) => element.tagName.toLowerCase());
  if (tag !== 'select') {
    await control.fill(value);
    return;
  }
  const options = await control.locator('option').evaluateAll((elements) =>
    elements.map((element) => ({
      value: (element as HTMLOptionElement).value,
      label: (element.textContent ?? '').trim(),
    })),
  );
  const match =
    options.find((option) => option.value === value || option.label === value) ??
    options.find((option) => option.label.includes(value));
  if (!match) throw new Error(`no option "${value}" among: ${options.map((o) => o.label).join(' | ')}`);
  await control.selectOption(match.value);
}

/** Counts rows of a table in the app's database, read-only, while the server keeps running. */
export function countRows(dbFile: string, table: 'claims' | 'sources' | 'appearances' | 'quantities' | 'audit_events'): number {
  const sqlite = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const row = sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number };
    return row.n;
  } finally {
    sqlite.close();
  }
}

export interface ResponseIssue {
  url: string;
  problem: string;
}

export interface ResponseWatcher {
  /** Waits for every response seen so far to be inspected, then returns what was found. */
  settle(): Promise<{ issues: ResponseIssue[]; documents: number; bodies: number }>;
}

/**
 * Watches every response the context receives from the app: each document (not a redirect) must
 * carry a Content-Security-Policy whose script-src has no 'unsafe-inline', and no text body
 * (HTML, RSC payload, JSON) may contain a password hash ('scrypt$').
 */
export function watchResponses(context: BrowserContext, baseUrl: string): ResponseWatcher {
  const origin = new URL(baseUrl).origin;
  const issues: ResponseIssue[] = [];
  const pending = new Set<Promise<void>>();
  let documents = 0;
  let bodies = 0;

  const inspect = async (response: Response) => {
    const url = response.url();
    if (new URL(url).origin !== origin) return;
    const status = response.status();
    if (status >= 300 && status < 400) return;
    const headers = await response.allHeaders();
    if (response.request().resourceType() === 'document') {
      documents += 1;
      const problem = cspProblem(headers['content-security-policy']);
      if (problem) issues.push({ url, problem });
    }
    const type = headers['content-type'] ?? '';
    if (/text\/|json|x-component/.test(type)) {
      const body = await response.text().catch(() => undefined);
      if (body !== undefined) {
        bodies += 1;
        if (body.includes('scrypt$')) issues.push({ url, problem: "the body contains 'scrypt$' (a password hash)" });
      }
    }
  };

  context.on('page', (page) => {
    page.on('dialog', (dialog) => {
      issues.push({ url: page.url(), problem: `a ${dialog.type()} dialog opened: ${dialog.message()}` });
      dialog.dismiss().catch(() => undefined);
    });
  });

  context.on('response', (response) => {
    const job = inspect(response)
      .catch((error: unknown) => {
        // A page closed mid-response has no headers to read; anything else is a finding.
        if (!/closed|Target page|has been closed/i.test(String(error))) {
          issues.push({ url: response.url(), problem: `could not inspect: ${String(error)}` });
        }
      })
      .finally(() => pending.delete(job));
    pending.add(job);
  });

  return {
    async settle(): Promise<{ issues: ResponseIssue[]; documents: number; bodies: number }> {
      while (pending.size > 0) await Promise.all([...pending]);
      return { issues: [...issues], documents, bodies };
    },
  };
}

/** Why a Content-Security-Policy header value is not strict enough for scripts, or undefined. */
export function cspProblem(header: string | undefined): string | undefined {
  if (!header) return 'no Content-Security-Policy header';
  const directives = new Map(
    header
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((tokens) => tokens[0])
      .map((tokens) => [tokens[0]!.toLowerCase(), tokens.slice(1)] as const),
  );
  const scriptSrc = directives.get('script-src') ?? directives.get('default-src');
  if (!scriptSrc) return `no script-src or default-src in: ${header}`;
  if (scriptSrc.includes("'unsafe-inline'")) return `script-src allows 'unsafe-inline': ${header}`;
  return undefined;
}
