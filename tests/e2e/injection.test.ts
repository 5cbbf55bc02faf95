import type { Browser, BrowserContext, Page, Response as PageResponse } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '@/db/open';
import { createApiKey } from '@/lib/api/keys';
import { demoUser, launchBrowser, newAppContext, responseFindings, signInAs, startApp, type RunningApp } from './support/harness';
import { readDb, sendAction } from './support/hostile-wire';
import { HttpClient, serverActions } from './support/http-client';

/**
 * Injection and XSS (issue 5, security test 7). Script, HTML, `javascript:` URLs, a JSON-LD
 * breakout, SQL, FTS5 syntax, bidi overrides, zero-width characters and very long strings go into
 * every text field through the real forms and actions, and one verdict carrying them is published.
 * Then, in Chromium, every page that shows them must show them as text: no dialog, no injected
 * element, no script without the page's nonce, no CSP violation. The exports keep them as data
 * (CSV cells that would start a formula are neutralised, JSON Lines and the ClaimReview feed
 * round-trip them), the public page's JSON-LD cannot be broken out of, URL fields refuse every
 * scheme but http(s), and FTS5 syntax in the search box is only ever words. The security headers
 * that security-headers.test.ts does not check (nonce, nosniff, Referrer-Policy, frame-ancestors)
 * are checked on every document seen here.
 */

const XSS = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>', 'javascript:alert(1)', '</script><script>alert(1)</script>'];
const SQL = "'; DROP TABLE claims; --";
const BIDI = 'invoice\u202Etxt.exe\u202C';
const ZERO_WIDTH = 'zero\u200Bwidth\u200Djoin\uFEFFer';
const ENTITIES = '&amp; &lt;b&gt; &#x3C;';
/** Markup that must never appear raw in any HTML the app serves (it would be an element). */
const RAW_MARKUP = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<svg onload=alert(1)>', '<script><script>'];
const FTS_SYNTAX = ['"', '"unbalanced', 'NEAR(troops', 'NEAR(a b, 2)', '*', 'troop*', 'a OR b', 'OR', 'NOT', 'AND', 'statement:troops', 'claimant_name:x', '^troops', '(', ')', '{a b}', "'", '\\', '-', '+', '\u0000', '\u202E', '🙂*', '"a" "b', 'col:"x'];

/** The whole payload behind a field's own tag, `lead` first (for the CSV formula checks). */
function full(tag: string, lead = ''): string {
  return `${lead}[${tag}] ${XSS.join(' ')} ${SQL} ${BIDI} ${ZERO_WIDTH} ${ENTITIES}`;
}

/** A shorter payload for fields of 100 to 200 characters. */
function short(tag: string, lead = ''): string {
  return `${lead}[${tag}] <img src=x onerror=alert(1)> "><svg onload=alert(1)> ${BIDI}`;
}

const LONG = `[long] ${'0123456789'.repeat(1000)}`.slice(0, 10_000);

const T = {
  statement: full('statement', '=HYPERLINK("https://evil.example","x") '),
  context: full('context'),
  claimant: short('claimant', '+'),
  appearanceTitle: full('appearance-title'),
  appearanceQuote: full('appearance-quote'),
  measure: short('measure'),
  unit: '<b>u</b>',
  appearance2Title: full('appearance2-title'),
  appearance2Quote: full('appearance2-quote'),
  evidenceTitle: full('evidence-title'),
  evidenceNote: full('evidence-note'),
  evidenceQuote: full('evidence-quote'),
  rationale1: full('rationale-1'),
  rationale2: full('rationale-2'),
  reason: full('reason'),
  comment: full('comment'),
  resolution: full('resolution'),
  headline: short('headline', '@'),
  explanation: `${full('explanation')} ${LONG}`,
  correctionNote: full('correction-note', '-'),
  openReason: full('open-reason'),
  openComment: full('open-comment'),
  apiStatement: full('api-statement', '\t=1+1 '),
  apiClaimant: short('api-claimant'),
  apiContext: full('api-context'),
  apiTitle: full('api-title'),
  apiQuote: full('api-quote'),
  keyName: short('key-name').slice(0, 100),
};

/** http(s) addresses whose path and query carry markup: valid URLs, so stored, and only ever attributes. */
const URL_WITH_MARKUP = 'https://example.org/inj?q="><svg onload=alert(1)>&r=<script>alert(1)</script>';
const EVIDENCE_URL = 'https://example.org/evidence/"onmouseover="alert(1)';
const ARTICLE_URL = "https://news.example/fact-check?x='><img src=x onerror=alert(1)>";
const WEBHOOK_URL = 'https://hooks.invalid/receiver?x="><svg onload=alert(1)>';
const NOT_WEB_URLS = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'javascript://example.org/%0Aalert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', 'file:///etc/passwd', '//evil.example/x'];

let app: RunningApp;
let browser: Browser;
let desk: BrowserContext;
let deskPage: Page;
let editor: HttpClient;
let apiKey = '';
let claimId = 0;
let apiClaimId = 0;
let measureKey = '';
/** Every document response seen, for the header checks. */
const documents: { url: string; headers: Record<string, string> }[] = [];
/** CSP violations and script errors reported by the pages. */
const consoleProblems: string[] = [];

function watchPage(page: Page): void {
  page.on('response', (response: PageResponse) => {
    if (response.request().resourceType() !== 'document' || response.status() >= 300 && response.status() < 400) return;
    void response.allHeaders().then((headers) => documents.push({ url: response.url(), headers }), () => undefined);
  });
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) consoleProblems.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleProblems.push(`${page.url()}: ${error.message}`));
}

async function signedIn(role: 'editor' | 'reviewer', n = 0): Promise<HttpClient> {
  const user = demoUser(role, n);
  const client = new HttpClient(app.baseUrl);
  expect((await client.signIn(user.email, user.password)).ok).toBe(true);
  return client;
}

const actions = () => new Map(serverActions().map((action) => [action.name, action]));

/** Calls a server action as its form would and returns its result. */
async function act(client: HttpClient, name: string, page: string, fields: Record<string, string | string[]>): Promise<{ ok: boolean; message?: string; fieldErrors?: Record<string, string[]>; data?: unknown }> {
  const action = actions().get(name);
  if (!action) throw new Error(`no action ${name}`);
  const answer = await sendAction(client, action, page, { kind: 'fields', fields });
  expect(answer.status, `${name}: ${answer.error ?? ''}`).toBeLessThan(500);
  if (answer.redirect) return { ok: true, data: answer.redirect };
  expect(answer.result, `${name}: ${answer.error ?? ''}`).toBeDefined();
  return answer.result as { ok: boolean; message?: string; fieldErrors?: Record<string, string[]> };
}

async function accepted(client: HttpClient, name: string, page: string, fields: Record<string, string | string[]>): Promise<void> {
  const result = await act(client, name, page, fields);
  expect(result, `${name} refused: ${JSON.stringify(result).slice(0, 500)}`).toMatchObject({ ok: true });
}

const one = <T>(sql: string, ...params: unknown[]): T => readDb(app.dbFile, (db) => db.prepare(sql).get(...params) as T);

function rowCounts(): Record<string, number> {
  return readDb(app.dbFile, (db) =>
    Object.fromEntries(
      ['claims', 'appearances', 'evidence', 'verdict_drafts', 'webhooks', 'api_keys', 'audit_events'].map((table) => [table, db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number]),
    ),
  );
}

beforeAll(async () => {
  app = await startApp();
  const db = openDatabase(app.dbFile, { migrate: false });
  try {
    apiKey = createApiKey(db, null, { name: 'Injection CMS', scopes: ['verdicts:read', 'claims:write', 'export:read'] }).key;
  } finally {
    db.$client.close();
  }
  editor = await signedIn('editor');
  browser = await launchBrowser();
  desk = await newAppContext(browser, app.baseUrl);
  desk.on('page', watchPage);
  deskPage = await signInAs(desk, app.baseUrl, demoUser('editor'));
});

afterAll(async () => {
  await desk?.close();
  await browser?.close();
  await app?.stop();
});

describe('payloads go in through the real forms and actions', () => {
  test('a new claim through the claim form, with its claimant, first appearance and quantity', { timeout: 90_000 }, async () => {
    const page = deskPage;
    await page.goto(`${app.baseUrl}/claims/new`);
    await page.getByLabel('Statement', { exact: true }).fill(T.statement);
    await page.getByLabel('Claimant', { exact: true }).fill(T.claimant);
    await page.getByLabel('Date made', { exact: true }).fill('2024-12-18');
    await page.getByLabel('Context', { exact: true }).fill(T.context);
    await page.getByLabel('Appearance URL', { exact: true }).fill(URL_WITH_MARKUP);
    await page.getByLabel('Appearance title', { exact: true }).fill(T.appearanceTitle);
    await page.getByLabel('Quoted text', { exact: true }).fill(T.appearanceQuote);
    await page.getByLabel('Measure', { exact: true }).fill(T.measure);
    await page.getByLabel('Unit', { exact: true }).fill(T.unit);
    await page.getByLabel('Bound', { exact: true }).selectOption('exact');
    await page.getByLabel('Value', { exact: true }).fill('10,000');
    await page.getByLabel('Modality', { exact: true }).selectOption('estimate');
    await page.getByRole('button', { name: 'Create claim', exact: true }).click();
    // A name no source has: the form keeps what was typed and asks for the new source's kind.
    await page.getByLabel('Claimant’s kind, to add it as a new source', { exact: true }).selectOption('person');
    await page.getByRole('button', { name: 'Create claim', exact: true }).click();
    await page.waitForURL((url) => /^\/claims\/\d+$/.test(url.pathname), { timeout: 30_000 });
    claimId = Number(new URL(page.url()).pathname.split('/').pop());
    // Stored exactly as typed: text is text, whatever it looks like.
    const stored = one<{ statement: string; context: string; name: string }>('SELECT c.statement, c.context, s.name FROM claims c JOIN sources s ON s.id = c.claimant_id WHERE c.id = ?', claimId);
    expect(stored).toEqual({ statement: T.statement, context: T.context, name: T.claimant });
    measureKey = one<{ key: string }>('SELECT m.key FROM quantities q JOIN measures m ON m.id = q.measure_id WHERE q.claim_id = ?', claimId).key;
  });

  test('appearance, evidence, two assessments, a resolved disagreement, a published and corrected verdict', { timeout: 90_000 }, async () => {
    const page = `/claims/${claimId}`;
    await accepted(editor, 'addAppearanceAction', page, { claimId: String(claimId), url: 'https://example.org/second', title: T.appearance2Title, quote: T.appearance2Quote });
    await accepted(editor, 'addEvidenceAction', page, {
      claimId: String(claimId),
      url: EVIDENCE_URL,
      title: T.evidenceTitle,
      stance: 'refutes',
      note: T.evidenceNote,
      'quote.exact': T.evidenceQuote,
      'quote.prefix': '<i>before</i>',
      'quote.suffix': '</blockquote><script>alert(1)</script>',
    });
    const evidenceId = one<{ id: number }>('SELECT max(id) AS id FROM evidence WHERE claim_id = ?', claimId).id;
    for (const [n, rationale] of [[0, T.rationale1], [1, T.rationale2]] as const) {
      const reviewer = await signedIn('reviewer', n);
      await accepted(reviewer, 'assessAction', page, { claimId: String(claimId), label: 'mostly_inaccurate', confidence: '80', rationale, citedEvidenceIds: [String(evidenceId)] });
    }
    await accepted(editor, 'openDisagreementAction', page, { claimId: String(claimId), reason: T.reason });
    const disagreement = one<{ id: number; version: number }>("SELECT id, version FROM disagreements WHERE claim_id = ? AND status = 'open' ORDER BY id DESC LIMIT 1", claimId);
    await accepted(editor, 'commentAction', page, { disagreementId: String(disagreement.id), body: T.comment });
    const resolving = one<{ version: number }>('SELECT version FROM disagreements WHERE id = ?', disagreement.id);
    await accepted(editor, 'resolveDisagreementAction', page, { disagreementId: String(disagreement.id), version: String(resolving.version), resolution: T.resolution });

    await accepted(editor, 'saveVerdictDraftAction', page, {
      claimId: String(claimId),
      version: '0',
      label: 'mostly_inaccurate',
      headline: T.headline,
      explanation: T.explanation,
      articleUrl: ARTICLE_URL,
      citedEvidenceIds: [String(evidenceId)],
    });
    const draft = one<{ version: number }>('SELECT version FROM verdict_drafts WHERE claim_id = ?', claimId);
    await accepted(editor, 'publishVerdictAction', page, {
      claimId: String(claimId),
      version: String(draft.version),
      label: 'mostly_inaccurate',
      headline: T.headline,
      explanation: T.explanation,
      articleUrl: ARTICLE_URL,
      citedEvidenceIds: [String(evidenceId)],
      step: 'publish',
    });
    // Publishing saved the form as the draft: the correction goes on from that version.
    const published = one<{ version: number }>('SELECT version FROM verdict_drafts WHERE claim_id = ?', claimId);
    await accepted(editor, 'correctVerdictAction', page, {
      claimId: String(claimId),
      version: String(published.version),
      label: 'inaccurate',
      headline: T.headline,
      explanation: T.explanation,
      articleUrl: ARTICLE_URL,
      citedEvidenceIds: [String(evidenceId)],
      note: T.correctionNote,
      step: 'publish',
    });
    expect(one<{ status: string }>('SELECT status FROM claims WHERE id = ?', claimId).status).toBe('published');

    // A disagreement left open, so the disagreements queue shows a payload too.
    await accepted(editor, 'openDisagreementAction', page, { claimId: String(claimId), reason: T.openReason });
    const open = one<{ id: number }>("SELECT id FROM disagreements WHERE claim_id = ? AND status = 'open' ORDER BY id DESC LIMIT 1", claimId);
    await accepted(editor, 'commentAction', page, { disagreementId: String(open.id), body: T.openComment });
  });

  test('a claim submitted through the API, an article URL reported by the CMS, an API key and a webhook', async () => {
    const response = await fetch(`${app.baseUrl}/api/v1/claims`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        statement: T.apiStatement,
        claimant: { name: T.apiClaimant, kind: 'organisation' },
        context: T.apiContext,
        appearance: { url: URL_WITH_MARKUP, title: T.apiTitle, quote: T.apiQuote },
      }),
    });
    expect(response.status, await response.clone().text()).toBe(201);
    apiClaimId = ((await response.json()) as { id: number }).id;
    expect(one<{ statement: string }>('SELECT statement FROM claims WHERE id = ?', apiClaimId).statement).toBe(T.apiStatement.trim());

    const article = await fetch(`${app.baseUrl}/api/v1/claims/${claimId}/article`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: ARTICLE_URL }),
    });
    expect(article.status, await article.clone().text()).toBe(200);

    await accepted(editor, 'createApiKeyAction', '/settings/api-keys', { name: T.keyName, scopes: ['verdicts:read'] });
    await accepted(editor, 'createWebhookAction', '/settings/webhooks', { url: WEBHOOK_URL, events: ['verdict.published'] });
  });
});

describe('URL fields take web addresses only', () => {
  test('every URL field refuses javascript:, data:, vbscript:, file: and scheme-relative addresses, naming the field, writing nothing', { timeout: 90_000 }, async () => {
    const page = `/claims/${claimId}`;
    const before = rowCounts();
    for (const url of NOT_WEB_URLS) {
      const forms: [string, string, Record<string, string>, string][] = [
        ['createClaimAction', '/claims/new', { statement: 'URL check', claimant: 'URL check claimant', claimantKind: 'person', claimedOn: '2024-12-18', 'appearance.url': url, 'appearance.title': 'x' }, 'appearance.url'],
        ['addAppearanceAction', page, { claimId: String(claimId), url, title: 'x' }, 'url'],
        ['addEvidenceAction', page, { claimId: String(claimId), url, title: 'x', stance: 'supports' }, 'url'],
        ['saveVerdictDraftAction', page, { claimId: String(apiClaimId), version: '0', headline: 'x', articleUrl: url }, 'articleUrl'],
        ['createWebhookAction', '/settings/webhooks', { url, events: 'verdict.published' }, 'url'],
      ];
      for (const [name, path, fields, field] of forms) {
        const result = await act(editor, name, path, fields);
        expect(result.ok, `${name} took ${JSON.stringify(url)}`).toBe(false);
        expect(Object.keys(result.fieldErrors ?? {}), `${name} with ${JSON.stringify(url)}`).toContain(field);
      }
      for (const [path, body, field] of [
        ['/api/v1/claims', { statement: 'URL check', claimant: { name: 'x' }, appearance: { url } }, 'appearance.url'],
        [`/api/v1/claims/${claimId}/article`, { url }, 'url'],
      ] as const) {
        const response = await fetch(`${app.baseUrl}${path}`, {
          method: path.endsWith('article') ? 'PUT' : 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const problem = (await response.json()) as { errors?: { path: string }[] };
        expect(response.status, `${path} took ${JSON.stringify(url)}`).toBe(400);
        expect(problem.errors?.map((error) => error.path)).toContain(field);
      }
    }
    expect(rowCounts()).toEqual(before);
  });

  test('a 10,000-character string is stored where the field allows it and refused, naming the field, where it does not', { timeout: 60_000 }, async () => {
    const page = `/claims/${claimId}`;
    const disagreementId = String(one<{ id: number }>("SELECT id FROM disagreements WHERE claim_id = ? AND status = 'open' LIMIT 1", claimId).id);
    const cases: [string, string, Record<string, string>, string, number][] = [
      ['createClaimAction', '/claims/new', { statement: LONG, claimant: 'Long statement claimant', claimantKind: 'person', claimedOn: '2024-12-18', 'appearance.url': 'https://example.org/', 'appearance.title': 'x' }, 'statement', 1000],
      ['addAppearanceAction', page, { claimId: String(claimId), url: 'https://example.org/', title: LONG }, 'title', 500],
      ['addEvidenceAction', page, { claimId: String(claimId), url: 'https://example.org/', title: 'x', stance: 'supports', note: LONG }, 'note', 4000],
      ['addEvidenceAction', page, { claimId: String(claimId), url: 'https://example.org/', title: 'x', stance: 'supports', 'quote.exact': LONG }, 'quote.exact', 5000],
      ['commentAction', page, { disagreementId, body: LONG }, 'body', 8000],
      ['openDisagreementAction', page, { claimId: String(claimId), reason: LONG }, 'reason', 2000],
      ['createApiKeyAction', '/settings/api-keys', { name: LONG, scopes: 'verdicts:read' }, 'name', 100],
    ];
    for (const [name, path, fields, field, max] of cases) {
      const before = rowCounts();
      const result = await act(editor, name, path, fields);
      expect(max).toBeLessThan(LONG.length);
      expect(result.ok, `${name}.${field} took ${LONG.length} characters`).toBe(false);
      expect(result.fieldErrors?.[field]?.join(' '), `${name}.${field}`).toMatch(/under/);
      expect(rowCounts()).toEqual(before);
    }
    // The explanation allows 20,000: the published verdict carries the long string (checked on its page below).
    expect(one<{ explanation: string }>('SELECT explanation FROM verdicts WHERE claim_id = ? ORDER BY version_number DESC LIMIT 1', claimId).explanation).toBe(T.explanation);
  });
});

// ---------------------------------------------------------------------------------------------

interface PageReport {
  scriptsWithoutNonce: string[];
  nonces: string[];
  injected: string[];
  handlers: string[];
  scriptLinks: string[];
  text: string;
}

/** What the document holds that injection would have put there, read in the page. */
function inspect(page: Page): Promise<PageReport> {
  return page.evaluate(() => {
    const scripts = Array.from(document.scripts);
    return {
      // Next's own runtime adds chunk scripts by src under 'strict-dynamic'; anything else needs the nonce.
      scriptsWithoutNonce: scripts
        .filter((script) => !script.nonce && !(script.src && new URL(script.src).origin === location.origin && new URL(script.src).pathname.startsWith('/_next/static/')))
        .map((script) => script.outerHTML.slice(0, 200)),
      nonces: [...new Set(scripts.map((script) => script.nonce ?? '').filter((nonce) => nonce !== ''))],
      injected: Array.from(document.querySelectorAll('img[src="x"], svg[onload], iframe, object, embed, base, meta[http-equiv="refresh" i]')).map((element) => element.outerHTML.slice(0, 200)),
      handlers: Array.from(document.querySelectorAll('*')).flatMap((element) =>
        Array.from(element.attributes)
          .filter((attribute) => /^on/i.test(attribute.name))
          .map((attribute) => `${element.tagName.toLowerCase()} ${attribute.name}="${attribute.value.slice(0, 60)}"`),
      ),
      scriptLinks: Array.from(document.querySelectorAll('a[href], area[href], iframe[src]'))
        .map((element) => element.getAttribute('href') ?? element.getAttribute('src') ?? '')
        .filter((href) => /^\s*(javascript|data|vbscript):/i.test(href)),
      text: document.body.innerText,
    };
  });
}

/**
 * Opens a page in Chromium and checks it: status 200, the served HTML holds no raw payload markup,
 * the DOM holds no injected element, handler attribute, script link or script without the
 * response's nonce, and each expected payload shows as text.
 */
async function visit(page: Page, path: string, expected: string[]): Promise<PageReport> {
  const response = await page.goto(`${app.baseUrl}${path}`);
  expect(response?.status(), path).toBe(200);
  const html = (await response?.text()) ?? '';
  for (const markup of RAW_MARKUP) expect(html.includes(markup), `${path} serves raw ${markup}`).toBe(false);
  const nonce = /'nonce-([^']+)'/.exec((await response?.allHeaders())?.['content-security-policy'] ?? '')?.[1];
  expect(nonce, `${path} has a CSP nonce`).toBeDefined();
  const report = await inspect(page);
  expect(report.scriptsWithoutNonce, path).toEqual([]);
  expect(report.nonces, path).toEqual([nonce]);
  expect(report.injected, path).toEqual([]);
  expect(report.handlers, path).toEqual([]);
  expect(report.scriptLinks, path).toEqual([]);
  for (const text of expected) expect(report.text, `${path} should show ${JSON.stringify(text.slice(0, 80))} as text`).toContain(text);
  return report;
}

/** The visible part of a payload that a page shows in full: its tag and its markup, as text. */
const shown = (payload: string) => payload.slice(0, 120).trim();

describe('Chromium shows every payload as text', () => {
  test('the checks see an injection when there is one (and the CSP blocks its handler)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    await page.goto(`${app.baseUrl}/signin`);
    await page.evaluate((markup) => document.body.insertAdjacentHTML('beforeend', markup), `${XSS[1]}${XSS[2]}<a href="javascript:alert(1)">x</a>`);
    const report = await inspect(page);
    expect(report.injected.length).toBeGreaterThanOrEqual(2);
    expect(report.handlers.length).toBeGreaterThanOrEqual(2);
    expect(report.scriptLinks).toEqual(['javascript:alert(1)']);
    await page.waitForFunction(() => true);
    await expect.poll(() => blocked.length, { timeout: 5_000 }).toBeGreaterThan(0);
    await context.close();
  });

  test('the claim page: statement, claimant, appearances, quantity, evidence, assessments, disagreements, verdict and history', { timeout: 60_000 }, async () => {
    await visit(deskPage, `/claims/${claimId}`, [
      shown(T.statement),
      shown(T.claimant),
      shown(T.context),
      shown(T.appearanceTitle),
      shown(T.appearanceQuote),
      shown(T.appearance2Title),
      shown(T.evidenceTitle),
      shown(T.evidenceNote),
      shown(T.evidenceQuote),
      shown(T.rationale1),
      shown(T.rationale2),
      shown(T.reason),
      shown(T.comment),
      shown(T.resolution),
      shown(T.openReason),
      shown(T.headline),
      BIDI,
      ZERO_WIDTH,
      ENTITIES,
    ]);
    // Links keep their markup inside the attribute, escaped, never as elements.
    expect(await deskPage.locator('a[href]').evaluateAll((links) => links.map((link) => link.getAttribute('href')))).toEqual(expect.arrayContaining([URL_WITH_MARKUP, EVIDENCE_URL]));
    await visit(deskPage, `/claims/${apiClaimId}`, [shown(T.apiStatement), shown(T.apiClaimant), shown(T.apiContext), shown(T.apiTitle), shown(T.apiQuote)]);
  });

  test('the claims list, also filtered by a search for the payload', async () => {
    await visit(deskPage, '/claims', [shown(T.statement), shown(T.apiStatement)]);
    await visit(deskPage, `/claims?q=${encodeURIComponent('HYPERLINK onerror alert')}`, [shown(T.statement).slice(0, 40)]);
  });

  test('the desk, the disagreements queue, the measures, the export page and the settings pages', { timeout: 60_000 }, async () => {
    await visit(deskPage, '/', [shown(T.headline)]);
    await visit(deskPage, '/disagreements', [shown(T.openReason).slice(0, 60)]);
    await visit(deskPage, '/measures', [shown(T.measure)]);
    await visit(deskPage, `/measures/${encodeURIComponent(measureKey)}`, [shown(T.measure), shown(T.claimant)]);
    await visit(deskPage, '/export', []);
    await visit(deskPage, '/settings', []);
    await visit(deskPage, '/settings/api-keys', [T.keyName]);
    await visit(deskPage, '/settings/webhooks', [WEBHOOK_URL]);
  });

  test('the public verdict page, signed out: the text, and JSON-LD that cannot be broken out of', { timeout: 60_000 }, async () => {
    const context = await newAppContext(browser, app.baseUrl);
    context.on('page', watchPage);
    const page = await context.newPage();
    await visit(page, `/verdicts/${claimId}`, [
      shown(T.statement),
      shown(T.claimant),
      shown(T.headline),
      shown(T.explanation),
      LONG.slice(-200),
      shown(T.correctionNote),
      shown(T.appearanceTitle),
      shown(T.appearanceQuote),
      shown(T.evidenceTitle),
      shown(T.evidenceQuote),
    ]);
    // The served HTML: the JSON-LD script's text holds no "<" at all, so no "</script" either.
    const html = await (await fetch(`${app.baseUrl}/verdicts/${claimId}`)).text();
    const blocks = [...html.matchAll(/<script type="application\/ld\+json"[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).not.toMatch(/[<>]/);
    const fromHtml = JSON.parse(blocks[0]!) as { claimReviewed: string; reviewRating: { alternateName: string }; itemReviewed: { author: { name: string } } };
    expect(fromHtml.claimReviewed).toBe(T.statement);
    expect(fromHtml.itemReviewed.author.name).toBe(T.claimant);
    // And as Chromium reads it: one JSON-LD script, whose text round-trips the payload.
    const inPage = await page.locator('script[type="application/ld+json"]').evaluateAll((scripts) => scripts.map((script) => script.textContent ?? ''));
    expect(inPage).toHaveLength(1);
    expect((JSON.parse(inPage[0]!) as { claimReviewed: string }).claimReviewed).toBe(T.statement);
    // The reported article URL is a link, its markup inside the attribute.
    expect(await page.locator('a[href]').evaluateAll((links) => links.map((link) => link.getAttribute('href')))).toEqual(expect.arrayContaining([URL_WITH_MARKUP, EVIDENCE_URL]));
    await context.close();
  });

  test('FTS5 syntax in the search box is only ever words: 200 with results or an empty list', { timeout: 90_000 }, async () => {
    const client = await signedIn('editor');
    for (const query of [...FTS_SYNTAX, ...XSS, SQL, BIDI, ZERO_WIDTH, '"'.repeat(300), 'NEAR('.repeat(40)]) {
      const response = await client.request(`/claims?q=${encodeURIComponent(query)}`);
      const html = await response.text();
      expect(response.status, `search ${JSON.stringify(query)}`).toBe(200);
      expect(html, `search ${JSON.stringify(query)}`).toMatch(/aria-label="Claims"|No claims match these filters/);
      for (const markup of RAW_MARKUP) expect(html.includes(markup), `search ${JSON.stringify(query)} echoes raw ${markup}`).toBe(false);
    }
    // Typed into the search box and submitted, as a person would.
    for (const query of ['"unbalanced NEAR( troops', 'statement:* OR ^', XSS[1]!, '"><svg onload=alert(1)>']) {
      await deskPage.goto(`${app.baseUrl}/claims`);
      await deskPage.getByLabel('Search claims', { exact: true }).fill(query);
      await deskPage.getByRole('button', { name: 'Apply', exact: true }).click();
      await deskPage.waitForURL((url) => url.searchParams.get('q') === query);
      expect(await deskPage.getByLabel('Search claims', { exact: true }).inputValue()).toBe(query);
      const report = await inspect(deskPage);
      expect(report.injected).toEqual([]);
      expect(report.handlers).toEqual([]);
      expect(report.text).toMatch(/No claims match these filters|Claims/);
    }
  });

  test('no dialog opened, no CSP violation or script error, and every document carried the security headers', async () => {
    const findings = await responseFindings();
    expect(findings.issues).toEqual([]);
    expect(consoleProblems).toEqual([]);
    expect(documents.length).toBeGreaterThanOrEqual(14);
    for (const { url, headers } of documents) {
      const csp = headers['content-security-policy'] ?? '';
      const scriptSrc = /(?:^|;)\s*script-src([^;]*)/.exec(csp)?.[1] ?? '';
      expect(scriptSrc, `${url}: script-src`).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
      expect(scriptSrc, `${url}: script-src`).not.toContain("'unsafe-inline'");
      expect(csp, `${url}: frame-ancestors`).toMatch(/frame-ancestors 'none'/);
      expect(csp, `${url}: object-src`).toMatch(/object-src 'none'/);
      expect(csp, `${url}: base-uri`).toMatch(/base-uri 'self'/);
      expect(headers['x-content-type-options'], `${url}: X-Content-Type-Options`).toBe('nosniff');
      expect(headers['referrer-policy'], `${url}: Referrer-Policy`).toMatch(/^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/);
    }
  });
});

// ---------------------------------------------------------------------------------------------

/** RFC 4180: records of fields, quoted fields may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = text.startsWith('\uFEFF') ? 1 : 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += char;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

describe('exports keep the payloads as data', () => {
  test('CSV: cells that would start a formula are neutralised, the rest is the text as stored', async () => {
    const response = await editor.request('/export/download?format=csv');
    expect(response.status).toBe(200);
    const rows = parseCsv(await response.text());
    const header = rows[0]!;
    const column = (name: string) => header.indexOf(name);
    const ours = rows.find((row) => row[column('id')] === String(claimId));
    const api = rows.find((row) => row[column('id')] === String(apiClaimId));
    expect(ours).toBeDefined();
    expect(api).toBeDefined();
    expect(ours![column('statement')]).toBe(`'${T.statement}`);
    expect(ours![column('claimant')]).toBe(`'${T.claimant}`);
    expect(ours![column('headline')]).toBe(`'${T.headline}`);
    expect(ours![column('article_url')]).toBe(ARTICLE_URL);
    expect(api![column('statement')]).toBe(`'${T.apiStatement.trim()}`);
    // No cell of the whole file starts a formula.
    for (const row of rows.slice(1)) for (const cell of row) expect(cell, `a formula cell in row ${row[0]}`).not.toMatch(/^[=+\-@\t\r]/);
  });

  test('JSON Lines: one JSON value per line, the payloads exactly as stored', async () => {
    const response = await editor.request('/export/download?format=jsonl');
    expect(response.status).toBe(200);
    const lines = (await response.text()).split('\n').filter((line) => line !== '');
    const records = lines.map((line) => JSON.parse(line) as { id: number; statement: string; claimant: string; headline: string | null });
    const ours = records.find((record) => record.id === claimId);
    expect(ours).toMatchObject({ statement: T.statement, claimant: T.claimant, headline: T.headline });
    expect(records.find((record) => record.id === apiClaimId)?.statement).toBe(T.apiStatement.trim());
  });

  test('the ClaimReview feed parses and round-trips the payloads', async () => {
    const response = await fetch(`${app.baseUrl}/api/v1/export?format=claimreview`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(response.status).toBe(200);
    const feed = JSON.parse(await response.text()) as { '@graph': { claimReviewed: string; url: string; itemReviewed: { author: { name: string } } }[] };
    const ours = feed['@graph'].find((review) => review.claimReviewed === T.statement);
    expect(ours?.itemReviewed.author.name).toBe(T.claimant);
    const single = await fetch(`${app.baseUrl}/api/v1/claims/${claimId}/claimreview`);
    expect(((await single.json()) as { claimReviewed: string }).claimReviewed).toBe(T.statement);
  });
});
