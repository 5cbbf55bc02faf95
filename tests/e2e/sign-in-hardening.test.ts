import http from 'node:http';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { alerts, demoUser, isSignInUrl, launchBrowser, newAppContext, signIn, startApp, type RunningApp } from './support/harness';
import { HttpClient } from './support/http-client';

const TOO_MANY = /Too many sign-in attempts/;

let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
});

async function freshPage(app: RunningApp): Promise<Page> {
  const context = await newAppContext(browser, app.baseUrl);
  contexts.push(context);
  return context.newPage();
}

/** Fills and sends the sign-in form; returns the alert shown, or null when the browser left /signin. */
async function trySignIn(page: Page, app: RunningApp, email: string, password: string): Promise<string | null> {
  if (!isSignInUrl(page.url())) await page.goto(`${app.baseUrl}/signin`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const left = page.waitForURL((url) => !isSignInUrl(url), { timeout: 15_000 }).then(() => null);
  const alert = alerts(page).first();
  const shown = alert.waitFor({ timeout: 15_000 }).then(async () => (await alert.innerText()).trim());
  return Promise.race([left, shown]);
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** An HTTP request from a chosen local address (any of 127.0.0.0/8 reaches the app on 127.0.0.1). */
function requestFrom(localAddress: string, url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: options.method ?? 'GET', headers: options.headers, localAddress }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

/** Signs in through next-auth's endpoint from a local address; whether a session cookie came back. */
async function signInFrom(app: RunningApp, localAddress: string, email: string, password: string): Promise<{ ok: boolean; status: number }> {
  const csrf = await requestFrom(localAddress, `${app.baseUrl}/api/auth/csrf`);
  const cookie = (csrf.headers['set-cookie'] ?? []).map((line) => line.split(';')[0]).join('; ');
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const answer = await requestFrom(localAddress, `${app.baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: '/' }).toString(),
  });
  const ok = (answer.headers['set-cookie'] ?? []).some((line) => /session-token=[^;]/.test(line));
  return { ok, status: answer.status };
}

describe('the callback URL after signing in', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  // Written into the address bar as they are (percent-escapes included): what a link in a phishing
  // mail would carry.
  test.each([
    '/%09/evil.example',
    '/%5Cevil.example',
    '/\\evil.example',
    '%5C/%5C/evil.example',
    '\\/\\/evil.example',
    '/%2F%2Fevil.example',
    '/%252F%252Fevil.example',
    '//evil.example',
    'https:evil.example',
    'javascript:alert(document.domain)',
    '/%0d%0aLocation:evil.example',
    'https://evil.example/',
    'http://127.0.0.1.evil.example/',
  ])('signing in with callbackUrl=%s lands on the desk', async (callbackUrl) => {
    const page = await freshPage(app);
    const reviewer = demoUser('reviewer');
    await page.goto(`${app.baseUrl}/signin?callbackUrl=${callbackUrl}`);
    await signIn(page, app.baseUrl, reviewer.email, reviewer.password);
    await page.waitForLoadState('load');
    const landed = new URL(page.url());
    expect(landed.origin).toBe(new URL(app.baseUrl).origin);
    expect(landed.pathname).toBe('/');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Your desk');
    await page.context().close();
  });

  test('a callback to a page of the site still works, query included', async () => {
    const page = await freshPage(app);
    const editor = demoUser('editor');
    await page.goto(`${app.baseUrl}/signin?callbackUrl=${encodeURIComponent('/claims?x=1')}`);
    await signIn(page, app.baseUrl, editor.email, editor.password);
    const landed = new URL(page.url());
    expect(`${landed.pathname}${landed.search}`).toBe('/claims?x=1');
  });

  test("next-auth's own endpoint sends a foreign callback to the desk", async () => {
    const client = new HttpClient(app.baseUrl);
    const csrf = (JSON.parse(await (await client.request('/api/auth/csrf')).text()) as { csrfToken: string }).csrfToken;
    const editor = demoUser('editor');
    const response = await client.request('/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken: csrf, email: editor.email, password: editor.password, callbackUrl: '/\t/evil.example' }),
    });
    expect(client.hasSession()).toBe(true);
    // next-auth's endpoint marks the browser as a known device too.
    expect(client.cookieHeader()).toMatch(/(^|; )claimbench\.device=v1\./);
    const location = new URL(response.headers.get('location') ?? '', app.baseUrl);
    expect(location.origin).toBe(new URL(app.baseUrl).origin);
    expect(location.pathname).toBe('/');
  });

  // Last in this app: it breaks the database under it.
  test('an unexpected error in sign-in reaches the URL only as a generic code', async () => {
    const db = new Database(app.dbFile);
    try {
      db.exec('ALTER TABLE users RENAME TO users_gone');
    } finally {
      db.close();
    }
    const client = new HttpClient(app.baseUrl);
    const csrf = (JSON.parse(await (await client.request('/api/auth/csrf')).text()) as { csrfToken: string }).csrfToken;
    const response = await client.request('/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken: csrf, email: 'someone@example.org', password: 'whatever it is', callbackUrl: '/' }),
    });
    expect(client.hasSession()).toBe(false);
    const location = response.headers.get('location') ?? '';
    const error = new URL(location, app.baseUrl).searchParams.get('error');
    expect(error).toBe('SignInFailed');
    expect(location).not.toMatch(/users|table|sqlite/i);
    // The sign-in page puts the code into plain words.
    const page = await freshPage(app);
    await page.goto(new URL(location, app.baseUrl).href);
    expect(await alerts(page).first().innerText()).toContain('Sign-in did not work');
  });
});

describe('per-address limits, restarts and known devices', () => {
  let app: RunningApp;
  let secondApp: RunningApp | undefined;
  afterAll(async () => {
    await secondApp?.stop();
    await app?.stop();
  });

  test('a forged X-Forwarded-For does not escape the limit; a known device passes it, also after a restart', async () => {
    app = await startApp();
    const editor = demoUser('editor');
    const reviewer = demoUser('reviewer');

    // The editor has signed in from this browser before, and signs out.
    const known = await freshPage(app);
    await signIn(known, app.baseUrl, editor.email, editor.password);
    await known.context().clearCookies({ name: /session-token/ });

    // 30 failed guesses, each claiming another address: all one address without a trusted proxy.
    const guesser = new HttpClient(app.baseUrl);
    for (let i = 0; i < 30; i += 1) {
      const attempt = await guesser.signIn(`nobody-${i}@example.org`, 'a wrong password', { 'x-forwarded-for': `198.51.100.${i + 1}` });
      expect(attempt.ok).toBe(false);
      expect(attempt.status, `guess ${i + 1}`).not.toBe(429);
    }
    const refused = await guesser.signIn(reviewer.email, reviewer.password, { 'x-forwarded-for': '192.0.2.77' });
    expect(refused.ok).toBe(false);
    expect(refused.status).toBe(429);

    // The limit is the socket's address: another one (127.0.0.2 here) is not limited …
    expect(await signInFrom(app, '127.0.0.2', reviewer.email, reviewer.password)).toMatchObject({ ok: true });
    // … another browser on the limited address is refused …
    const stranger = await freshPage(app);
    expect(await trySignIn(stranger, app, reviewer.email, reviewer.password)).toMatch(TOO_MANY);
    // … but the editor's own browser is let through.
    expect(await trySignIn(known, app, editor.email, editor.password)).toBeNull();
    expect(new URL(known.url()).pathname).toBe('/');
    await known.context().clearCookies({ name: /session-token/ });

    // A restart forgives nothing (the counters are in the database) and forgets no device.
    await app.kill();
    secondApp = await startApp({ dbFile: app.dbFile, authSecret: app.authSecret });
    const afterRestart = await freshPage(secondApp);
    expect(await trySignIn(afterRestart, secondApp, reviewer.email, reviewer.password)).toMatch(TOO_MANY);
    // The same browser (its cookies; a context only reaches one app's origin).
    const sameBrowser = await freshPage(secondApp);
    await sameBrowser.context().addCookies(await known.context().cookies());
    expect(await trySignIn(sameBrowser, secondApp, editor.email, editor.password)).toBeNull();
    expect(new URL(sameBrowser.url()).pathname).toBe('/');
  }, 180_000);
});
