import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '@/db/open';
import { createApiKey } from '@/lib/api/keys';
import { createClaim } from '@/lib/claims/claims';
import { createWebhook } from '@/lib/webhooks/webhooks';
import { SESSION_ACTIONS_NOT_FUZZED, actionCases, actionSpecs, type ActionCase, type ActionSpec } from './support/hostile-action-cases';
import { CSRF_TOKEN, routeCases, type HttpCase, type RouteGenerator, type Who } from './support/hostile-api-cases';
import { fingerprint, readDb, routeHandlers, sendAction, type ActionAnswer } from './support/hostile-wire';
import { demoUser, startApp, type RunningApp } from './support/harness';
import { HttpClient, SecretWatch, serverActions, type ServerActionInfo } from './support/http-client';
import { userActor } from '../helpers/actors';

/**
 * Hostile input (issue 5, security test 6): generated requests to every route handler and calls of
 * every server action, mixing well-formed values with wrong types, missing and unknown fields, huge
 * strings, control characters, lone surrogates, invalid UTF-8, deep nesting, duplicate keys, absurd
 * numbers, odd headers and wrong methods. Whatever arrives: never a 5xx; a refusal from a route is
 * problem+json with a title and a detail (naming the field when it is a validation error); a
 * refused action answers { ok: false, message, fieldErrors } for its form; a refusal writes
 * nothing (row counts of every table and the newest audit event stay as they were); and an
 * acceptance happens only for input within the rules. The generators live in hostile-*-cases.ts.
 *
 * The seed is fixed (HOSTILE_SEED overrides it, HOSTILE_RUNS the runs per target) and printed by
 * fast-check with any counterexample. Cases that must be refused go out concurrently, a batch at a
 * time; cases that may succeed go one by one, so that each one's writes are its own.
 */

const SEED = Number(process.env.HOSTILE_SEED ?? 20_261_126);
const RUNS = Number(process.env.HOSTILE_RUNS ?? 10);
const BATCH = 8;
const TARGET_TIMEOUT_MS = 120_000;

let app: RunningApp;
let watch: SecretWatch;
/** Clients by who they are; `unwatched` ones are for the webhook form, whose reply shows the secret once. */
const clients = {} as Record<Who, HttpClient>;
const unwatched = {} as Record<Who, HttpClient>;
let routeGenerators: Record<string, RouteGenerator>;
let specs: Record<string, ActionSpec>;
let claimIds: number[];

interface Tally {
  sent: number;
  refused: number;
  accepted: number;
}
const tallies = new Map<string, Tally>();

function tally(target: string, accepted: boolean): void {
  const entry = tallies.get(target) ?? { sent: 0, refused: 0, accepted: 0 };
  entry.sent += 1;
  if (accepted) entry.accepted += 1;
  else entry.refused += 1;
  tallies.set(target, entry);
}

beforeAll(async () => {
  app = await startApp({ env: { API_RATE_LIMIT: '1000000' } });
  watch = new SecretWatch(app.dbFile, [app.authSecret]);
  const db = openDatabase(app.dbFile, { migrate: false });
  let key: string;
  let apiKeyIds: number[];
  let webhookIds: number[];
  let spareClaimIds: number[];
  try {
    key = createApiKey(db, null, { name: 'Hostile-input CMS', scopes: ['verdicts:read', 'claims:write', 'export:read'] }).key;
    apiKeyIds = [1, 2, 3].map((n) => createApiKey(db, null, { name: `Hostile-input spare ${n}`, scopes: ['verdicts:read'] }).apiKey.id);
    const admin = db.$client.prepare("SELECT id, name, email FROM users WHERE role = 'admin' ORDER BY id LIMIT 1").get() as { id: number; name: string; email: string };
    const actor = userActor({ ...admin, role: 'admin' });
    webhookIds = [1, 2].map((n) => createWebhook(db, actor, { url: `https://receiver-${n}.invalid/hooks`, events: ['verdict.published'] }).webhook.id);
    const claimantId = db.$client.prepare('SELECT min(id) FROM sources').pluck().get() as number;
    spareClaimIds = [1, 2, 3, 4].map(
      (n) =>
        createClaim(db, actor, {
          statement: `Hostile-input duplicate fixture ${n}.`,
          claimantId,
          claimedOn: '2024-12-18',
          language: 'en',
          context: '',
          appearance: { url: `https://example.org/hostile-duplicate/${n}`, title: `Fixture ${n}`, quote: '' },
        }).id,
    );
  } finally {
    db.$client.close();
  }

  clients.anonymous = new HttpClient(app.baseUrl, watch);
  unwatched.anonymous = new HttpClient(app.baseUrl);
  for (const role of ['editor', 'admin'] as const) {
    const user = demoUser(role);
    clients[role] = new HttpClient(app.baseUrl, watch);
    expect((await clients[role].signIn(user.email, user.password)).ok, `${role} signs in`).toBe(true);
    unwatched[role] = new HttpClient(app.baseUrl);
    unwatched[role].copyCookiesFrom(clients[role]);
  }

  const ids = (sql: string) => readDb(app.dbFile, (sqlite) => sqlite.prepare(sql).pluck().all() as number[]);
  // Other actions post to any claim's page but the spares, which the duplicate actions may merge (their pages then redirect).
  claimIds = ids('SELECT id FROM claims ORDER BY id').filter((claimId) => !spareClaimIds.includes(claimId));
  const publishedIds = ids("SELECT id FROM claims WHERE status = 'published' ORDER BY id");
  const feed = await clients.anonymous.request('/api/v1/verdicts?limit=1');
  const validCursor = (JSON.parse(await feed.text()) as { next_cursor: string }).next_cursor;
  routeGenerators = routeCases({ key, claimIds, publishedIds, validCursor });
  specs = actionSpecs({
    claimIds,
    sourceIds: ids('SELECT id FROM sources ORDER BY id'),
    sourceNames: readDb(app.dbFile, (sqlite) => sqlite.prepare('SELECT name FROM sources ORDER BY id').pluck().all() as string[]),
    evidenceIds: ids('SELECT id FROM evidence ORDER BY id'),
    disagreementIds: ids('SELECT id FROM disagreements ORDER BY id'),
    apiKeyIds,
    webhookIds,
    factcheckIds: ids('SELECT id FROM external_factchecks ORDER BY id'),
    spareClaimIds,
  });
});

afterAll(async () => {
  if (tallies.size > 0) {
    console.log(`hostile input (seed ${SEED}, ${RUNS} runs of up to ${BATCH} per target):`);
    console.table(Object.fromEntries(tallies));
  }
  await app?.stop();
});

/** Runs a property over batches of cases with the suite's seed; fast-check prints seed and path on failure. */
async function check<T>(cases: fc.Arbitrary<T>, run: (batch: T[]) => Promise<void>): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.array(cases, { minLength: 1, maxLength: BATCH }), run),
    // The server's state moves on with every accepted case, so shrinking would replay a different world.
    { seed: SEED, numRuns: RUNS, endOnFailure: true, includeErrorInReport: true },
  );
}

/** Sends the batch: the must-refuse cases together (nothing may change), the others one by one. */
async function runBatch<T extends { refuse: string[] }>(batch: T[], send: (item: T) => Promise<{ refused: boolean; label: string }>): Promise<void> {
  const mustRefuse = batch.filter((item) => item.refuse.length > 0);
  const before = fingerprint(app.dbFile);
  const answers = await Promise.all(mustRefuse.map(send));
  expect(fingerprint(app.dbFile), `a refused request wrote to the database:\n${answers.map((a) => a.label).join('\n')}`).toEqual(before);
  for (const item of batch.filter((candidate) => candidate.refuse.length === 0)) {
    const start = fingerprint(app.dbFile);
    const answer = await send(item);
    if (answer.refused) expect(fingerprint(app.dbFile), `a refused request wrote to the database:\n${answer.label}`).toEqual(start);
  }
}

function describeBody(body: HttpCase['body']): string {
  if (body === undefined) return 'no body';
  if (typeof body === 'string') return body.length > 200 ? `${JSON.stringify(body.slice(0, 200))}… (${body.length} chars)` : JSON.stringify(body);
  return `${body.length} bytes ${Buffer.from(body.subarray(0, 100)).toString('hex')}`;
}

// ---------------------------------------------------------------------------------------------

interface Problem {
  type?: unknown;
  title?: unknown;
  status?: unknown;
  detail?: unknown;
  errors?: { path?: unknown; message?: unknown }[];
}

/** RFC 9457 problem details with a title and a detail; a 400 names the field or parameter. */
function expectProblem(status: number, headers: Headers, text: string, label: string): void {
  expect(headers.get('content-type') ?? '', label).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(text) as Problem;
  expect(problem.status, label).toBe(status);
  expect(typeof problem.title === 'string' && problem.title.trim() !== '', label).toBe(true);
  expect(typeof problem.detail === 'string' && problem.detail.trim() !== '', label).toBe(true);
  if (status === 400) {
    expect(problem.errors?.length ?? 0, `a 400 names no field: ${label}`).toBeGreaterThan(0);
    for (const error of problem.errors ?? []) {
      // A parameter may really have an empty name ("?=1"); then the message has to say so.
      const named = typeof error.path === 'string' && error.path !== '_form' && (error.path !== '' || /empty name/.test(String(error.message)));
      expect(named, `a 400 names no field: ${label}`).toBe(true);
      expect(typeof error.message === 'string' && error.message !== '', label).toBe(true);
    }
  }
}

/**
 * next-auth's own answer to a refused sign-in from its client library: a 401 with JSON naming
 * where to go ({ url } on this site), which the sign-in form reads to show its message.
 */
function isSignInProtocol(c: HttpCase, response: Response, text: string): boolean {
  if (!c.path.startsWith('/api/auth/') || response.status !== 401 || !/^application\/json/.test(response.headers.get('content-type') ?? '')) return false;
  const { url } = JSON.parse(text) as { url?: unknown };
  const sameSite = typeof url === 'string' && new URL(url, app.baseUrl).origin === new URL(app.baseUrl).origin;
  if (sameSite) signInRefusals += 1;
  return sameSite;
}
let signInRefusals = 0;

/** The size of a request's head (request line, headers, cookies) as Node counts it, roughly. */
function headBytes(client: HttpClient, c: HttpCase): number {
  const headers = Object.entries(c.headers).reduce((sum, [name, value]) => sum + name.length + Buffer.byteLength(value, 'latin1') + 4, 0);
  return Buffer.byteLength(`${c.method} ${c.path} HTTP/1.1\r\n`) + headers + client.cookieHeader().length + 200;
}

async function sendHttp(target: string, c: HttpCase): Promise<{ refused: boolean; label: string }> {
  const client = clients[c.who];
  let body = c.body;
  if (typeof body === 'string' && body.includes(CSRF_TOKEN)) {
    // A real token, so that the sign-in callback gets as far as the credentials.
    const { csrfToken } = JSON.parse(await (await client.request('/api/auth/csrf')).text()) as { csrfToken: string };
    body = body.replaceAll(CSRF_TOKEN, csrfToken);
  }
  // A generated Cookie header goes with the client's own cookies (the session), not instead of them.
  const headers = c.headers.cookie === undefined ? c.headers : { ...c.headers, cookie: [client.cookieHeader(), c.headers.cookie].filter(Boolean).join('; ') };
  const response = await client.request(c.path, {
    method: c.method,
    headers,
    // fetch takes bytes as well; RequestOptions names only the kinds the other suites send.
    body: body as string | undefined,
  });
  const text = await response.text();
  const label = `${c.who} ${c.method} ${c.path.slice(0, 300)} headers ${JSON.stringify(Object.fromEntries(Object.entries(c.headers).map(([k, v]) => [k, v.slice(0, 60)])))} body ${describeBody(c.body)} → ${response.status} ${response.headers.get('content-type') ?? ''} ${text.slice(0, 300)}${c.refuse.length > 0 ? `\n  must be refused: ${c.refuse.join('; ')}` : ''}`;
  expect(response.status, label).toBeLessThan(500);
  if (response.status === 431) {
    // Node refuses a request head over its 16 KiB limit before the app sees it; only that may be a 431.
    expect(headBytes(client, c), `a 431 for a small request: ${label}`).toBeGreaterThan(15 * 1024);
    tally(target, false);
    return { refused: true, label };
  }
  if (c.refuse.length > 0) expect(response.status, label).toBeGreaterThanOrEqual(400);
  if (response.status >= 400 && c.method !== 'HEAD' && !isSignInProtocol(c, response, text)) expectProblem(response.status, response.headers, text, label);
  const location = response.status >= 300 && response.status < 400 ? response.headers.get('location') : null;
  if (location !== null) expect(new URL(location, app.baseUrl).origin, `redirected off the site: ${label}`).toBe(new URL(app.baseUrl).origin);
  if (c.who === 'anonymous') expect(client.hasSession(), `a session came out of hostile input: ${label}`).toBe(false);
  tally(target, response.status < 400);
  return { refused: response.status >= 400, label };
}

describe('route handlers', () => {
  for (const handler of routeHandlers()) {
    test(`${handler.template} (${handler.methods.join(', ')})`, { timeout: TARGET_TIMEOUT_MS }, async () => {
      const generator = routeGenerators[handler.template];
      expect(generator, `${handler.file} has no request generator in hostile-api-cases.ts`).toBeDefined();
      expect(handler.methods.filter((method) => !generator!.methods.includes(method)), `methods of ${handler.file} without generated requests`).toEqual([]);
      await check(generator!.cases, (batch) => runBatch(batch, (c) => sendHttp(handler.template, c)));
    });
  }
});

// ---------------------------------------------------------------------------------------------

function describePayload(c: ActionCase): string {
  const payload = c.payload;
  if (payload.kind === 'args') return `arguments ${payload.args}`;
  const fields = Object.entries(payload.fields).map(([name, value]) => {
    const shown = Array.isArray(value) ? JSON.stringify(value.map((v) => v.slice(0, 60))) : JSON.stringify(value.slice(0, 60));
    const length = Array.isArray(value) ? value.join(',').length : value.length;
    return `${name.slice(0, 40)}=${shown}${length > 60 ? `…(${length})` : ''}`;
  });
  return `${payload.kind === 'mpa' ? 'form post ' : ''}{ ${fields.join(', ')} }`;
}

function secretOf(answer: ActionAnswer): string | undefined {
  const result = answer.result as { ok?: boolean; data?: { secret?: unknown } } | undefined;
  return result?.ok === true && typeof result.data?.secret === 'string' ? result.data.secret : undefined;
}

async function callAction(action: ServerActionInfo, spec: ActionSpec, c: ActionCase): Promise<{ refused: boolean; label: string }> {
  const showsSecret = action.name === 'createWebhookAction';
  const client = (showsSecret ? unwatched : clients)[c.who];
  const page = spec.page(c.claimId);
  const answer = await sendAction(client, action, page, c.payload);
  if (showsSecret) {
    // The one response allowed to carry the new webhook's secret; every other secret is still checked.
    const secret = secretOf(answer);
    watch.check(page, secret ? answer.body.replaceAll(secret, '') : answer.body);
  }
  const result = answer.result as { ok?: unknown; message?: unknown; fieldErrors?: unknown } | undefined;
  const label = `${c.who} ${action.name} on ${page} ${describePayload(c)} → ${answer.status} ${answer.error ?? JSON.stringify(result)?.slice(0, 400)}${c.refuse.length > 0 ? `\n  must be refused: ${c.refuse.join('; ')}` : ''}`;
  expect(answer.status, label).toBeLessThan(500);
  if (c.payload.kind === 'mpa') {
    // A form post without JavaScript gets the page back; the database check is what matters.
    tally(action.name, false);
    return { refused: true, label };
  }
  const accepted = answer.redirect !== undefined || result?.ok === true;
  if (c.refuse.length > 0) expect(accepted, `accepted input it must refuse: ${label}`).toBe(false);
  if (!accepted) {
    expect(result, label).toMatchObject({ ok: false, message: expect.any(String), fieldErrors: expect.any(Object) });
    expect((result!.message as string).trim(), label).not.toBe('');
    // Field errors belong to fields of the form (or to the form as a whole).
    const known = [...Object.keys(spec.fields), '_form'];
    expect(Object.keys(result!.fieldErrors as object).filter((name) => !known.includes(name)), label).toEqual([]);
  }
  tally(action.name, accepted);
  return { refused: !accepted, label };
}

describe('server actions', () => {
  for (const action of serverActions().filter((candidate) => !SESSION_ACTIONS_NOT_FUZZED.includes(candidate.name))) {
    test(action.name, { timeout: TARGET_TIMEOUT_MS }, async () => {
      const spec = specs[action.name];
      expect(spec, `${action.name} (${action.file}) has no field generator in hostile-action-cases.ts`).toBeDefined();
      await check(actionCases(spec!, claimIds), (batch) => runBatch(batch, (c) => callAction(action, spec!, c)));
    });
  }
});

describe('server-action requests Next cannot decode', () => {
  /**
   * These never reach an action: Next's own decoding throws first and Next answers 500 with an
   * opaque digest (reported upstream-side in the issue; nothing of ours runs). What we can hold
   * it to: nothing is written and nothing about the server is revealed.
   */
  test('malformed bodies, wrong content types and oversized posts write nothing and reveal nothing', { timeout: TARGET_TIMEOUT_MS }, async () => {
    const action = serverActions().find((candidate) => candidate.name === 'commentAction')!;
    const boundary = 'HostileBoundary';
    const multipart = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_1_body"\r\n\r\nx\r\n--${boundary}\r\nContent-Disposition: form-data; name="0"\r\n\r\n[null,"$K1"]\r\n--${boundary}--\r\n`);
    const form = (zero: string) => {
      const body = new FormData();
      body.append('0', zero);
      return body;
    };
    const bodies: [string, Record<string, string>, BodyInit][] = [
      ['arguments that are not JSON', {}, form('not json')],
      ['deeply nested arguments', {}, form(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)],
      ['a text body', { 'content-type': 'text/plain' }, 'hello'],
      ['an empty body', { 'content-type': 'text/plain' }, ''],
      ['a truncated multipart body', { 'content-type': `multipart/form-data; boundary=${boundary}` }, multipart.subarray(0, 60)],
      ['a body over 1 MB', {}, form(JSON.stringify([null, 'x'.repeat(1_100_000)]))],
      ['an unknown action id', { 'next-action': 'f'.repeat(42) }, form('[null]')],
      ['a url-encoded body', { 'content-type': 'application/x-www-form-urlencoded' }, 'a=b'],
    ];
    const before = fingerprint(app.dbFile);
    for (const [what, headers, body] of bodies) {
      const response = await clients.editor.request('/claims/1', {
        method: 'POST',
        headers: { 'next-action': action.id, accept: 'text/x-component', ...headers },
        body: body as string,
      });
      const text = await response.text();
      const label = `${what} → ${response.status} ${text.slice(0, 200)}`;
      expect(response.status, label).not.toBe(200);
      expect(text, label).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\/work\/|SyntaxError|TypeError|RangeError/);
    }
    expect(fingerprint(app.dbFile)).toEqual(before);
  });
});

describe('a cookie next-auth will not accept', () => {
  test('a callback-url cookie that is not a web address breaks no page, action or sign-in', async () => {
    const bad = 'next-auth.callback-url=javascript%3Aalert(1)';
    const withBad = (client: HttpClient) => ({ cookie: `${client.cookieHeader()}; ${bad}` });
    for (const path of ['/', '/claims', '/claims/1', '/settings/api-keys', '/api/me']) {
      const response = await clients.editor.request(path, { headers: withBad(clients.editor) });
      expect(response.status, path).toBe(200);
    }
    const action = serverActions().find((candidate) => candidate.name === 'createApiKeyAction')!;
    const answer = await sendAction(clients.editor, action, '/settings/api-keys', { kind: 'fields', fields: { name: 'x'.repeat(101), scopes: 'verdicts:read' } }, withBad(clients.editor));
    expect(answer.result).toMatchObject({ ok: false, fieldErrors: { name: expect.any(Array) } });
    // The sign-in endpoints refuse it as a bad request and expire it, so the next attempt works.
    const refused = await fetch(`${app.baseUrl}/api/auth/csrf`, { headers: { cookie: bad } });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.headers.getSetCookie().join('\n')).toMatch(/next-auth\.callback-url=;.*Max-Age=0/);
    expect((await fetch(`${app.baseUrl}/api/auth/csrf`)).status).toBe(200);
  });
});

describe('afterwards', () => {
  test('the generators reached both sides of the rules, and no response carried a secret', () => {
    for (const target of ['/api/v1/claims', '/api/v1/verdicts', 'createClaimAction', 'commentAction', 'addEvidenceAction', 'createApiKeyAction']) {
      const entry = tallies.get(target);
      expect(entry?.accepted ?? 0, `${target} never accepted a generated input`).toBeGreaterThan(0);
      expect(entry?.refused ?? 0, `${target} never refused a generated input`).toBeGreaterThan(0);
    }
    // Hostile credentials reached next-auth's credentials check (its 401 answers to the sign-in form).
    expect(signInRefusals).toBeGreaterThan(0);
    expect(watch.bodies).toBeGreaterThan(100);
    expect(watch.findings).toEqual([]);
  });
});
