import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/open';
import { seedDemo } from '@/lib/demo/seed';
import { DEMO_CLAIMS } from '@/db/seed/demo-claims';
import { createApiKey, revokeApiKey } from '@/lib/api/keys';
import { recordAssessment } from '@/lib/review/assessments';
import { openDisagreement, resolveDisagreement } from '@/lib/review/disagreements';
import { addEvidence } from '@/lib/review/evidence';
import type { Actor } from '@/lib/auth/permissions';
import { createUser } from '@/lib/admin/users';
import { saveVerdictDraft } from '@/lib/verdicts/verdicts';
import { createClaim } from '@/lib/claims/claims';
import {
  ACTORS,
  BLIND_RATED,
  DUPLICATE_FIXTURE,
  FIXTURE_CLAIMS,
  MATRIX,
  READY_TO_PUBLISH,
  REASSIGNABLE_KEY_NAME,
  REVOCABLE_KEY_NAME,
  SESSION_ACTIONS,
  matrixAsMarkdown,
  rowName,
  type ActorName,
  type Fixtures,
  type MatrixRow,
  type Outcome,
  type Scope,
} from './support/authorization-matrix';
import { demoUser, startApp, type RunningApp } from './support/harness';
import { HttpClient, SecretWatch, appRoutes, serverActions, type ActionResponse } from './support/http-client';
import { actorByEmail } from '../helpers/actors';

/**
 * Drives every cell of the authorisation matrix (./authorization-matrix.ts) over HTTP against one
 * running app, and checks that the matrix lists everything the build serves. Cells are not reset
 * between each other: each builds its request from the database when it runs, refused callers go
 * first, and every refused cell must leave its watched tables and the audit log exactly as they
 * were.
 */

const root = path.resolve(import.meta.dirname, '..', '..');
const EVIL_ORIGIN = 'https://evil.example';
const CROSS_SITE = { origin: EVIL_ORIGIN, 'sec-fetch-site': 'cross-site' };
const DISABLED = { email: 'disabled-editor@demo.claimbench.test', name: 'Dana Disabled', password: 'disabled-editor-pass' };
const KEY_SCOPES: Record<string, Scope[]> = {
  'key:verdicts:read': ['verdicts:read'],
  'key:claims:write': ['claims:write'],
  'key:export:read': ['export:read'],
  'key:all': ['verdicts:read', 'claims:write', 'export:read', 'claims:read'],
  'key:no-scope': [],
  'key:revoked': ['verdicts:read', 'claims:write', 'export:read'],
};
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

let dir: string;
let app: RunningApp;
let watch: SecretWatch;
let sqlite: Database.Database;
let keys: Record<string, string>;
const callers = new Map<ActorName, { client: HttpClient; headers: Record<string, string> }>();

// ——— The database the app starts on: the demo data plus the fixtures the matrix names ———

function claimIdOf(db: ReturnType<typeof openDatabase>, key: string): number {
  const claim = DEMO_CLAIMS.find((candidate) => candidate.key === key);
  const row = db.$client.prepare('SELECT id FROM claims WHERE statement = ?').get(claim?.statement) as { id: number } | undefined;
  if (!row) throw new Error(`the demo data has no claim ${key}`);
  return row.id;
}

async function prepareDatabase(dbFile: string): Promise<Record<string, string>> {
  const db = openDatabase(dbFile);
  try {
    await seedDemo(db);
    await createUser(db, null, { ...DISABLED, role: 'editor' });
    const reviewer1 = actorByEmail(db, demoUser('reviewer', 0).email);
    const reviewer2 = actorByEmail(db, demoUser('reviewer', 1).email);
    const editor = actorByEmail(db, demoUser('editor').email);
    const admin = actorByEmail(db, demoUser('admin').email);
    const evidence = (actor: Actor, claimId: number, n: number) =>
      addEvidence(db, actor, {
        claimId,
        url: `https://example.org/fixture/${claimId}/${actor.id}/${n}`,
        title: `Fixture evidence ${n}`,
        stance: 'supports',
        note: '',
        quote: { exact: '', prefix: '', suffix: '' },
      });

    // Evidence to edit and retract: four items by reviewer1, three by reviewer2.
    const evidenceClaim = claimIdOf(db, FIXTURE_CLAIMS.EVIDENCE_CLAIM);
    for (let n = 0; n < 4; n++) evidence(reviewer1, evidenceClaim, n);
    for (let n = 0; n < 3; n++) evidence(reviewer2, evidenceClaim, n);

    // Disagreements to comment on, resolve and reopen.
    const disputed = claimIdOf(db, FIXTURE_CLAIMS.DISPUTED);
    const opened = [1, 2, 3, 4].map((n) => openDisagreement(db, reviewer1, { claimId: disputed, reason: `Fixture disagreement ${n}` }));
    for (const row of opened.slice(2)) resolveDisagreement(db, editor, { disagreementId: row.id, version: row.version, resolution: 'Settled.' });

    // A claim only reviewer2 has rated.
    recordAssessment(db, reviewer2, { claimId: claimIdOf(db, BLIND_RATED.claim), label: 'mixed', confidence: 40, rationale: BLIND_RATED.rationale, citedEvidenceIds: [] });

    // Two claims ready to publish.
    for (const key of READY_TO_PUBLISH) {
      const claimId = claimIdOf(db, key);
      const item = evidence(reviewer1, claimId, 0);
      for (const reviewer of [reviewer1, reviewer2]) {
        recordAssessment(db, reviewer, { claimId, label: 'accurate', confidence: 80, rationale: 'Confirmed.', citedEvidenceIds: [item.id] });
      }
      saveVerdictDraft(db, editor, {
        claimId,
        version: 0,
        label: 'accurate',
        headline: 'Confirmed',
        explanation: 'Both reviewers confirmed it.',
        citedEvidenceIds: [item.id],
      });
      const status = db.$client.prepare('SELECT status FROM claims WHERE id = ?').pluck().get(claimId);
      if (status !== 'ready') throw new Error(`fixture claim ${key} should be ready to publish, is ${String(status)}`);
    }

    // Three claims for the duplicate actions: the first is kept, each allowed mark merges one more into it.
    for (let n = 1; n <= 3; n++) {
      const claimId = createClaim(db, editor, {
        statement: `${DUPLICATE_FIXTURE} ${n}.`,
        claimantId: db.$client.prepare('SELECT min(id) FROM sources').pluck().get() as number,
        claimedOn: '2024-12-18',
        language: 'en',
        context: '',
        appearance: { url: `https://example.org/duplicate-fixture/${n}`, title: `Duplicate fixture ${n}`, quote: '' },
      }).id;
      evidence(reviewer1, claimId, 0);
    }

    // One key per scope, all, none, a revoked one, and two for revokeApiKeyAction to revoke.
    const made: Record<string, string> = {};
    for (const [actor, scopes] of Object.entries(KEY_SCOPES)) made[actor] = createApiKey(db, null, { name: `matrix ${actor}`, scopes }).key;
    const revoked = db.$client.prepare('SELECT id FROM api_keys WHERE name = ?').pluck().get('matrix key:revoked') as number;
    revokeApiKey(db, admin, { apiKeyId: revoked });
    for (const n of [1, 2]) createApiKey(db, null, { name: `${REVOCABLE_KEY_NAME} ${n}`, scopes: ['verdicts:read'] });
    createApiKey(db, null, { name: REASSIGNABLE_KEY_NAME, scopes: ['verdicts:read'] });
    return made;
  } finally {
    db.$client.close();
  }
}

// ——— Reading the app's database while it runs ———

/**
 * Tables left out of the comparison: the migration log, the full-text indexes (derived from claims,
 * sources and external fact-checks),
 * and webhook deliveries, which the delivery worker updates on its own schedule.
 */
const UNCOMPARED = /^(sqlite_|__drizzle_migrations$|claims_fts|sources_fts|factchecks_fts|webhook_deliveries$)/;

/** Row count and a checksum of the rows of every table (a key's last-used time is bookkeeping). */
function snapshot(): Map<string, string> {
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
  const digests = new Map<string, string>();
  for (const table of tables.filter((name) => !UNCOMPARED.test(name))) {
    const rows = (sqlite.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]).map((row) => {
      if (table === 'api_keys') delete row.last_used_at;
      return JSON.stringify(row);
    });
    rows.sort();
    digests.set(table, `${rows.length} rows, ${createHash('sha256').update(rows.join('\n')).digest('hex').slice(0, 16)}`);
  }
  return digests;
}

/** The tables whose rows differ between two snapshots. */
function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((table) => before.get(table) !== after.get(table)).sort();
}

/** The whole comparable database as one string, for before/after checks. */
function digest(): string {
  return JSON.stringify([...snapshot()]);
}

function fixtures(cell: string): Fixtures {
  const claimIds = new Map<string, number>();
  return {
    cell,
    claim(key) {
      let id = claimIds.get(key);
      if (id === undefined) {
        const claim = DEMO_CLAIMS.find((candidate) => candidate.key === key);
        id = (sqlite.prepare('SELECT id FROM claims WHERE statement = ?').pluck().get(claim?.statement) as number | undefined) ?? NaN;
        if (!Number.isSafeInteger(id)) throw new Error(`the demo data has no claim ${key}`);
        claimIds.set(key, id);
      }
      return id;
    },
    get sourceId() {
      return sqlite.prepare('SELECT min(id) FROM sources').pluck().get() as number;
    },
    get measureKey() {
      return sqlite.prepare('SELECT key FROM measures ORDER BY id LIMIT 1').pluck().get() as string;
    },
    userId(who) {
      const email = who === 'reviewer1' ? demoUser('reviewer', 0).email : who === 'reviewer2' ? demoUser('reviewer', 1).email : demoUser(who).email;
      return sqlite.prepare('SELECT id FROM users WHERE email = ?').pluck().get(email) as number;
    },
    row<T>(sql: string, ...params: unknown[]): T {
      const found = sqlite.prepare(sql).get(...params) as T | undefined;
      if (found === undefined) throw new Error(`no fixture row left for: ${sql.replace(/\s+/g, ' ')} [${params.join(', ')}]`);
      return found;
    },
  };
}

// ——— Checking one cell ———

interface Answer {
  status: number;
  headers: Headers;
  body: string;
  action?: ActionResponse;
}

function describeAnswer(answer: Answer): string {
  const location = answer.headers.get('location') ?? answer.action?.redirect;
  const result = answer.action ? ` result ${JSON.stringify(answer.action.result ?? answer.action.error)?.slice(0, 200)}` : '';
  return `${answer.status}${location ? ` → ${location}` : ''}${result}${answer.action ? '' : ` ${answer.body.slice(0, 160).replace(/\s+/g, ' ')}`}`;
}

function isProblem(answer: Answer, status: number): boolean {
  return answer.status === status && (answer.headers.get('content-type') ?? '').startsWith('application/problem+json');
}

function redirectTarget(answer: Answer): string | undefined {
  if (![301, 302, 303, 307, 308].includes(answer.status)) return undefined;
  const location = answer.headers.get('location');
  if (!location) return undefined;
  const url = new URL(location, app.baseUrl);
  return url.origin === new URL(app.baseUrl).origin ? `${url.pathname}${url.search}` : location;
}

/** Why the answer is not the expected outcome, or undefined when it is. */
function mismatch(row: MatrixRow, outcome: Outcome, requestPath: string, answer: Answer): string | undefined {
  if (typeof outcome === 'object') return redirectTarget(answer) === outcome.redirect ? undefined : `expected a redirect to ${outcome.redirect}`;
  if (outcome === 'cross-site') {
    return isProblem(answer, 403) && /cross-site/i.test(answer.body) ? undefined : 'expected the proxy’s 403 cross-site refusal';
  }
  if (row.kind === 'action') {
    const result = answer.action?.result as { ok?: boolean; message?: string } | undefined;
    switch (outcome) {
      case 'allow':
        return answer.status === 200 && (answer.action?.redirect !== undefined || result?.ok === true) ? undefined : 'expected { ok: true } or a redirect';
      case 'signin':
        return result?.ok === false && /sign in/i.test(result.message ?? '') ? undefined : 'expected the “Sign in” form error';
      case 'forbid':
        return result?.ok === false && /permission|only/i.test(result.message ?? '') ? undefined : 'expected the “not allowed” form error';
      case 'hidden':
        return result?.ok === false && /not exist|not found/i.test(result.message ?? '') ? undefined : 'expected “does not exist”';
    }
  }
  if (row.kind === 'page') {
    switch (outcome) {
      case 'allow':
        if (answer.status !== 200) return 'expected 200';
        if (row.private && !answer.body.includes(row.private)) return `expected the page to show “${row.private}”`;
        return row.shows && !answer.body.includes(row.shows) ? `expected the page to show “${row.shows}”` : undefined;
      case 'redacted':
        if (answer.status !== 200) return 'expected 200';
        if (row.shows && !answer.body.includes(row.shows)) return `expected the page to show “${row.shows}”`;
        return row.private && answer.body.includes(row.private) ? `the page shows “${row.private}”` : undefined;
      case 'signin': {
        const target = redirectTarget(answer);
        return target === `/signin?callbackUrl=${encodeURIComponent(requestPath)}` ? undefined : 'expected a redirect to /signin with a callbackUrl back here';
      }
      case 'forbid':
        if (answer.status !== 403) return 'expected 403 with the page’s notice';
        if (row.notice && !answer.body.includes(row.notice)) return `expected the notice “${row.notice}”`;
        if (row.private && answer.body.includes(row.private)) return `the refused page shows “${row.private}”`;
        return row.shows && answer.body.includes(row.shows) ? `the refused page shows “${row.shows}”` : undefined;
      case 'hidden':
        return answer.status === 404 ? undefined : 'expected 404';
    }
  }
  switch (outcome) {
    case 'allow': {
      const expected = row.kind === 'route' ? (row.status ?? 200) : 200;
      return answer.status === expected ? undefined : `expected ${expected}`;
    }
    case 'signin':
      return isProblem(answer, 401) && answer.headers.get('www-authenticate') ? undefined : 'expected 401 problem+json with WWW-Authenticate';
    case 'forbid':
      return isProblem(answer, 403) ? undefined : 'expected 403 problem+json';
    case 'hidden':
      return isProblem(answer, 404) ? undefined : 'expected 404 problem+json';
  }
}

async function send(row: MatrixRow, f: Fixtures, client: HttpClient, headers: Record<string, string>): Promise<{ path: string; answer: Answer }> {
  if (row.kind === 'action') {
    const pagePath = row.page(f);
    const action = await client.action(row.name, pagePath, row.fields(f), { headers });
    return { path: pagePath, answer: { status: action.status, headers: action.headers, body: action.body, action } };
  }
  const requestPath = row.path(f);
  let body: string | undefined;
  const sent = { ...(row.kind === 'route' ? row.headers?.(f) : {}), ...headers };
  if (row.kind === 'route' && row.json) {
    body = JSON.stringify(row.json(f));
    sent['content-type'] = 'application/json';
  } else if (row.kind === 'route' && row.form) {
    body = new URLSearchParams(row.form(f)).toString();
    sent['content-type'] = 'application/x-www-form-urlencoded';
  }
  const method = row.kind === 'route' ? row.method : 'GET';
  const response = await client.request(requestPath, { method, headers: sent, body });
  return { path: requestPath, answer: { status: response.status, headers: response.headers, body: await response.text() } };
}

/** The row's cells, refused callers first so that allowed writes cannot make a refusal look clean. */
function cellOrder(row: MatrixRow): ActorName[] {
  const allowed = (actor: ActorName) => row.who[actor] === 'allow';
  return [...ACTORS.filter((actor) => !allowed(actor)), ...ACTORS.filter(allowed)];
}

/**
 * Runs one cell and checks its answer and, unless `watchWrites` is false (the caller then compares
 * the database around a whole batch), what it wrote.
 */
async function runCell(row: MatrixRow, actor: ActorName, watchWrites = true): Promise<string | undefined> {
  const outcome = row.who[actor];
  const name = `${rowName(row)} × ${actor}`;
  const f = fixtures(`${actor} ${rowName(row)}`);
  const caller = callers.get(actor);
  if (!caller) return `${name}: no client for ${actor}`;
  // The one reply that may carry a webhook secret is read with its own watch, checked below.
  const reveals = row.kind === 'action' && row.revealsWebhookSecret === true && outcome === 'allow';
  const ownWatch = reveals ? new SecretWatch(app.dbFile, [app.authSecret]) : undefined;
  let client = caller.client;
  if (ownWatch) {
    client = new HttpClient(app.baseUrl, ownWatch);
    client.copyCookiesFrom(caller.client);
  }
  const before = watchWrites ? snapshot() : undefined;
  let sent: { path: string; answer: Answer };
  try {
    sent = await send(row, f, client, caller.headers);
  } catch (error) {
    return `${name}: ${error instanceof Error ? error.message : String(error)}`;
  }
  const touched = before ? changed(before, snapshot()) : [];
  const problems: string[] = [];
  const wrong = mismatch(row, outcome, sent.path, sent.answer);
  if (wrong) problems.push(`${wrong}, got ${describeAnswer(sent.answer)}`);
  const mayWrite = new Set<string>(outcome === 'allow' && row.writes.length > 0 ? [...row.writes, 'audit_events'] : []);
  const stray = touched.filter((table) => !mayWrite.has(table));
  if (stray.length > 0) problems.push(`wrote to ${stray.join(', ')}${outcome === 'allow' ? ' (not in its writes)' : ' although refused'}`);
  if (mayWrite.size > 0 && !wrong && !touched.some((table) => (row.writes as string[]).includes(table))) problems.push('was allowed but wrote nothing');
  if (mayWrite.size > 0 && !wrong && !touched.includes('audit_events')) problems.push('wrote without an audit event');
  if (ownWatch) {
    const secret = sqlite.prepare('SELECT secret FROM webhooks ORDER BY id DESC LIMIT 1').pluck().get() as string;
    const found = ownWatch.findings.map((finding) => finding.secret);
    if (found.length !== 1 || found[0] !== `${secret.slice(0, 6)}…`) problems.push(`expected the new webhook’s secret shown once to its creator, saw ${JSON.stringify(found)}`);
  }
  return problems.length > 0 ? `${name} (expected ${typeof outcome === 'string' ? outcome : JSON.stringify(outcome)}): ${problems.join('; ')}` : undefined;
}

// ——— What the build serves ———

/** `app/api/v1/verdicts/route.ts` → `/api/v1/verdicts/route`, with the HTTP methods it exports. */
function routeHandlerExports(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^route\.(ts|tsx|js|mjs)$/.test(entry.name)) {
        const source = fs.readFileSync(full, 'utf8');
        const methods = new Set<string>();
        for (const match of source.matchAll(/export\s+(?:async\s+)?function\s+([A-Z]+)\b/g)) methods.add(match[1]!);
        for (const match of source.matchAll(/export\s+(?:const|let|var)\s+([A-Z]+)\b/g)) methods.add(match[1]!);
        for (const match of source.matchAll(/export\s*\{([^}]*)\}/g)) {
          for (const part of match[1]!.split(',')) {
            const exported = part.trim().split(/\s+as\s+/).pop()?.trim();
            if (exported) methods.add(exported);
          }
        }
        const relative = path.relative(path.join(root, 'app'), full).split(path.sep).join('/');
        found.set(`/${relative.replace(/\.(ts|tsx|js|mjs)$/, '')}`, [...methods].filter((m) => HTTP_METHODS.includes(m)).sort());
      }
    }
  };
  walk(path.join(root, 'app'));
  return found;
}

describe('the authorisation matrix lists everything the build serves', () => {
  it('has a row for every page and route handler of the build', () => {
    const listed = new Set(MATRIX.filter((row) => row.kind !== 'action').map((row) => row.route));
    const missing = appRoutes().filter((route) => !listed.has(route));
    expect(missing, `add these to tests/e2e/support/authorization-matrix.ts: ${missing.join(', ')}`).toEqual([]);
  });

  it('has a row for every HTTP method each route handler file exports', () => {
    const exports = routeHandlerExports();
    expect(exports.size).toBeGreaterThan(5);
    const missing: string[] = [];
    for (const [route, methods] of exports) {
      expect(methods.length, `${route} exports no HTTP method the scan recognises`).toBeGreaterThan(0);
      for (const method of methods) {
        if (!MATRIX.some((row) => row.kind === 'route' && row.route === route && row.method === method)) missing.push(`${method} ${route}`);
      }
    }
    expect(missing, `add these to tests/e2e/support/authorization-matrix.ts: ${missing.join(', ')}`).toEqual([]);
  });

  it('has a row for every server action of the build', () => {
    const listed = new Set([...MATRIX.filter((row) => row.kind === 'action').map((row) => row.name), ...Object.keys(SESSION_ACTIONS)]);
    const missing = serverActions()
      .map((action) => `${action.name} (${action.file})`)
      .filter((name) => !listed.has(name.split(' ')[0]!));
    expect(missing, `add these to tests/e2e/support/authorization-matrix.ts: ${missing.join(', ')}`).toEqual([]);
  });

  it('has no row for something the build does not serve', () => {
    const routes = new Set(appRoutes());
    const actions = new Set(serverActions().map((action) => action.name));
    expect(Object.keys(SESSION_ACTIONS).filter((name) => !actions.has(name))).toEqual([]);
    const exports = routeHandlerExports();
    const stale = MATRIX.filter((row) => {
      if (row.kind === 'action') return !actions.has(row.name);
      if (!routes.has(row.route)) return true;
      const methods = row.kind === 'route' ? exports.get(row.route) : undefined;
      return methods !== undefined && row.kind === 'route' && !methods.includes(row.method);
    }).map(rowName);
    expect(stale).toEqual([]);
    const names = MATRIX.map(rowName);
    expect(names.filter((name, i) => names.indexOf(name) !== i), 'rows with the same name need a variant').toEqual([]);
  });

  it('is written out for people', () => {
    const file = path.join(root, 'test-results', 'authorization-matrix.md');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, matrixAsMarkdown());
    expect(fs.readFileSync(file, 'utf8').split('\n').length).toBeGreaterThan(MATRIX.length);
  });
});

describe('every cell of the matrix over HTTP', () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-authz-'));
    const dbFile = path.join(dir, 'claimbench.db');
    keys = await prepareDatabase(dbFile);
    // The matrix registers a webhook on the discard port at 127.0.0.1, which the operator must allow.
    app = await startApp({ dbFile, env: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1:9' } });
    watch = new SecretWatch(app.dbFile, [app.authSecret]);
    sqlite = new Database(app.dbFile, { readonly: true, fileMustExist: true });

    const signedIn = async (email: string, password: string) => {
      const client = new HttpClient(app.baseUrl, watch);
      const result = await client.signIn(email, password);
      if (!result.ok) throw new Error(`could not sign in as ${email}: ${result.status} ${result.location}`);
      return client;
    };
    const reviewer = await signedIn(demoUser('reviewer').email, demoUser('reviewer').password);
    const editor = await signedIn(demoUser('editor').email, demoUser('editor').password);
    const admin = await signedIn(demoUser('admin').email, demoUser('admin').password);
    const disabled = await signedIn(DISABLED.email, DISABLED.password);
    // An admin disables the account after its owner signed in; the cookie stays in their browser.
    const writer = new Database(app.dbFile);
    try {
      writer.prepare('UPDATE users SET disabled_at = ? WHERE email = ?').run(new Date().toISOString(), DISABLED.email);
    } finally {
      writer.close();
    }

    callers.set('none', { client: new HttpClient(app.baseUrl, watch), headers: {} });
    callers.set('disabled', { client: disabled, headers: {} });
    callers.set('reviewer', { client: reviewer, headers: {} });
    callers.set('editor', { client: editor, headers: {} });
    callers.set('admin', { client: admin, headers: {} });
    callers.set('editor-cross-site', { client: editor, headers: CROSS_SITE });
    for (const actor of Object.keys(KEY_SCOPES) as ActorName[]) {
      callers.set(actor, { client: new HttpClient(app.baseUrl, watch), headers: { authorization: `Bearer ${keys[actor]}` } });
    }
  });

  afterAll(async () => {
    sqlite?.close();
    await app?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Cells of a row that may write nothing run four at a time between two snapshots of the database. */
  async function runReadOnlyRow(row: MatrixRow): Promise<string[]> {
    const before = snapshot();
    const pending = [...cellOrder(row)];
    const failures: string[] = [];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let actor = pending.shift(); actor !== undefined; actor = pending.shift()) {
          const failure = await runCell(row, actor, false);
          if (failure) failures.push(failure);
        }
      }),
    );
    const touched = changed(before, snapshot());
    if (touched.length > 0) failures.push(`${rowName(row)}: a read wrote to ${touched.join(', ')}`);
    return failures;
  }

  for (const row of MATRIX) {
    it(rowName(row), async () => {
      if (row.writes.length === 0) {
        expect(await runReadOnlyRow(row)).toEqual([]);
        return;
      }
      const failures: string[] = [];
      for (const actor of cellOrder(row)) {
        const failure = await runCell(row, actor);
        if (failure) failures.push(failure);
      }
      expect(failures).toEqual([]);
    });
  }

  it('keeps every session through the refused sign-out POSTs, and the disabled user out', async () => {
    for (const actor of ['reviewer', 'editor', 'admin'] as const) {
      const response = await callers.get(actor)!.client.request('/api/me');
      expect(response.status, actor).toBe(200);
    }
    expect((await callers.get('disabled')!.client.request('/api/me')).status).toBe(401);
    const again = await new HttpClient(app.baseUrl, watch).signIn(DISABLED.email, DISABLED.password);
    expect(again.ok).toBe(false);
  });

  describe('cross-site requests', () => {
    const commentOn = (client: HttpClient, headers: Record<string, string>) => {
      const f = fixtures('cross-site');
      const open = f.row<{ id: number; claimId: number }>("SELECT id, claim_id AS claimId FROM disagreements WHERE status = 'open' ORDER BY id LIMIT 1");
      return client.action('commentAction', `/claims/${open.claimId}`, { disagreementId: String(open.id), body: 'From another site?' }, { headers });
    };

    it.each([
      ['a foreign Origin alone', { origin: EVIL_ORIGIN }],
      ['Sec-Fetch-Site: cross-site alone', { 'sec-fetch-site': 'cross-site' }],
      ['a sibling subdomain (same-site, another origin)', { origin: 'http://evil.127.0.0.1.nip.io', 'sec-fetch-site': 'same-site' }],
      ['an opaque Origin: null', { origin: 'null' }],
    ])('refuses a server action posted with %s: 403, nothing written', async (_what, headers) => {
      const before = digest();
      const answer = await commentOn(callers.get('editor')!.client, headers);
      expect(answer.status).toBe(403);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.body).toMatch(/Cross-site requests are not accepted/);
      expect(digest()).toBe(before);
    });

    it('accepts the same action from the app’s own origin and without any Origin (curl, scripts)', async () => {
      const editor = callers.get('editor')!.client;
      const own = await commentOn(editor, { origin: new URL(app.baseUrl).origin, 'sec-fetch-site': 'same-origin' });
      expect(own.result).toMatchObject({ ok: true });
      const bare = await commentOn(editor, {});
      expect(bare.result).toMatchObject({ ok: true });
    });

    it('refuses a cross-site form POST to a page without running anything', async () => {
      const before = digest();
      const response = await callers.get('editor')!.client.request('/claims/new', {
        method: 'POST',
        headers: { ...CROSS_SITE, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ statement: 'Posted from another site.' }),
      });
      expect(response.status).toBe(403);
      expect(digest()).toBe(before);
    });

    it('refuses a cross-site POST to the session-authenticated download route; a cross-site link to it still works', async () => {
      const editor = callers.get('editor')!.client;
      const posted = await editor.request('/export/download?format=csv', { method: 'POST', headers: CROSS_SITE });
      expect(posted.status).toBe(403);
      const linked = await editor.request('/export/download?format=csv', { headers: { ...CROSS_SITE, 'sec-fetch-mode': 'navigate' } });
      expect(linked.status).toBe(200);
      // /api/me has no write method at all, so a cross-site POST finds nothing to run.
      expect((await editor.request('/api/me', { method: 'POST', headers: CROSS_SITE })).status).toBe(405);
    });

    it('lets the CMS call /api/v1 from anywhere with a key, but never with only a session cookie', async () => {
      const body = JSON.stringify({ statement: 'Submitted from the CMS’s own origin.', claimant: { name: 'Matrix Claimant' }, appearance: { url: 'https://news.example/cms' } });
      const withKey = await callers.get('key:claims:write')!.client.request('/api/v1/claims', {
        method: 'POST',
        headers: { ...CROSS_SITE, authorization: `Bearer ${keys['key:claims:write']}`, 'content-type': 'application/json' },
        body,
      });
      expect(withKey.status).toBe(201);
      const before = digest();
      const withCookie = await callers.get('editor')!.client.request('/api/v1/claims', {
        method: 'POST',
        headers: { ...CROSS_SITE, 'content-type': 'application/json' },
        body,
      });
      expect(withCookie.status).toBe(401);
      expect(digest()).toBe(before);
    });

    it('refuses a cross-site sign-in without next-auth’s CSRF token, even with the right password', async () => {
      const attacker = new HttpClient(app.baseUrl, watch);
      const response = await attacker.request('/api/auth/callback/credentials', {
        method: 'POST',
        headers: { ...CROSS_SITE, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: demoUser('editor').email, password: demoUser('editor').password, callbackUrl: `${EVIL_ORIGIN}/` }),
      });
      expect(attacker.hasSession()).toBe(false);
      expect(redirectTarget({ status: response.status, headers: response.headers, body: '' })).toMatch(/^\/api\/auth\/signin\?csrf=true$|^\/signin\?.*csrf=true/);
      // A token the attacker fetched for itself does not help: it is bound to the attacker's cookie.
      const tokenSource = new HttpClient(app.baseUrl, watch);
      const { csrfToken } = JSON.parse(await (await tokenSource.request('/api/auth/csrf')).text()) as { csrfToken: string };
      const victim = new HttpClient(app.baseUrl, watch);
      await victim.request('/api/auth/callback/credentials', {
        method: 'POST',
        headers: { ...CROSS_SITE, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrfToken, email: demoUser('editor').email, password: demoUser('editor').password }),
      });
      expect(victim.hasSession()).toBe(false);
    });

    it('refuses a cross-site sign-out without next-auth’s CSRF token: the session stays', async () => {
      const editor = callers.get('editor')!.client;
      const response = await editor.request('/api/auth/signout', {
        method: 'POST',
        headers: { ...CROSS_SITE, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ callbackUrl: `${EVIL_ORIGIN}/` }),
      });
      expect(redirectTarget({ status: response.status, headers: response.headers, body: '' })).toBe('/api/auth/signout?csrf=true');
      expect(editor.hasSession()).toBe(true);
      expect((await editor.request('/api/me')).status).toBe(200);
    });
  });

  it('saw no secret in any response', () => {
    expect(watch.bodies).toBeGreaterThan(MATRIX.length * ACTORS.length);
    expect(watch.findings).toEqual([]);
  });
});
