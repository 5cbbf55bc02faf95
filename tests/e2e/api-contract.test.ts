import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_EVIDENCE } from '@/db/seed/demo-evidence';
import { openDatabase } from '@/db/open';
import { createApiKey } from '@/lib/api/keys';
import { buildOpenApiDocument } from '@/lib/api/openapi';
import { ERROR_STATUS } from '@/lib/errors';
import { verifySignature } from '@/lib/webhooks/signature';
import { createConformanceChecker, type ConformanceChecker } from '../helpers/openapi-conformance';
import { startReceiver, type Receiver, type ReceivedRequest } from '../helpers/webhook-receiver';
import { alerts, countRows, demoClaim, demoUser, launchBrowser, newAppContext, section, signInAs, startApp, type RunningApp } from './support/harness';
import { claimIdOf, gotoClaim, openDisclosure, waitForStatus } from './support/workbench';

/**
 * The CMS's view of the API (README.md, "Verdicts out"), over HTTP against the built app: an editor makes
 * a key in settings (and `npm run apikey:create` makes one against the live database), the CMS
 * submits a claim twice with one Idempotency-Key, walks the verdict feed page by page, syncs with
 * updated_since, fetches ClaimReview and revalidates it with If-None-Match, receives signed
 * webhooks when the editor publishes and corrects, and is refused once its key is revoked. Every
 * JSON response is checked against the OpenAPI document the app serves.
 */

/** application/json, application/problem+json, application/ld+json — not application/x-ndjson. */
const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

const root = path.resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);

const zelensky = demoClaim('zelensky-troop-projection');
const zelenskyEvidence = DEMO_EVIDENCE['zelensky-troop-projection']?.[0]?.title ?? '';
const HEADLINE = 'Mostly inaccurate: no estimate supports 100,000 North Korean troops (API contract)';
const EXPLANATION = 'Zelensky said the contingent could grow to 100,000; no intelligence estimate went above about 12,000.';
const CORRECTED = `${EXPLANATION} He said it on 19 November 2024, to the European Parliament.`;
const CORRECTION_NOTE = 'API contract: added where and when he said it.';
const ARTICLE_URL = 'https://news.example/fact-checks/north-korean-troops-contract';
const KEY_NAME = 'Newsroom CMS (contract)';
const KEY_PATTERN = /^cbk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/;

let app: RunningApp;
let browser: Browser;
let editorContext: BrowserContext;
let editorPage: Page;
let receiver: Receiver;
let checker: ConformanceChecker;
/** The key the editor created in settings (verdicts:read, claims:write). */
let cmsKey = '';
/** The key `npm run apikey:create` created (verdicts:read). */
let cliKey = '';
let webhookSecret = '';
let zelenskyId = 0;
/** Every API response checked against the document so far. */
let conformanceChecks = 0;

beforeAll(async () => {
  [browser, receiver] = await Promise.all([launchBrowser(), startReceiver()]);
  // The CMS's receiver listens on loopback: allowed by the operator, as a CMS on the internal network would be.
  app = await startApp({ env: { WEBHOOK_ALLOWED_HOSTS: receiver.allowedHost } });
  editorContext = await newAppContext(browser, app.baseUrl);
  editorPage = await signInAs(editorContext, app.baseUrl, demoUser('editor'));
  zelenskyId = claimIdOf(app.dbFile, zelensky.statement);
});

afterAll(async () => {
  await browser?.close();
  await receiver?.close();
  await app?.stop();
});

// ---------------------------------------------------------------------------------------------
// The CMS's HTTP client: every answer is checked against the OpenAPI document.

interface ApiCall {
  method?: 'GET' | 'POST' | 'PUT';
  /** The documented path template, e.g. /api/v1/claims/{id}. */
  path: string;
  params?: Record<string, string | number>;
  query?: Record<string, string>;
  key?: string;
  headers?: Record<string, string>;
  json?: unknown;
}

interface ApiAnswer {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

async function api(call: ApiCall): Promise<ApiAnswer> {
  const method = call.method ?? 'GET';
  let urlPath = call.path;
  for (const [name, value] of Object.entries(call.params ?? {})) urlPath = urlPath.replace(`{${name}}`, encodeURIComponent(String(value)));
  const url = new URL(urlPath, app.baseUrl);
  for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value);
  const headers: Record<string, string> = { ...call.headers };
  if (call.key) headers.authorization = `Bearer ${call.key}`;
  if (call.json !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    body: call.json === undefined ? undefined : JSON.stringify(call.json),
    redirect: 'manual',
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  const contentType = response.headers.get('content-type');
  const body = text !== '' && JSON_TYPE.test(contentType ?? '') ? (JSON.parse(text) as unknown) : text === '' ? undefined : text;
  expect(response.status, `${method} ${url.pathname}${url.search} answered ${response.status}: ${text}`).toBeLessThan(500);
  expect(checker.check({ method, path: call.path, status: response.status, contentType, body }), `${method} ${url.pathname}${url.search}`).toEqual([]);
  conformanceChecks += 1;
  return { status: response.status, headers: response.headers, text, body };
}

/** A refusal is RFC 9457 problem+json whose status matches the HTTP status. */
function expectProblem(answer: ApiAnswer, status: number, names?: string): { detail: string; errors?: { path: string; message: string }[] } {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = answer.body as { type: string; title: string; status: number; detail: string; errors?: { path: string; message: string }[] };
  expect(problem).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) });
  if (names) expect(`${problem.detail} ${JSON.stringify(problem.errors ?? [])}`).toContain(names);
  return problem;
}

type VerdictItem = {
  claim_id: number;
  statement: string;
  version: number;
  kind: string;
  updated_at: string;
  article_url: string | null;
  correction_note: string | null;
  claimreview_url: string | null;
  rating: { label: string };
};
type VerdictPage = { items: VerdictItem[]; next_cursor: string | null };

function readDb<T>(query: (db: Database.Database) => T): T {
  const db = new Database(app.dbFile, { readonly: true, fileMustExist: true });
  try {
    return query(db);
  } finally {
    db.close();
  }
}

const countOf = (table: 'api_keys' | 'idempotency_keys' | 'webhooks') =>
  readDb((db) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);

const publishedClaimIds = () =>
  readDb((db) => (db.prepare("SELECT id FROM claims WHERE status IN ('published', 'retracted') ORDER BY id").all() as { id: number }[]).map((r) => r.id));

/** The parent's environment without vitest's variables, for commands run against the app's database. */
function commandEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('VITEST') && name !== 'NODE_OPTIONS' && name !== 'TEST') env[name] = value;
  }
  // What an operator's shell would have: the script reads DATABASE_PATH like the server does.
  return { ...env, NODE_ENV: 'development', ...extra };
}

async function waitForDelivery(event: string, claimId: number): Promise<ReceivedRequest> {
  // The delivery worker (lib/webhooks/delivery.ts) looks for due deliveries every few seconds.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = receiver.received.find((request) => {
      try {
        const body = JSON.parse(request.body) as { event?: string; data?: { claim_id?: number } };
        return body.event === event && body.data?.claim_id === claimId;
      } catch {
        return false;
      }
    });
    if (found) return found;
    if (Date.now() > deadline) {
      throw new Error(`no ${event} for claim ${claimId} within 30 s; received: ${receiver.received.map((r) => r.headers['claimbench-event']).join(', ') || 'nothing'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Checks a delivery's headers and signature; returns its parsed body. */
function verifiedDelivery(request: ReceivedRequest, event: string) {
  expect(request.method).toBe('POST');
  expect(request.headers['content-type']).toMatch(/^application\/json/);
  expect(request.headers['claimbench-event']).toBe(event);
  const signature = request.headers['claimbench-signature'];
  expect(typeof signature).toBe('string');
  expect(verifySignature(webhookSecret, signature as string, request.body)).toBe(true);
  // The signature covers the body: another secret, or a body changed by one byte, fails.
  expect(verifySignature(`${webhookSecret}x`, signature as string, request.body)).toBe(false);
  expect(verifySignature(webhookSecret, signature as string, `${request.body} `)).toBe(false);
  const body = JSON.parse(request.body) as {
    id: string;
    event: string;
    occurred_at: string;
    data: { claim_id: number; version: number; kind: string; label: string; headline: string; article_url: string | null; note: string | null; public_url: string };
  };
  expect(body.id).toBe(request.headers['claimbench-delivery']);
  expect(body.event).toBe(event);
  expect(Number.isNaN(Date.parse(body.occurred_at))).toBe(false);
  return body;
}

// ---------------------------------------------------------------------------------------------
// The browser steps of the desk.

async function rateAs(role: 'reviewer', n: number): Promise<void> {
  const context = await newAppContext(browser, app.baseUrl);
  try {
    const page = await signInAs(context, app.baseUrl, demoUser(role, n));
    await gotoClaim(page, app.baseUrl, zelenskyId, zelensky.statement);
    const form = await openDisclosure(section(page, 'Assessments'), /Your assessment|Change your assessment/);
    await form.getByRole('group', { name: 'Rating' }).getByRole('radio', { name: 'Mostly inaccurate', exact: true }).check();
    await form.getByLabel('Confidence (0–100)', { exact: true }).fill('80');
    await form.getByLabel('Rationale', { exact: true }).fill(`API contract reviewer ${n + 1}: a projection with no public basis.`);
    await form.getByRole('group', { name: 'Evidence this rating rests on' }).getByRole('checkbox', { name: zelenskyEvidence }).check();
    await form.getByRole('button', { name: 'Submit assessment', exact: true }).click();
    await section(page, 'Assessments').getByRole('listitem').filter({ hasText: `${demoUser(role, n).name}: Mostly inaccurate, confidence 80` }).waitFor();
  } finally {
    await context.close();
  }
}

async function saveDraft(scope: Locator, fields: { rating?: string; headline?: string; explanation?: string }): Promise<void> {
  if (fields.rating) await scope.getByLabel('Verdict rating', { exact: true }).selectOption({ label: fields.rating });
  if (fields.headline !== undefined) await scope.getByLabel('Headline', { exact: true }).fill(fields.headline);
  if (fields.explanation !== undefined) await scope.getByLabel('Explanation', { exact: true }).fill(fields.explanation);
  await scope.getByRole('button', { name: 'Save draft', exact: true }).click();
}

// ---------------------------------------------------------------------------------------------

describe('the API as a CMS uses it', () => {
  test('the app serves the OpenAPI document the code builds, and the API reference lists every operation', async () => {
    const response = await fetch(`${app.baseUrl}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const served = (await response.json()) as { servers: unknown; paths: Record<string, Record<string, unknown>> };
    // The test server runs with the default PUBLIC_URL.
    expect(served).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument('http://localhost:3000'))));
    checker = createConformanceChecker(served);
    // Revalidates like the other reads: the same ETag, and a 304 with no body for a client that holds it.
    const etag = response.headers.get('etag');
    expect(etag).toMatch(/^W\/".+"$/);
    expect(response.headers.get('cache-control')).toMatch(/\bpublic\b/);
    const again = await fetch(`${app.baseUrl}/api/v1/openapi.json`, { headers: { 'if-none-match': etag as string } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect((await fetch(`${app.baseUrl}/api/v1/openapi.json`, { headers: { 'if-none-match': 'W/"older"' } })).status).toBe(200);

    await editorPage.goto(`${app.baseUrl}/api-docs`);
    for (const [p, item] of Object.entries(served.paths)) {
      for (const method of Object.keys(item)) {
        await editorPage.getByRole('heading', { level: 3, name: `${method.toUpperCase()} ${p}`, exact: true }).waitFor();
      }
    }
  });

  test('every problem type is an explanation on the app’s own /api-docs page', async () => {
    const html = await (await fetch(`${app.baseUrl}/api-docs`)).text();
    for (const code of Object.keys(ERROR_STATUS)) {
      expect(html, code).toContain(`id="problem-${code.replace(/_/g, '-')}"`);
    }
    // A real refusal's type: PUBLIC_URL (the harness leaves the default) + /api-docs + that anchor.
    const refused = await fetch(`${app.baseUrl}/api/v1/export?format=csv`, { headers: { authorization: 'Bearer cb_nonsense' } });
    const problem = (await refused.json()) as { type: string; status: number };
    expect(problem.status).toBe(401);
    expect(problem.type).toBe('http://localhost:3000/api-docs#problem-unauthorized');
    const type = new URL(problem.type);
    expect(html).toContain(`id="${type.hash.slice(1)}"`);
  });

  test('an editor creates a key in settings: shown once, stored only as a hash', async () => {
    const before = countOf('api_keys');
    await editorPage.goto(`${app.baseUrl}/settings/api-keys`);
    await editorPage.getByLabel('Key name', { exact: true }).fill(KEY_NAME);
    const scopes = editorPage.getByRole('group', { name: 'Scopes' });
    await scopes.getByRole('checkbox', { name: /verdicts:read/ }).check();
    await scopes.getByRole('checkbox', { name: /claims:write/ }).check();
    await scopes.getByRole('checkbox', { name: /export:read/ }).uncheck();
    await editorPage.getByRole('button', { name: 'Create API key', exact: true }).click();
    const shown = editorPage.getByRole('status').filter({ hasText: 'Copy this key now' });
    await shown.waitFor();
    cmsKey = ((await shown.locator('code').textContent()) ?? '').trim();
    expect(cmsKey).toMatch(KEY_PATTERN);

    expect(countOf('api_keys')).toBe(before + 1);
    const row = readDb(
      (db) => db.prepare('SELECT name, prefix, key_hash AS keyHash, scopes, revoked_at AS revokedAt FROM api_keys WHERE name = ?').get(KEY_NAME) as Record<string, string | null>,
    );
    expect(row).toMatchObject({ name: KEY_NAME, prefix: cmsKey.slice(4, 16), revokedAt: null });
    expect(JSON.parse(row.scopes as string)).toEqual(['verdicts:read', 'claims:write']);
    expect(row.keyHash).toBe(createHash('sha256').update(cmsKey).digest('base64url'));
    expect(JSON.stringify(row)).not.toContain(cmsKey.slice(17));

    await editorPage.reload();
    const keys = section(editorPage, 'Keys');
    await keys.getByRole('row').filter({ hasText: KEY_NAME }).getByText(`cbk_${cmsKey.slice(4, 16)}_…`).waitFor();
    expect(await editorPage.content()).not.toContain(cmsKey);
  });

  test('npm run apikey:create works against the live database, and the running server accepts its key', async () => {
    const before = countOf('api_keys');
    const env = commandEnv({ DATABASE_PATH: app.dbFile });
    const { stdout } = await run('npm', ['run', '--silent', 'apikey:create', '--', '--name', 'CLI sync (contract)', '--scope', 'verdicts:read'], {
      cwd: root,
      env,
      timeout: 60_000,
    });
    cliKey = stdout.trim().split('\n').pop()?.trim() ?? '';
    expect(cliKey).toMatch(KEY_PATTERN);
    expect(stdout).toContain('Created API key "CLI sync (contract)" (verdicts:read)');
    expect(countOf('api_keys')).toBe(before + 1);

    const page = await api({ path: '/api/v1/verdicts', key: cliKey });
    expect(page.status).toBe(200);
    const lastUsed = readDb((db) => db.prepare('SELECT last_used_at AS at, created_by AS by FROM api_keys WHERE prefix = ?').get(cliKey.slice(4, 16)) as { at: string | null; by: number | null });
    expect(lastUsed.by).toBeNull();
    expect(lastUsed.at).not.toBeNull();

    // A wrong scope is refused by name, and nothing is written.
    const refused = await run('npm', ['run', '--silent', 'apikey:create', '--', '--name', 'Nope', '--scope', 'verdicts:write'], { cwd: root, env, timeout: 60_000 }).then(
      () => null,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toContain('--scope');
    expect(countOf('api_keys')).toBe(before + 1);
  });

  test('a claim submitted twice with one Idempotency-Key is created once; the retry replays the first answer', async () => {
    const claimsBefore = countRows(app.dbFile, 'claims');
    const idempotencyBefore = countOf('idempotency_keys');
    const submission = {
      statement: 'API contract: North Korea has sent 12,000 troops to Russia.',
      claimant: { name: 'Contract Claimant', kind: 'person' },
      claimed_on: '2024-12-18',
      appearance: { url: 'https://news.example/contract/12000-troops', quote: 'North Korea has sent 12,000 troops.' },
    };
    const headers = { 'idempotency-key': 'cms-contract-0001' };
    const first = await api({ method: 'POST', path: '/api/v1/claims', key: cmsKey, headers, json: submission });
    expect(first.status).toBe(201);
    const created = first.body as { id: number; status: string; url: string };
    expect(created.url).toMatch(new RegExp(`/api/v1/claims/${created.id}$`));
    expect(first.headers.get('location')).toBe(created.url);
    expect(first.headers.get('idempotent-replayed')).toBeNull();

    const retry = await api({ method: 'POST', path: '/api/v1/claims', key: cmsKey, headers, json: submission });
    expect(retry.status).toBe(201);
    expect(retry.text).toBe(first.text);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    // (The replay carries no Location header although the first answer did; reported, not asserted.)
    expect(countRows(app.dbFile, 'claims')).toBe(claimsBefore + 1);
    expect(countOf('idempotency_keys')).toBe(idempotencyBefore + 1);

    const read = await api({ path: '/api/v1/claims/{id}', params: { id: created.id }, key: cmsKey });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: created.id, statement: submission.statement, status: created.status, claimant: { name: 'Contract Claimant' }, verdict: null });
    // Not published, so not public.
    expectProblem(await api({ path: '/api/v1/claims/{id}', params: { id: created.id } }), 404);

    const audit = countRows(app.dbFile, 'audit_events');
    const reused = await api({ method: 'POST', path: '/api/v1/claims', key: cmsKey, headers, json: { ...submission, statement: `${submission.statement} (changed)` } });
    const problem = expectProblem(reused, 422, 'Idempotency-Key');
    expect(problem.errors?.map((e) => e.path)).toEqual(['Idempotency-Key']);
    expect(countRows(app.dbFile, 'claims')).toBe(claimsBefore + 1);
    expect(countOf('idempotency_keys')).toBe(idempotencyBefore + 1);
    expect(countRows(app.dbFile, 'audit_events')).toBe(audit);
  });

  test('the verdict feed, one item a page, yields every published verdict exactly once, newest change first', async () => {
    const seen: VerdictItem[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const answer = await api({ path: '/api/v1/verdicts', key: cmsKey, query: { limit: '1', ...(cursor ? { cursor } : {}) } });
      expect(answer.status).toBe(200);
      const page = answer.body as VerdictPage;
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items);
      cursor = page.next_cursor;
      pages += 1;
    } while (cursor !== null && pages < 50);
    expect(cursor).toBeNull();
    const ids = seen.map((item) => item.claim_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => a - b)).toEqual(publishedClaimIds());
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const times = seen.map((item) => item.updated_at);
    expect(times).toEqual([...times].sort().reverse());

    // The same feed in one page, and without a key (public data).
    const whole = await api({ path: '/api/v1/verdicts', query: { limit: '100' } });
    expect((whole.body as VerdictPage).items.map((item) => item.claim_id)).toEqual(ids);
    expect((whole.body as VerdictPage).next_cursor).toBeNull();
  });

  test('updated_since returns only what changed at or after the instant', async () => {
    const all = ((await api({ path: '/api/v1/verdicts', key: cmsKey, query: { limit: '100' } })).body as VerdictPage).items;
    const pivot = all[Math.floor(all.length / 2)] as VerdictItem;
    const since = await api({ path: '/api/v1/verdicts', key: cmsKey, query: { updated_since: pivot.updated_at, limit: '100' } });
    expect((since.body as VerdictPage).items.map((item) => item.claim_id)).toEqual(
      all.filter((item) => item.updated_at >= pivot.updated_at).map((item) => item.claim_id),
    );
    expect((since.body as VerdictPage).items.length).toBeLessThan(all.length);

    const future = new Date(Date.now() + 24 * 3600_000);
    for (const value of [future.toISOString(), future.toISOString().slice(0, 10)]) {
      const none = await api({ path: '/api/v1/verdicts', key: cmsKey, query: { updated_since: value } });
      expect(none.body).toEqual({ items: [], next_cursor: null });
    }
    const everything = await api({ path: '/api/v1/verdicts', key: cmsKey, query: { updated_since: '2000-01-01', limit: '100' } });
    expect((everything.body as VerdictPage).items).toEqual(all);
  });

  test('ClaimReview is JSON-LD, cacheable, and a repeat with If-None-Match is a 304', async () => {
    const [first] = ((await api({ path: '/api/v1/verdicts', query: { limit: '1' } })).body as VerdictPage).items;
    expect(first?.claimreview_url).toMatch(new RegExp(`/api/v1/claims/${first?.claim_id}/claimreview$`));
    const id = first?.claim_id as number;

    const review = await api({ path: '/api/v1/claims/{id}/claimreview', params: { id } });
    expect(review.status).toBe(200);
    expect(review.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    const body = review.body as Record<string, unknown>;
    expect(body['@type']).toBe('ClaimReview');
    expect(JSON.stringify(body['@context'])).toContain('schema.org');
    expect(body.claimReviewed).toBe(first?.statement);
    const etag = review.headers.get('etag');
    expect(etag).toMatch(/^W\/".+"$/);
    expect(review.headers.get('cache-control')).toMatch(/\bpublic\b/);

    const again = await api({ path: '/api/v1/claims/{id}/claimreview', params: { id }, headers: { 'if-none-match': etag as string } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    const stale = await api({ path: '/api/v1/claims/{id}/claimreview', params: { id }, headers: { 'if-none-match': 'W/"something-else"' } });
    expect(stale.status).toBe(200);

    // The feed and a claim revalidate the same way.
    const calls: ApiCall[] = [
      { path: '/api/v1/verdicts', query: { limit: '2' } },
      { path: '/api/v1/claims/{id}', params: { id } },
    ];
    for (const call of calls) {
      const fresh = await api(call);
      const tag = fresh.headers.get('etag') as string;
      expect(tag).toMatch(/^W\/".+"$/);
      expect((await api({ ...call, headers: { 'if-none-match': tag } })).status).toBe(304);
    }
    // A claim that has no published verdict has no ClaimReview.
    expectProblem(await api({ path: '/api/v1/claims/{id}/claimreview', params: { id: zelenskyId } }), 404);
  });

  test('the editor registers the CMS’s webhook receiver in settings and reads its secret, shown once', async () => {
    const before = countOf('webhooks');
    await editorPage.goto(`${app.baseUrl}/settings/webhooks`);
    const form = section(editorPage, 'Register a webhook');
    await form.getByLabel('Receiver URL').fill(receiver.url);
    for (const name of [/Verdict published/, /Verdict corrected/]) await form.getByRole('checkbox', { name }).check();
    await form.getByRole('button', { name: 'Register webhook' }).click();
    const notice = editorPage.getByRole('status').filter({ hasText: receiver.url });
    await notice.waitFor();
    webhookSecret = await notice.getByLabel('Signing secret').inputValue();
    expect(webhookSecret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(countOf('webhooks')).toBe(before + 1);
  });

  test('reviewers rate the Zelensky claim and the editor publishes: the receiver gets a signed verdict.published', { timeout: 120_000 }, async () => {
    expect(zelenskyEvidence).not.toBe('');
    await rateAs('reviewer', 0);
    await rateAs('reviewer', 1);

    await gotoClaim(editorPage, app.baseUrl, zelenskyId, zelensky.statement);
    const verdict = section(editorPage, 'Verdict');
    const draft = verdict;
    await draft.getByRole('group', { name: 'Evidence the verdict rests on' }).getByRole('checkbox', { name: zelenskyEvidence }).check();
    await saveDraft(draft, { rating: 'Mostly inaccurate', headline: HEADLINE, explanation: EXPLANATION });
    await waitForStatus(verdict, 'Verdict draft saved.');
    await verdict.getByText('Ready to publish.', { exact: true }).waitFor();
    const beforePublish = new Date().toISOString();
    await verdict.getByRole('button', { name: 'Publish verdict', exact: true }).click();
    // The confirmation names the one active webhook the CMS registered.
    const confirm = verdict.getByRole('region', { name: 'Publish this verdict?' });
    expect(await confirm.innerText()).toMatch(/verdict\.published\s+to \d+ active webhooks?/);
    await confirm.getByRole('button', { name: 'Publish now', exact: true }).click();
    await waitForStatus(verdict, 'Verdict published (version 1).');

    const delivery = verifiedDelivery(await waitForDelivery('verdict.published', zelenskyId), 'verdict.published');
    expect(delivery.data).toMatchObject({ claim_id: zelenskyId, version: 1, kind: 'publication', label: 'mostly_inaccurate', headline: HEADLINE, note: null });

    // The CMS syncs: only the newly published verdict changed since just before publishing.
    const synced = await api({ path: '/api/v1/verdicts', key: cmsKey, query: { updated_since: beforePublish } });
    expect((synced.body as VerdictPage).items).toMatchObject([
      { claim_id: zelenskyId, version: 1, kind: 'publication', headline: HEADLINE, rating: { label: 'mostly_inaccurate' }, correction_note: null },
    ]);
    // Now public: readable without a key, with its ClaimReview.
    const claim = await api({ path: '/api/v1/claims/{id}', params: { id: zelenskyId } });
    expect(claim.body).toMatchObject({ id: zelenskyId, status: 'published', verdict: { version: 1 } });
    expect((await api({ path: '/api/v1/claims/{id}/claimreview', params: { id: zelenskyId } })).status).toBe(200);
  });

  test('the CMS reports its article URL; the editor’s correction reaches the receiver signed, as verdict.corrected', { timeout: 120_000 }, async () => {
    const oldTag = (await api({ path: '/api/v1/claims/{id}', params: { id: zelenskyId } })).headers.get('etag') as string;
    const reported = await api({ method: 'PUT', path: '/api/v1/claims/{id}/article', params: { id: zelenskyId }, key: cmsKey, json: { url: ARTICLE_URL } });
    expect(reported.status).toBe(200);
    expect(reported.body).toMatchObject({ id: zelenskyId, article_url: ARTICLE_URL, verdict: { article_url: ARTICLE_URL } });

    await gotoClaim(editorPage, app.baseUrl, zelenskyId, zelensky.statement);
    const verdict = section(editorPage, 'Verdict');
    const form = await openDisclosure(verdict, 'Edit the verdict for a correction');
    await form.getByLabel('Explanation', { exact: true }).fill(CORRECTED);
    await form.getByLabel('Correction note', { exact: true }).fill(CORRECTION_NOTE);
    await form.getByRole('button', { name: 'Review the correction', exact: true }).click();
    await verdict.getByRole('button', { name: 'Publish correction', exact: true }).click();
    await waitForStatus(verdict, 'Correction published (version 2).');
    expect(await alerts(editorPage).count()).toBe(0);

    const delivery = verifiedDelivery(await waitForDelivery('verdict.corrected', zelenskyId), 'verdict.corrected');
    // The event carries the URL the CMS reported with PUT /api/v1/claims/{id}/article.
    expect(delivery.data).toMatchObject({
      claim_id: zelenskyId,
      version: 2,
      kind: 'correction',
      label: 'mostly_inaccurate',
      note: CORRECTION_NOTE,
      article_url: ARTICLE_URL,
    });
    expect(new Set(receiver.received.map((request) => request.headers['claimbench-delivery'])).size).toBe(receiver.received.length);

    const claim = await api({ path: '/api/v1/claims/{id}', params: { id: zelenskyId }, headers: { 'if-none-match': oldTag } });
    expect(claim.status).toBe(200);
    expect(claim.body).toMatchObject({ article_url: ARTICLE_URL, verdict: { version: 2, kind: 'correction', correction_note: CORRECTION_NOTE, article_url: ARTICLE_URL } });
    const [latest] = ((await api({ path: '/api/v1/verdicts', query: { limit: '1' } })).body as VerdictPage).items;
    expect(latest).toMatchObject({ claim_id: zelenskyId, version: 2, kind: 'correction' });
  });

  test('GET /claims/similar with a claims:read key ranks desk claims and fact-checks like a text', async () => {
    const db = openDatabase(app.dbFile, { migrate: false });
    let key = '';
    try {
      key = createApiKey(db, null, { name: 'Checked before (contract)', scopes: ['claims:read'] }).key;
    } finally {
      db.$client.close();
    }
    const answer = await api({ path: '/api/v1/claims/similar', key, query: { text: zelensky.statement, limit: '3' } });
    expect(answer.status, answer.text).toBe(200);
    const { data } = answer.body as { data: { kind: string; id: number; score: number; tier: string }[] };
    expect(data.length).toBeGreaterThan(0);
    expect(data.length).toBeLessThanOrEqual(3);
    expect(data[0]).toMatchObject({ kind: 'claim', id: zelenskyId, tier: 'same' });
    for (let i = 1; i < data.length; i++) expect(data[i - 1]!.score).toBeGreaterThanOrEqual(data[i]!.score);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expectProblem(await api({ path: '/api/v1/claims/similar', key, query: { text: '…!?' } }), 422, 'text');
    expectProblem(await api({ path: '/api/v1/claims/similar', key: cliKey, query: { text: 'troops' } }), 403);
  });

  test('a key revoked in settings is refused at its next request with 401 problem+json', async () => {
    expect((await api({ path: '/api/v1/verdicts', key: cmsKey })).status).toBe(200);
    await editorPage.goto(`${app.baseUrl}/settings/api-keys`);
    const row = section(editorPage, 'Keys').getByRole('row').filter({ hasText: KEY_NAME });
    await row.getByRole('button', { name: `Revoke ${KEY_NAME}` }).click();
    await row.getByText(/^Revoked /).waitFor();
    const revokedAt = readDb((db) => (db.prepare('SELECT revoked_at AS at FROM api_keys WHERE name = ?').get(KEY_NAME) as { at: string | null }).at);
    expect(revokedAt).not.toBeNull();

    const claims = countRows(app.dbFile, 'claims');
    const read = expectProblem(await api({ path: '/api/v1/verdicts', key: cmsKey }), 401, 'Authorization');
    expect(read.errors?.map((e) => e.path)).toEqual(['Authorization']);
    expectProblem(
      await api({
        method: 'POST',
        path: '/api/v1/claims',
        key: cmsKey,
        headers: { 'idempotency-key': 'cms-contract-0002' },
        json: { statement: 'After revocation', claimant: { name: 'Nobody' }, appearance: { url: 'https://news.example/x' } },
      }),
      401,
      'Authorization',
    );
    expect(countRows(app.dbFile, 'claims')).toBe(claims);
    // The other key is untouched.
    expect((await api({ path: '/api/v1/verdicts', key: cliKey })).status).toBe(200);
  });

  test('every API answer in this file conformed to the OpenAPI document', () => {
    expect(conformanceChecks).toBeGreaterThanOrEqual(35);
  });
});
