import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { z } from 'zod';
import { fieldRows, operations, requestBody, responseExample, scopeTable, webhookEvents, type Json } from '@/lib/api/docs';
import { ArticleReport, ClaimCreated, ClaimPublic, ClaimSubmission, VerdictPage } from '@/lib/api/schemas';
import { WEBHOOK_DELIVERIES } from '@/lib/api/webhook-schemas';
import type { WebhookEvent } from '@/lib/webhooks/events';
import { expectNoSeriousA11yViolations } from './support/axe';
import path from 'node:path';
import { DESKTOP, PHONE, SCREENSHOT_DIR, launchBrowser, newAppContext, responseFindings, startApp, type RunningApp } from './support/harness';

/**
 * The API reference a CMS developer follows alone: /api-docs and the webhooks guide, in Chromium,
 * checked against the OpenAPI document the same app serves — every route, every body field
 * (nested ones too) and every example, each example parsed by the zod schema its route uses.
 */

let app: RunningApp;
let browser: Browser;
let doc: Json;

const BODY_SCHEMAS: Record<string, z.ZodType> = {
  'POST /api/v1/claims': ClaimSubmission,
  'PUT /api/v1/claims/{id}/article': ArticleReport,
};
const ANSWER_SCHEMAS: Record<string, z.ZodType> = {
  'GET /api/v1/verdicts': VerdictPage,
  'GET /api/v1/claims/{id}': ClaimPublic,
  'POST /api/v1/claims': ClaimCreated,
  'PUT /api/v1/claims/{id}/article': ClaimPublic,
};

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  doc = (await (await fetch(`${app.baseUrl}/api/v1/openapi.json`)).json()) as Json;
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/**
 * A screenshot with more time than the harness's default: the reference is long. At phone width
 * (twice the pixels, several times the height) only the first screen is taken, as a full page can
 * take over a minute to capture on a busy machine.
 */
async function screenshot(page: Page, name: string, phone = false): Promise<void> {
  await page.screenshot({
    path: path.join(SCREENSHOT_DIR, `${name}.png`),
    timeout: 60_000,
    ...(phone ? {} : { fullPage: true }),
  });
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('a request without a key', () => {
  test.each([
    ['GET', '/api/v1/export?format=csv'],
    ['POST', '/api/v1/claims'],
    ['PUT', '/api/v1/claims/1/article'],
  ])('%s %s is told it needs an API key, not to sign in', async (method, path) => {
    const response = await fetch(`${app.baseUrl}${path}`, {
      method,
      headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : '{}',
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const problem = (await response.json()) as { title: string; detail: string; type: string };
    expect(problem.detail).toContain('needs an API key');
    expect(problem.detail).toContain('Authorization: Bearer cbk_');
    expect(`${problem.title} ${problem.detail}`).not.toMatch(/sign in|sign-in/i);
    expect(problem.type).toMatch(/\/api-docs#problem-unauthorized$/);
  });
});

describe.each([
  { device: 'desktop', viewport: DESKTOP, phone: false },
  { device: 'phone', viewport: PHONE, phone: true },
])('the API reference at $device width', ({ device, viewport, phone }) => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await newAppContext(browser, app.baseUrl, { viewport, phone });
    page = await context.newPage();
    await page.goto(`${app.baseUrl}/api-docs`);
    await page.getByRole('heading', { level: 1, name: /Claimbench API/ }).waitFor();
    await screenshot(page, `api-docs-${device}`, phone);
  });

  afterAll(async () => {
    await context?.close();
  });

  test('carries the app header with a way back to the desk and to the webhooks guide', async () => {
    const header = page.locator('header.site-header');
    await expect(header.getByRole('link', { name: 'Claimbench' }).getAttribute('href')).resolves.toBe('/');
    await expect(header.getByRole('link', { name: /Back to the desk/ }).getAttribute('href')).resolves.toBe('/');
    await expect(header.getByRole('link', { name: 'Webhooks guide' }).getAttribute('href')).resolves.toBe('/api-docs/webhooks');
  });

  test('explains authentication: the header, every scope with its routes, the 401 and the 403', async () => {
    const auth = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Authentication' }) });
    await expect(auth.locator('[data-code="auth-header"]').textContent()).resolves.toBe('Authorization: Bearer cbk_…');
    for (const row of scopeTable(doc)) {
      const cell = auth.locator(`[data-scope="${row.scope}"]`);
      await expect(cell.count(), row.scope).resolves.toBe(1);
      const text = (await cell.textContent()) ?? '';
      if (row.description) expect(text).toContain(row.description.replace(/`/g, ''));
      for (const route of row.routes) expect(text, `${row.scope} lists ${route}`).toContain(route);
    }
    await expect(auth.textContent()).resolves.toContain('Settings → API keys');
    await expect(auth.textContent()).resolves.toContain('npm run apikey:create');
    const unauthorized = JSON.parse((await auth.locator('[data-code="problem-401"]').textContent()) ?? '{}') as { status: number; detail: string };
    expect(unauthorized).toMatchObject({ status: 401, detail: expect.stringContaining('needs an API key') });
    const forbidden = JSON.parse((await auth.locator('[data-code="problem-403"]').textContent()) ?? '{}') as { status: number };
    expect(forbidden.status).toBe(403);
  });

  test('documents every route of the OpenAPI document, with its body fields, examples and a curl command', async () => {
    const ops = operations(doc);
    const shown = await page.locator('[data-route]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-route')));
    expect(shown).toEqual(ops.map((o) => `${o.method.toUpperCase()} ${o.path}`));
    for (const o of ops) {
      const route = `${o.method.toUpperCase()} ${o.path}`;
      const panel = page.locator(`[data-route="${route}"]`);
      const body = requestBody(o.op);
      const fields = await panel.locator('[data-field]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-field')));
      expect(fields, `${route}: body fields`).toEqual(body ? fieldRows(doc, body.schema, { expandRefs: true }).map((r) => r.path) : []);
      if (body) {
        const example = JSON.parse((await panel.locator('[data-code="request-example"]').textContent()) ?? 'null') as unknown;
        expect(example, `${route}: the example shown is the document's`).toEqual(body.example);
        const parsed = BODY_SCHEMAS[route]?.safeParse(example);
        expect(parsed?.success, `${route}: ${JSON.stringify(parsed?.error?.issues)}`).toBe(true);
      }
      const answer = responseExample(o.op);
      if (answer) {
        const shownAnswer = JSON.parse((await panel.locator('[data-code="response-example"]').textContent()) ?? 'null') as unknown;
        expect(shownAnswer, route).toEqual(answer.example);
        const parsed = ANSWER_SCHEMAS[route]?.safeParse(shownAnswer);
        expect(parsed?.success, `${route}: ${JSON.stringify(parsed?.error?.issues)}`).toBe(true);
      }
      const curl = (await panel.locator('[data-code="curl"]').textContent()) ?? '';
      // Addresses are the document's server (PUBLIC_URL), where a CMS reaches the app.
      const server = String(((doc.servers as Json[])[0] as Json).url);
      expect(curl, route).toContain(`curl ${o.method === 'get' ? '' : `-X ${o.method.toUpperCase()} `}'${server}${o.path.replace('{id}', '7')}`);
      const access = o.op.security as Json[];
      expect(curl.includes('Authorization: Bearer $CLAIMBENCH_API_KEY'), route).toBe(!access.some((r) => Object.keys(r).length === 0));
    }
    // The claimant and the appearance are not just "object": their fields are listed.
    const submission = page.locator('[data-route="POST /api/v1/claims"]');
    for (const field of ['claimant.name', 'claimant.kind', 'appearance.url', 'appearance.title', 'appearance.quote']) {
      await expect(submission.locator(`[data-field="${field}"]`).count(), field).resolves.toBe(1);
    }
    await expect(submission.textContent()).resolves.toContain('Idempotency-Key');
  });

  test('types limit as an integer, gives the updated_since format, and renders descriptions without raw backticks', async () => {
    const feed = page.locator('[data-route="GET /api/v1/verdicts"]');
    await expect(feed.locator('[data-parameter="query limit"]').getAttribute('data-type')).resolves.toBe('integer');
    const since = (await feed.locator('[data-parameter="query updated_since"]').textContent()) ?? '';
    expect(since).toContain('ISO 8601');
    expect(since).toContain('2024-12-18T09:00:00Z');
    const prose = await page.locator('main p, main td, main li').evaluateAll((nodes) => nodes.map((n) => n.textContent ?? ''));
    expect(prose.filter((text) => text.includes('`'))).toEqual([]);
    await expect(page.locator('[data-description] code').count()).resolves.toBeGreaterThan(3);
  });

  test('lists every webhook event with its payload schema and links the guide', async () => {
    for (const e of webhookEvents(doc)) {
      const item = page.locator(`[data-webhook="${e.event}"]`);
      await expect(item.count(), e.event).resolves.toBe(1);
      const schema = String((e.schema as Json).$ref).split('/').pop() ?? '';
      for (const field of ['id', 'event', 'occurred_at', 'data']) {
        await expect(page.locator(`[data-schema="${schema}"] [data-field="${field}"]`).count(), `${schema}.${field}`).resolves.toBe(1);
      }
    }
    await expect(page.locator('[data-schema="WebhookVerdictData"] [data-field="claim_id"]').count()).resolves.toBe(1);
    await expect(page.locator('#webhooks').locator('..').getByRole('link', { name: 'webhooks guide' }).getAttribute('href')).resolves.toBe('/api-docs/webhooks');
  });

  test('passes axe and does not scroll sideways', async () => {
    await expectNoSeriousA11yViolations(page);
    if (phone) expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  test('the webhooks guide is served by the app: events, payloads, signature, Node and Python, retries', async () => {
    const guide = await context.newPage();
    await guide.goto(`${app.baseUrl}/api-docs`);
    await guide.locator('header').getByRole('link', { name: 'Webhooks guide' }).click();
    await guide.waitForURL((url) => url.pathname === '/api-docs/webhooks');
    await guide.getByRole('heading', { level: 1, name: 'Webhooks guide' }).waitFor();
    await screenshot(guide, `webhooks-guide-${device}`, phone);
    for (const e of webhookEvents(doc)) {
      await expect(guide.locator(`[data-webhook="${e.event}"]`).count(), e.event).resolves.toBe(1);
      const example = JSON.parse((await guide.locator(`[data-code="webhook-${e.event}"]`).textContent()) ?? 'null') as unknown;
      expect(example).toEqual(e.example);
      expect(WEBHOOK_DELIVERIES[e.event as WebhookEvent].safeParse(example).success, e.event).toBe(true);
    }
    await expect(guide.locator('[data-field="data.note"]').count()).resolves.toBe(1);
    const text = (await guide.locator('main').textContent()) ?? '';
    expect(text).toContain('Claimbench-Signature');
    expect(text).toContain('Claimbench-Delivery');
    await expect(guide.locator('[data-code="verify-node"]').textContent()).resolves.toContain("createHmac, timingSafeEqual } from 'node:crypto'");
    await expect(guide.locator('[data-code="verify-python"]').textContent()).resolves.toContain('hmac.compare_digest');
    const retries = guide.getByRole('table', { name: 'Retry schedule' }).or(guide.locator('.retry-table'));
    await expect(retries.locator('tbody tr').count()).resolves.toBe(10);
    await expectNoSeriousA11yViolations(guide);
    if (phone) expect(await horizontalOverflow(guide)).toBeLessThanOrEqual(0);
    await guide.close();
  });
});

test('the old docs/webhooks.md link is gone from the reference, and the guide answers 200', async () => {
  const html = await (await fetch(`${app.baseUrl}/api-docs`)).text();
  expect(html).not.toContain('see docs/webhooks.md');
  expect((await fetch(`${app.baseUrl}/api-docs/webhooks`)).status).toBe(200);
});

test('every response carried a strict CSP and no password hash', async () => {
  const findings = await responseFindings();
  expect(findings.issues).toEqual([]);
  expect(findings.documents).toBeGreaterThan(0);
});
