import Database from 'better-sqlite3';
import fc from 'fast-check';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SOURCE_KINDS } from '@/db/enums';
import { openDatabase } from '@/db/open';
import { createApiKey } from '@/lib/api/keys';
import { buildOpenApiDocument } from '@/lib/api/openapi';
import { encodeVerdictCursor } from '@/lib/api/verdicts';
import { createConformanceChecker } from '../helpers/openapi-conformance';
import { alerts, demoUser, launchBrowser, newAppContext, section, signInAs, startApp, type RunningApp } from './support/harness';

/**
 * Bad input to the API (CONTRIBUTING.md, "Tests"): every refusal is RFC 9457
 * problem+json naming what was wrong, never a 5xx, and writes nothing — no claim, source,
 * appearance, key, webhook, delivery, idempotency record or audit event. A bounded property test sends generated query strings and
 * bodies. The webhook URL rules are checked through the settings form, as an editor meets them.
 */

/** application/json, application/problem+json, application/ld+json — not application/x-ndjson. */
const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let editorPage: Page;
/** Scopes verdicts:read + claims:write. */
let writeKey = '';
/** Scope verdicts:read only. */
let readKey = '';
/** A key of its own for the rate-limit test, so that the other keys keep their budget. */
let burstKey = '';
/** Scope export:read only. */
let exportKey = '';
/** claims:read: GET /api/v1/claims/similar. */
let matchKey = '';
const checker = createConformanceChecker(buildOpenApiDocument('http://localhost:3000'));

const TABLES = ['claims', 'sources', 'appearances', 'api_keys', 'webhooks', 'webhook_deliveries', 'idempotency_keys', 'audit_events'] as const;
type Counts = Record<(typeof TABLES)[number], number>;

/** Row counts of everything a request could write, read-only while the server runs. */
function counts(): Counts {
  const db = new Database(app.dbFile, { readonly: true, fileMustExist: true });
  try {
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const out = Object.fromEntries(TABLES.map((table) => [table, count(table)])) as Counts;
    return out;
  } finally {
    db.close();
  }
}

function idOfClaimWithStatus(status: string): number {
  const db = new Database(app.dbFile, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT id FROM claims WHERE status = ? ORDER BY id LIMIT 1').get(status) as { id: number } | undefined;
    if (!row) throw new Error(`no ${status} claim in the demo data`);
    return row.id;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  app = await startApp();
  const db = openDatabase(app.dbFile, { migrate: false });
  try {
    writeKey = createApiKey(db, null, { name: 'Bad-input CMS', scopes: ['verdicts:read', 'claims:write'] }).key;
    readKey = createApiKey(db, null, { name: 'Bad-input reader', scopes: ['verdicts:read'] }).key;
    burstKey = createApiKey(db, null, { name: 'Bad-input burst', scopes: ['verdicts:read'] }).key;
    exportKey = createApiKey(db, null, { name: 'Bad-input exporter', scopes: ['export:read'] }).key;
    matchKey = createApiKey(db, null, { name: 'Bad-input matcher', scopes: ['claims:read'] }).key;
  } finally {
    db.$client.close();
  }
  browser = await launchBrowser();
  context = await newAppContext(browser, app.baseUrl);
  editorPage = await signInAs(context, app.baseUrl, demoUser('editor'));
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await app?.stop();
});

// ---------------------------------------------------------------------------------------------

interface Sent {
  method?: 'GET' | 'POST' | 'PUT';
  /** The documented template, for the conformance check. */
  template: string;
  /** The path actually requested (defaults to the template). */
  path?: string;
  /** A raw query string, without '?'. */
  query?: string;
  headers?: Record<string, string>;
  body?: BodyInit;
  /** Adds duplex: 'half' for a streamed body. */
  stream?: boolean;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
  label: string;
}

async function send(sent: Sent): Promise<Answer> {
  const method = sent.method ?? 'GET';
  const urlPath = sent.path ?? sent.template;
  const url = `${app.baseUrl}${urlPath}${sent.query !== undefined ? `?${sent.query}` : ''}`;
  const init: RequestInit & { duplex?: 'half' } = { method, headers: sent.headers, body: sent.body, redirect: 'manual', signal: AbortSignal.timeout(15_000) };
  if (sent.stream) init.duplex = 'half';
  const response = await fetch(url, init);
  const text = await response.text();
  const contentType = response.headers.get('content-type');
  let body: unknown = text === '' ? undefined : text;
  if (text !== '' && JSON_TYPE.test(contentType ?? '')) body = JSON.parse(text) as unknown;
  const label = `${method} ${urlPath}${sent.query !== undefined ? `?${sent.query}` : ''} → ${response.status} ${text.slice(0, 300)}`;
  expect(response.status, label).toBeLessThan(500);
  // Every answer, refusals included, is one the document lists, in the documented shape.
  expect(checker.check({ method, path: sent.template, status: response.status, contentType, body }), label).toEqual([]);
  return { status: response.status, headers: response.headers, text, body, label };
}

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
}

/** RFC 9457: the content type, the four members, and the status in the body equal to the HTTP status. */
function expectProblem(answer: Answer, status: number, names?: string): Problem {
  expect(answer.status, answer.label).toBe(status);
  expect(answer.headers.get('content-type'), answer.label).toMatch(/^application\/problem\+json/);
  const problem = answer.body as Problem;
  expect(problem, answer.label).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) });
  expect(problem.title.length).toBeGreaterThan(0);
  expect(problem.detail.length).toBeGreaterThan(0);
  if (names !== undefined) expect(`${problem.detail} ${JSON.stringify(problem.errors ?? [])}`, answer.label).toContain(names);
  return problem;
}

/** Sends, expects the refusal, and checks that nothing was written. */
async function refused(sent: Sent, status: number, names?: string): Promise<Problem> {
  const before = counts();
  const problem = expectProblem(await send(sent), status, names);
  expect(counts(), `${sent.method ?? 'GET'} ${sent.path ?? sent.template} wrote something`).toEqual(before);
  return problem;
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const json = (key: string) => ({ ...bearer(key), 'content-type': 'application/json' });

const SUBMISSION = {
  statement: 'Bad-input test: a claim that must never be stored.',
  claimant: { name: 'Bad Input', kind: 'person' },
  appearance: { url: 'https://news.example/bad-input' },
};

// ---------------------------------------------------------------------------------------------

describe('query parameters', () => {
  test('an unknown parameter is refused, naming it (with and without a query schema)', async () => {
    const onFeed = await refused({ template: '/api/v1/verdicts', query: 'colour=red' }, 400, 'colour');
    expect(onFeed.errors).toEqual([{ path: 'colour', message: expect.any(String) }]);
    const onClaim = await refused({ template: '/api/v1/claims/{id}', path: '/api/v1/claims/1', query: 'colour=red' }, 400, 'colour');
    expect(onClaim.errors).toEqual([{ path: 'colour', message: expect.any(String) }]);
    // Names of Object.prototype's members are just unknown parameters, not "repeated" ones.
    // (?__proto__=1 never reaches the app: Next rebuilds request.url from a plain-object query, which
    // drops it, so it answers 200 as if the query were empty.)
    for (const name of ['toString', 'constructor', 'hasOwnProperty', 'valueOf']) {
      for (const sent of [
        { template: '/api/v1/verdicts', query: `${name}=1` },
        { template: '/api/v1/claims/{id}', path: '/api/v1/claims/1', query: `${name}=1` },
      ]) {
        const problem = await refused(sent, 400, name);
        expect(problem.errors, JSON.stringify(problem)).toEqual([{ path: name, message: expect.stringMatching(/^Unknown/) }]);
      }
    }
    await refused({ template: '/api/v1/claims/{id}/claimreview', path: '/api/v1/claims/1/claimreview', query: 'format=xml' }, 400, 'format');
  });

  test('a repeated parameter is refused, naming it', async () => {
    await refused({ template: '/api/v1/verdicts', query: 'limit=1&limit=2' }, 400, 'limit');
  });

  test('limit must be a whole number from 1 to 100', async () => {
    for (const limit of ['0', '101', 'abc', '1.5', '-1', '', '1e400', '0x10', '1e1', ' 5', '+5', '5.0']) {
      const problem = await refused({ template: '/api/v1/verdicts', query: `limit=${encodeURIComponent(limit)}` }, 400, 'limit');
      expect(problem.errors?.map((e) => e.path)).toContain('limit');
    }
  });

  test('a malformed cursor is refused, naming cursor', async () => {
    const b64 = (value: string) => Buffer.from(value).toString('base64url');
    for (const cursor of [
      'not-a-cursor',
      b64('{"v":2,"t":"2024-12-18T00:00:00.000Z","id":1}'),
      b64('{"v":1,"t":"2024-12-18T00:00:00.000Z","id":-1}'),
      b64('[1,2,3]'),
      b64('null'),
      'x'.repeat(201),
      '%%%',
    ]) {
      const problem = await refused({ template: '/api/v1/verdicts', query: `cursor=${encodeURIComponent(cursor)}` }, 400, 'cursor');
      expect(problem.errors?.map((e) => e.path)).toContain('cursor');
    }
    // A well-formed cursor pointing anywhere is fine: keyset pagination just continues from it.
    const ok = await send({ template: '/api/v1/verdicts', query: `cursor=${encodeVerdictCursor({ updatedAt: '2000-01-01T00:00:00.000Z', claimId: 1 })}` });
    expect(ok.body).toEqual({ items: [], next_cursor: null });
  });

  test('updated_since must be an ISO 8601 date or date-time', async () => {
    for (const value of ['yesterday', '2024-13-01', '18/12/2024', '2024-12-18T09:00', '1734512400']) {
      const problem = await refused({ template: '/api/v1/verdicts', query: `updated_since=${encodeURIComponent(value)}` }, 400, 'updated_since');
      expect(problem.errors?.map((e) => e.path)).toContain('updated_since');
    }
    // Impossible calendar dates are refused rather than rolled over (2024-02-31 is not 2024-03-02).
    for (const value of ['2024-02-31', '2023-02-29', '2024-04-31T09:00:00Z', '2024-06-31T00:00:00+02:00']) {
      const problem = await refused({ template: '/api/v1/verdicts', query: `updated_since=${encodeURIComponent(value)}` }, 400, 'updated_since');
      expect(problem.errors?.map((e) => e.path)).toContain('updated_since');
    }
    // A real leap day is fine.
    expect((await send({ template: '/api/v1/verdicts', query: 'updated_since=2024-02-29' })).status).toBe(200);
  });

  test('an id that is not a positive whole number is refused, naming id', async () => {
    for (const id of ['abc', '1.5', '0', '-1', '99999999999999999999', 'null', '%20']) {
      await refused({ template: '/api/v1/claims/{id}', path: `/api/v1/claims/${id}` }, 400, 'id');
      await refused({ template: '/api/v1/claims/{id}/claimreview', path: `/api/v1/claims/${id}/claimreview` }, 400, 'id');
    }
    await refused(
      { method: 'PUT', template: '/api/v1/claims/{id}/article', path: '/api/v1/claims/abc/article', headers: json(writeKey), body: JSON.stringify({ url: 'https://news.example/a' }) },
      400,
      'id',
    );
    // One claim has one URL: ids in other notations are refused, not read as numbers.
    for (const id of ['0x1', '1e0', '1e3', '01', '+1', '1.0', '0b1', '%201']) {
      await refused({ template: '/api/v1/claims/{id}', path: `/api/v1/claims/${id}` }, 400, 'id');
      await refused({ template: '/api/v1/claims/{id}/claimreview', path: `/api/v1/claims/${id}/claimreview` }, 400, 'id');
    }
    await refused(
      { method: 'PUT', template: '/api/v1/claims/{id}/article', path: '/api/v1/claims/0x1/article', headers: json(writeKey), body: JSON.stringify({ url: 'https://news.example/a' }) },
      400,
      'id',
    );
  });

  test('an unknown claim is a 404, with and without a key', async () => {
    await refused({ template: '/api/v1/claims/{id}', path: '/api/v1/claims/999999' }, 404);
    await refused({ template: '/api/v1/claims/{id}', path: '/api/v1/claims/999999', headers: bearer(readKey) }, 404);
    await refused({ template: '/api/v1/claims/{id}/claimreview', path: '/api/v1/claims/999999/claimreview' }, 404);
    await refused(
      { method: 'PUT', template: '/api/v1/claims/{id}/article', path: '/api/v1/claims/999999/article', headers: json(writeKey), body: JSON.stringify({ url: 'https://news.example/a' }) },
      404,
    );
    // A claim without a published verdict looks the same as none to a caller without a key.
    await refused({ template: '/api/v1/claims/{id}', path: `/api/v1/claims/${idOfClaimWithStatus('draft')}` }, 404);
  });
});

describe('authentication and scopes', () => {
  test('POST and PUT without a key are 401', async () => {
    // Each 401 says how to authenticate (RFC 9110 section 15.5.2: WWW-Authenticate is required).
    const answers = [
      await send({ method: 'POST', template: '/api/v1/claims', headers: { 'content-type': 'application/json' }, body: JSON.stringify(SUBMISSION) }),
      await send({
        method: 'PUT',
        template: '/api/v1/claims/{id}/article',
        path: '/api/v1/claims/1/article',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: 'https://news.example/a' }),
      }),
      await send({ template: '/api/v1/verdicts', headers: { authorization: 'Basic dXNlcjpwYXNz' } }),
      await send({ method: 'POST', template: '/api/v1/claims', headers: json('not-a-key'), body: JSON.stringify(SUBMISSION) }),
    ];
    for (const answer of answers) {
      expectProblem(answer, 401);
      expect(answer.headers.get('www-authenticate'), answer.label).toMatch(/^Bearer\b/i);
    }
  });

  test('a malformed Authorization header is 401 naming Authorization, even on public reads', async () => {
    for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', 'Bearer a b', 'Token cbk_x', 'Bearer  two-spaces']) {
      const problem = await refused({ template: '/api/v1/verdicts', headers: { authorization: header } }, 401, 'Authorization');
      expect(problem.errors?.map((e) => e.path)).toEqual(['Authorization']);
    }
    // Well-formed but unknown, or a real key with one character changed.
    const tampered = `${writeKey.slice(0, -1)}${writeKey.endsWith('A') ? 'B' : 'A'}`;
    for (const key of ['cbk_AAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', tampered, 'not-a-key']) {
      await refused({ method: 'POST', template: '/api/v1/claims', headers: json(key), body: JSON.stringify(SUBMISSION) }, 401, 'Authorization');
    }
    // RFC 9110 makes the auth scheme case-insensitive: "bearer <key>" and "BEARER <key>" are the key.
    for (const scheme of ['bearer', 'BEARER', 'BeArEr']) {
      expect((await send({ template: '/api/v1/verdicts', headers: { authorization: `${scheme} ${readKey}` } })).status).toBe(200);
    }
  });

  test('a key without claims:write is 403 on POST and PUT', async () => {
    await refused({ method: 'POST', template: '/api/v1/claims', headers: json(readKey), body: JSON.stringify(SUBMISSION) }, 403);
    await refused(
      { method: 'PUT', template: '/api/v1/claims/{id}/article', path: `/api/v1/claims/${idOfClaimWithStatus('published')}/article`, headers: json(readKey), body: JSON.stringify({ url: 'https://news.example/a' }) },
      403,
    );
  });
});

describe('the export', () => {
  test('needs a key with export:read, and a known format', async () => {
    await refused({ template: '/api/v1/export', query: 'format=jsonl' }, 401);
    await refused({ template: '/api/v1/export', query: 'format=jsonl', headers: bearer(readKey) }, 403);
    await refused({ template: '/api/v1/export', headers: bearer(exportKey) }, 400, 'format');
    await refused({ template: '/api/v1/export', query: 'format=xml', headers: bearer(exportKey) }, 400, 'format');
    await refused({ template: '/api/v1/export', query: 'format=csv&colour=red', headers: bearer(exportKey) }, 400, 'colour');
    await refused({ template: '/api/v1/export', query: 'format=csv&updated_since=2024-02-31', headers: bearer(exportKey) }, 400, 'updated_since');
    await refused({ template: '/api/v1/export', query: 'format=csv&status=finished', headers: bearer(exportKey) }, 400, 'status');
    await refused({ template: '/api/v1/export', query: 'format=csv&claimant=abc', headers: bearer(exportKey) }, 400, 'claimant');
    // The same key may export.
    const ok = await send({ template: '/api/v1/export', query: 'format=jsonl', headers: bearer(exportKey) });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(ok.text.trim().split('\n').length).toBeGreaterThan(0);
  });
});

describe('claims/similar', () => {
  const similar = (query: string, key = matchKey) => send({ template: '/api/v1/claims/similar', query, headers: bearer(key) });
  test('text empty or only punctuation is a 422 naming text; text missing is a 400 naming it', async () => {
    for (const query of ['text=', 'text=%20%20', `text=${encodeURIComponent('?!… — "*()')}`]) expectProblem(await similar(query), 422, 'text');
    expectProblem(await similar('limit=5'), 400, 'text');
  });
  test('limit must be a whole number from 1 to 50', async () => {
    for (const limit of ['0', '51', 'ten', '-1', '1.5']) expectProblem(await similar(`text=troops&limit=${limit}`), 400, 'limit');
    expect((await similar('text=troops&limit=50')).status).toBe(200);
  });
  test('FTS5 syntax in the text is text, and a long text is read as its first 10,000 characters', async () => {
    for (const text of ['troops" OR statement:*', 'NEAR(troops russia, 2)', '^troops AND -russia', '"unterminated']) {
      expect((await similar(`text=${encodeURIComponent(text)}`)).status, text).toBe(200);
    }
    expect((await similar(`text=${'troops%20'.repeat(1500)}`)).status).toBe(200);
  });
  test('needs a key with claims:read', async () => {
    expectProblem(await send({ template: '/api/v1/claims/similar', query: 'text=troops' }), 401);
    expectProblem(await similar('text=troops', readKey), 403);
  });
});

describe('request bodies', () => {
  test('a body that is not JSON is a 400 naming the body', async () => {
    for (const body of ['{"statement":', 'statement=x', '', '\u0000']) {
      await refused({ method: 'POST', template: '/api/v1/claims', headers: json(writeKey), body }, 400, 'body');
    }
  });

  test('a body over 64 KiB is a 413, whether declared or streamed, every time (never a reset connection)', async () => {
    const big = JSON.stringify({ ...SUBMISSION, context: 'x'.repeat(70 * 1024) });
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    const streamed = (chunks: number) => {
      let sent = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= chunks) controller.close();
          else {
            controller.enqueue(chunk);
            sent += 1;
          }
        },
      });
    };
    // The server used to close the connection on a client still sending, which it saw as
    // ECONNRESET instead of the 413 now and then: twenty times each, so a race shows.
    for (let round = 0; round < 20; round += 1) {
      await refused({ method: 'POST', template: '/api/v1/claims', headers: json(writeKey), body: big }, 413);
      await refused({ method: 'POST', template: '/api/v1/claims', headers: json(writeKey), body: streamed(6), stream: true }, 413);
    }
    await refused(
      { method: 'PUT', template: '/api/v1/claims/{id}/article', path: `/api/v1/claims/${idOfClaimWithStatus('published')}/article`, headers: json(writeKey), body: JSON.stringify({ url: `https://news.example/${'a'.repeat(70 * 1024)}` }) },
      413,
    );
  });

  test('a body that is not application/json is a 415 naming Content-Type', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonp', 'application/json-patch+json', 'multipart/form-data; boundary=x']) {
      await refused({ method: 'POST', template: '/api/v1/claims', headers: { ...bearer(writeKey), 'content-type': type }, body: JSON.stringify(SUBMISSION) }, 415, 'Content-Type');
    }
    // No Content-Type at all: fetch sends a string as text/plain, a Blob without a type sends none.
    await refused({ method: 'POST', template: '/api/v1/claims', headers: bearer(writeKey), body: new Blob([JSON.stringify(SUBMISSION)]) }, 415, 'Content-Type');
    await refused(
      { method: 'PUT', template: '/api/v1/claims/{id}/article', path: `/api/v1/claims/${idOfClaimWithStatus('published')}/article`, headers: { ...bearer(writeKey), 'content-type': 'text/plain' }, body: '{"url":"https://news.example/a"}' },
      415,
      'Content-Type',
    );
  });

  test('an invalid submission is a 400 naming each field', async () => {
    const cases: [unknown, string][] = [
      [{ ...SUBMISSION, statement: '   ' }, 'statement'],
      [{ ...SUBMISSION, statement: 'x'.repeat(1001) }, 'statement'],
      [{ claimant: SUBMISSION.claimant, appearance: SUBMISSION.appearance }, 'statement'],
      [{ ...SUBMISSION, claimant: { name: '' } }, 'claimant.name'],
      [{ ...SUBMISSION, claimant: { name: 'X', kind: 'robot' } }, 'claimant.kind'],
      [{ ...SUBMISSION, appearance: { url: 'javascript:alert(1)' } }, 'appearance.url'],
      [{ ...SUBMISSION, appearance: { url: 'ftp://x' } }, 'appearance.url'],
      [{ ...SUBMISSION, claimed_on: '2024-02-30' }, 'claimed_on'],
      [{ ...SUBMISSION, language: 'english please' }, 'language'],
      [{ ...SUBMISSION, admin: true }, 'admin'],
      [[SUBMISSION], 'expected object'],
      ['a string', 'expected object'],
    ];
    for (const [body, field] of cases) {
      await refused({ method: 'POST', template: '/api/v1/claims', headers: json(writeKey), body: JSON.stringify(body) }, 400, field);
    }
    // Keys named like Object.prototype's members are just unknown fields (raw JSON, so "__proto__" is an own key).
    const fields = JSON.stringify(SUBMISSION).slice(1, -1);
    for (const name of ['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty']) {
      for (const body of [`{"${name}":[]}`, `{${fields},"${name}":1}`]) {
        const problem = await refused({ method: 'POST', template: '/api/v1/claims', headers: json(writeKey), body }, 400, name);
        expect(problem.errors?.map((e) => e.path)).toContain(name);
      }
    }
    // A claim dated in the future is refused by the desk's own rules (lib/api/submissions.ts →
    // ClaimCreate), and the problem names the API's field, not the internal one.
    const future = await refused({ method: 'POST', template: '/api/v1/claims', headers: json(writeKey), body: JSON.stringify({ ...SUBMISSION, claimed_on: '3000-01-01' }) }, 400, 'claimed_on');
    expect(future.errors?.map((e) => e.path)).toEqual(['claimed_on']);
    expect(JSON.stringify(future)).not.toContain('claimedOn');
  });

  test('a malformed Idempotency-Key is a 400 naming it', async () => {
    for (const key of ['has space', 'x'.repeat(201), 'naïve']) {
      await refused(
        { method: 'POST', template: '/api/v1/claims', headers: { ...json(writeKey), 'idempotency-key': key }, body: JSON.stringify(SUBMISSION) },
        400,
        'Idempotency-Key',
      );
    }
  });

  test('reporting an article for a claim without a published verdict is a 409; a bad URL is a 400 naming url', async () => {
    for (const status of ['draft', 'in_review']) {
      await refused(
        { method: 'PUT', template: '/api/v1/claims/{id}/article', path: `/api/v1/claims/${idOfClaimWithStatus(status)}/article`, headers: json(writeKey), body: JSON.stringify({ url: 'https://news.example/a' }) },
        409,
      );
    }
    const published = idOfClaimWithStatus('published');
    const cases: [unknown, string][] = [
      [{ url: 'ftp://x' }, 'url'],
      [{ url: '' }, 'url'],
      [{}, 'url'],
      [{ url: 'https://news.example/a', extra: 1 }, 'extra'],
      [{ url: 'https://news.example/a', constructor: 1 }, 'constructor'],
      [{ url: 'https://news.example/a', toString: [] }, 'toString'],
      [JSON.parse('{"url":"https://news.example/a","__proto__":{"admin":true}}'), '__proto__'],
    ];
    for (const [body, field] of cases) {
      await refused(
        { method: 'PUT', template: '/api/v1/claims/{id}/article', path: `/api/v1/claims/${published}/article`, headers: json(writeKey), body: JSON.stringify(body) },
        400,
        field,
      );
    }
  });
});

describe('webhook URLs in settings', () => {
  async function register(url: string): Promise<string> {
    await editorPage.goto(`${app.baseUrl}/settings/webhooks`);
    const form = section(editorPage, 'Register a webhook');
    await form.getByLabel('Receiver URL').fill(url);
    await form.getByRole('button', { name: 'Register webhook' }).click();
    await alerts(editorPage).first().waitFor();
    const input = form.getByLabel('Receiver URL');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    // The error summary links to the URL field, and the field describes itself with the message.
    expect(await alerts(editorPage).first().getByRole('link').first().getAttribute('href')).toBe('#webhook-url');
    const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
    const errorId = describedBy.split(/\s+/).find((id) => id.endsWith('-error'));
    expect(errorId).toBeDefined();
    return (await editorPage.locator(`[id="${errorId}"]`).innerText()).trim();
  }

  test('an ftp:// URL is refused, naming the URL field, and nothing is written', async () => {
    const before = counts();
    expect(await register('ftp://x')).toMatch(/http:\/\/ or https:\/\//);
    expect(counts()).toEqual(before);
  });

  test('a URL pointing at the app itself is refused, naming the URL field, and nothing is written', async () => {
    const before = counts();
    const port = new URL(app.baseUrl).port;
    for (const url of [`${app.baseUrl}/api/v1/claims`, `http://localhost:${port}/hooks`, 'http://localhost:3000/hooks']) {
      expect(await register(url), url).toContain('This address is Claimbench itself');
    }
    expect(counts()).toEqual(before);
  });
});

describe('generated input', () => {
  const validCursor = encodeVerdictCursor({ updatedAt: '2030-01-01T00:00:00.000Z', claimId: 1 });
  const queryKey = fc.oneof(
    fc.constantFrom('limit', 'cursor', 'updated_since', 'colour', '__proto__', 'constructor', 'LIMIT', 'limit[]', ''),
    fc.string({ maxLength: 12 }),
  );
  const queryValue = fc.oneof(
    fc.constantFrom('0', '1', '25', '100', '101', '-1', '1e2', '0x10', 'abc', '', 'null', '2024-12-18', '2024-12-18T09:00:00Z', '2024-12-18T09:00:00+14:00', validCursor),
    fc.string({ maxLength: 40 }),
    fc.string({ maxLength: 20, unit: 'binary' }),
    fc.integer().map(String),
    fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  );

  test('GET /api/v1/verdicts with generated query strings: never a 5xx, refusals are problem+json, nothing written', async () => {
    const before = counts();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(queryKey, queryValue), { maxLength: 4 }), fc.boolean(), async (pairs, withKey) => {
        const query = new URLSearchParams(pairs).toString();
        const answer = await send({ template: '/api/v1/verdicts', query, headers: withKey ? bearer(readKey) : {} });
        if (answer.status === 200) {
          const page = answer.body as { items: unknown[] };
          const limit = pairs.find(([key]) => key === 'limit')?.[1];
          if (limit !== undefined) expect(page.items.length).toBeLessThanOrEqual(Number(limit));
        } else {
          expectProblem(answer, answer.status);
          expect([400, 429], answer.label).toContain(answer.status);
        }
      }),
      { numRuns: 100 },
    );
    expect(counts()).toEqual(before);
  });

  const text = (max: number) => fc.oneof(fc.string({ maxLength: max }), fc.string({ maxLength: max, unit: 'grapheme' }), fc.constantFrom('', '   ', '\u0000', '<script>alert(1)</script>', 'x'.repeat(1001)));
  const submission = fc.record(
    {
      statement: fc.oneof(text(80), fc.integer(), fc.constant(null)),
      claimant: fc.oneof(
        fc.record({ name: fc.oneof(text(40), fc.integer()), kind: fc.oneof(fc.constantFrom('person', 'government', 'media', 'robot'), fc.string()) }, { requiredKeys: [] }),
        fc.string(),
      ),
      claimed_on: fc.oneof(fc.constantFrom('2024-12-18', '2024-02-30', '3000-01-01', '1799-12-31', '18/12/2024'), fc.string({ maxLength: 12 })),
      language: fc.oneof(fc.constantFrom('en', 'pt-BR', 'english', ''), fc.string({ maxLength: 8 })),
      context: text(50),
      appearance: fc.oneof(
        fc.record(
          {
            url: fc.oneof(fc.webUrl(), fc.constantFrom('ftp://x', 'javascript:alert(1)', 'http://', 'https://news.example/a'), fc.string({ maxLength: 30 })),
            title: text(30),
            quote: text(30),
          },
          { requiredKeys: [] },
        ),
        fc.jsonValue({ maxDepth: 1 }),
      ),
      extra: fc.jsonValue({ maxDepth: 1 }),
    },
    { requiredKeys: [] },
  );
  const nonBlank = (max: number) => fc.string({ minLength: 1, maxLength: max }).filter((value) => value.trim().length > 0);
  /** Submissions the API must accept: every field within the documented rules, claimed in the past. */
  const validSubmission = fc.record(
    {
      statement: nonBlank(200),
      claimant: fc.record({ name: nonBlank(60), kind: fc.constantFrom(...SOURCE_KINDS) }, { requiredKeys: ['name'] }),
      claimed_on: fc.date({ min: new Date('1800-01-01T00:00:00Z'), max: new Date('2024-12-31T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
      language: fc.constantFrom('en', 'de', 'pt-BR', 'zh-Hant'),
      context: fc.string({ maxLength: 100 }),
      appearance: fc.record({ url: fc.webUrl({ withQueryParameters: true, withFragments: true }), title: nonBlank(80), quote: fc.string({ maxLength: 100 }) }, { requiredKeys: ['url'] }),
    },
    { requiredKeys: ['statement', 'claimant', 'appearance'] },
  );
  // fast-check generates keys named like Object.prototype's members ("toString", "__proto__", …)
  // on purpose; the API must treat them as just more unknown fields.
  const body = fc.oneof(
    { weight: 2, arbitrary: validSubmission.map((value) => ({ valid: true, payload: JSON.stringify(value) })) },
    { weight: 3, arbitrary: submission.map((value) => ({ valid: false, payload: JSON.stringify(value) })) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => ({ valid: false, payload: JSON.stringify(value) })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((value) => ({ valid: false, payload: value })) },
  );

  test('POST /api/v1/claims with generated bodies: never a 5xx, refusals are problem+json and write nothing', async () => {
    let created = 0;
    let replayed = 0;
    let refusedCount = 0;
    await fc.assert(
      fc.asyncProperty(body, fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: undefined }), async ({ valid, payload }, idempotencyKey) => {
        const before = counts();
        const headers: Record<string, string> = json(writeKey);
        if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey.replace(/[^\x21-\x7e]/g, '_') || '_';
        const answer = await send({ method: 'POST', template: '/api/v1/claims', headers, body: payload });
        const after = counts();
        // A submission within the rules is accepted (unless its Idempotency-Key was used before).
        if (valid && after.idempotency_keys === before.idempotency_keys + (idempotencyKey === undefined ? 0 : 1)) expect(answer.status, answer.label).toBe(201);
        if (answer.headers.get('idempotent-replayed') === 'true') {
          replayed += 1;
          expect(after).toEqual(before);
        } else if (answer.status === 201) {
          created += 1;
          expect(after.claims).toBe(before.claims + 1);
        } else {
          refusedCount += 1;
          expectProblem(answer, answer.status);
          expect([400, 409, 413, 415, 422, 429], answer.label).toContain(answer.status);
          expect(after, answer.label).toEqual(before);
        }
      }),
      { numRuns: 100 },
    );
    // The generator reaches both sides of the validation.
    expect(created).toBeGreaterThan(10);
    expect(refusedCount).toBeGreaterThan(30);
    expect(created + replayed + refusedCount).toBe(100);
  });
});

describe('rate limits', () => {
  test('past the per-key limit a key is answered 429 problem+json with Retry-After, and other keys are not', { timeout: 120_000 }, async () => {
    // The server's default API_RATE_LIMIT is 600 requests a minute per key (a fixed window that
    // starts at the key's first request; these take a few seconds).
    let allowed = 0;
    let answer: Answer | undefined;
    for (let batch = 0; batch < 35 && answer === undefined; batch += 1) {
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => send({ template: '/api/v1/claims/{id}', path: '/api/v1/claims/1', headers: bearer(burstKey) })),
      );
      allowed += answers.filter((a) => a.status === 200).length;
      answer = answers.find((a) => a.status === 429);
    }
    expect(answer, 'never rate limited').toBeDefined();
    expect(allowed).toBe(600);
    const problem = expectProblem(answer as Answer, 429);
    expect(problem.type).toMatch(/rate-limited/);
    expect(Number((answer as Answer).headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number((answer as Answer).headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // Another key is unaffected.
    expect((await send({ template: '/api/v1/claims/{id}', path: '/api/v1/claims/1', headers: bearer(readKey) })).status).toBe(200);
  });
});
