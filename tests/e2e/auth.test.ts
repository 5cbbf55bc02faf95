import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  alerts,
  demoUser,
  isSignInUrl,
  launchBrowser,
  newAppContext,
  responseFindings,
  signIn,
  startApp,
  type DemoRole,
  type RunningApp,
} from './support/harness';

const INCORRECT = 'Email or password is incorrect.';

let app: RunningApp;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

async function freshPage(): Promise<Page> {
  context = await newAppContext(browser, app.baseUrl);
  return context.newPage();
}

async function sessionOf(page: Page): Promise<{ user?: { name?: string; email?: string } }> {
  const response = await page.context().request.get(`${app.baseUrl}/api/auth/session`);
  expect(response.status()).toBe(200);
  return (await response.json()) as { user?: { name?: string; email?: string } };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('signing in and out', () => {
  test.each<[DemoRole, number]>([
    ['reviewer', 0],
    ['reviewer', 1],
    ['editor', 0],
    ['admin', 0],
  ])('%s #%i signs in, sees their name and role in the header, and signs out', async (role, n) => {
    const user = demoUser(role, n);
    const page = await freshPage();
    await page.goto(`${app.baseUrl}/signin`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Sign in to Claimbench');

    // Without a callbackUrl, sign-in lands on the desk.
    await signIn(page, app.baseUrl, user.email, user.password);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Your desk');

    // The server's view of this person, read from their row on this request.
    const me = await page.context().request.get(`${app.baseUrl}/api/me`);
    expect(me.status()).toBe(200);
    expect(await me.json()).toMatchObject({ email: user.email, role });

    const nav = page.getByRole('navigation', { name: 'Main' });
    const links = await nav.getByRole('link').evaluateAll((anchors) =>
      anchors.map((a) => [(a.textContent ?? '').trim(), a.getAttribute('href')]),
    );
    // These six in this order; pages added later (settings, export) may follow.
    expect(links.slice(0, 6)).toEqual([
      ['Desk', '/'],
      ['Claims', '/claims'],
      ['Disagreements', '/disagreements'],
      ['Sources', '/sources'],
      ['Measures', '/measures'],
      ['New claim', '/claims/new'],
    ]);
    const header = await page.getByRole('banner').innerText();
    expect(header).toMatch(new RegExp(`${escapeRegExp(user.name)}\\W+${role}\\b`));
    expect((await sessionOf(page)).user?.email).toBe(user.email);

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL((url) => isSignInUrl(url));
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Sign in to Claimbench');
    expect((await sessionOf(page)).user).toBeUndefined();

    await page.goto(`${app.baseUrl}/claims`);
    const landed = new URL(page.url());
    expect(landed.pathname).toBe('/signin');
    expect(await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).count()).toBe(0);
  });

  test('a wrong password and an unknown email are refused with the same message', async () => {
    const page = await freshPage();
    const reviewer = demoUser('reviewer');

    const attempt = async (email: string, password: string) => {
      await page.goto(`${app.baseUrl}/signin`);
      expect(await alerts(page).count()).toBe(0);
      await page.getByLabel('Email', { exact: true }).fill(email);
      await page.getByLabel('Password', { exact: true }).fill(password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      const alert = alerts(page).filter({ hasText: INCORRECT });
      await alert.waitFor();
      expect(isSignInUrl(page.url())).toBe(true);
      return (await alert.innerText()).trim();
    };

    const wrongPassword = await attempt(reviewer.email, `${reviewer.password}-wrong`);
    const unknownEmail = await attempt('nobody@demo.claimbench.test', reviewer.password);
    expect(wrongPassword).toContain(INCORRECT);
    expect(unknownEmail).toBe(wrongPassword);
    expect((await sessionOf(page)).user).toBeUndefined();
  });

  test.each(['/', '/claims', '/claims/1', '/claims/new', '/disagreements', '/measures'])('a signed-out visit to %s goes to /signin', async (path) => {
    const page = await freshPage();
    const response = await page.goto(`${app.baseUrl}${path}`);
    expect(response?.status()).toBe(200);
    const landed = new URL(page.url());
    expect(landed.pathname).toBe('/signin');
    const callbackUrl = landed.searchParams.get('callbackUrl');
    expect(callbackUrl).not.toBeNull();
    expect(new URL(callbackUrl ?? '', app.baseUrl).pathname).toBe(path);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Sign in to Claimbench');
  });

  test('signing in after a redirect lands on the page first asked for', async () => {
    const page = await freshPage();
    const user = demoUser('editor');
    await page.goto(`${app.baseUrl}/claims/new`);
    expect(isSignInUrl(page.url())).toBe(true);
    await signIn(page, app.baseUrl, user.email, user.password);
    expect(new URL(page.url()).pathname).toBe('/claims/new');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('New claim');
  });

  test.each(['https://evil.example/phish', '//evil.example/phish'])(
    'a callbackUrl of %s does not send the browser off the site',
    async (callbackUrl) => {
      const page = await freshPage();
      const user = demoUser('reviewer', 1);
      await page.goto(`${app.baseUrl}/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
      await signIn(page, app.baseUrl, user.email, user.password);
      expect(new URL(page.url()).origin).toBe(new URL(app.baseUrl).origin);
      // An unsafe callbackUrl is replaced by the desk.
      expect(new URL(page.url()).pathname).toBe('/');
    },
  );

  test('/api/me without a session is a 401 problem+json, never data', async () => {
    const response = await fetch(`${app.baseUrl}/api/me`);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(((await response.json()) as { status: number }).status).toBe(401);
  });

  test('the session endpoint answers without a user when no cookie is sent', async () => {
    const response = await fetch(`${app.baseUrl}/api/auth/session`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.user).toBeUndefined();
  });

  test('every page served had a strict Content-Security-Policy and no password hash', async () => {
    const findings = await responseFindings();
    expect(findings.documents).toBeGreaterThan(10);
    expect(findings.issues).toEqual([]);
  });
});
