import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  alerts,
  cspProblem,
  demoClaim,
  demoUser,
  launchBrowser,
  newAppContext,
  responseFindings,
  section,
  signIn,
  startApp,
  type RunningApp,
} from './support/harness';
import { claimIdOf } from './support/workbench';

const pentagon = demoClaim('pentagon-troop-estimate');
const southKorea = demoClaim('south-korea-blacklist');

let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  context = await newAppContext(browser, app.baseUrl);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

function nonceOf(csp: string | null): string | undefined {
  return csp?.match(/'nonce-([^']+)'/)?.[1];
}

describe('Content-Security-Policy and secrets on every page', () => {
  test('the CSP has a fresh script nonce on every response', async () => {
    const first = await fetch(`${app.baseUrl}/signin`);
    const second = await fetch(`${app.baseUrl}/signin`);
    const [firstCsp, secondCsp] = [first.headers.get('content-security-policy'), second.headers.get('content-security-policy')];
    expect(cspProblem(firstCsp ?? undefined)).toBeUndefined();
    const [a, b] = [nonceOf(firstCsp), nonceOf(secondCsp)];
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(a).not.toBe(b);
    expect(await first.text()).toContain(`nonce="${a}"`);
  });

  test('signed-out pages, a public verdict page and a refused sign-in', async () => {
    await page.goto(`${app.baseUrl}/signin`);
    await page.goto(`${app.baseUrl}/`);
    await page.goto(`${app.baseUrl}/claims`);
    await page.goto(`${app.baseUrl}/claims/1`);
    const published = claimIdOf(app.dbFile, southKorea.statement);
    expect((await page.goto(`${app.baseUrl}/verdicts/${published}`))?.status()).toBe(200);
    await page.goto(`${app.baseUrl}/signin`);
    await page.getByLabel('Email', { exact: true }).fill(demoUser('admin').email);
    await page.getByLabel('Password', { exact: true }).fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await alerts(page).filter({ hasText: 'Email or password is incorrect.' }).waitFor();
    const findings = await responseFindings();
    expect(findings.issues).toEqual([]);
    expect(findings.documents).toBeGreaterThanOrEqual(6);
  });

  test('signed-in pages, a search, a claim and a comment, the queues, the form with errors, a created claim and a 404', async () => {
    const admin = demoUser('admin');
    await signIn(page, app.baseUrl, admin.email, admin.password);
    await page.goto(`${app.baseUrl}/claims`);
    await page.goto(`${app.baseUrl}/claims?q=troops`);
    await page.getByRole('main').getByRole('link', { name: pentagon.statement, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: pentagon.statement }).waitFor();
    await page.reload();
    // A server action's answer (the refreshed page as an RSC payload) is watched too.
    const thread = section(page, 'Disagreements').getByRole('article', { name: 'Between reviewers' });
    await thread.getByLabel('Comment', { exact: true }).fill('Checked by the security-headers test.');
    await thread.getByRole('button', { name: 'Post comment', exact: true }).click();
    await thread.getByRole('listitem').filter({ hasText: 'Checked by the security-headers test.' }).waitFor();

    for (const path of ['/', '/disagreements', '/measures', '/measures/north-korean-troops-in-russia']) {
      expect((await page.goto(`${app.baseUrl}${path}`))?.status(), path).toBe(200);
    }

    await page.goto(`${app.baseUrl}/claims/new`);
    const button = page.getByRole('button', { name: 'Create claim', exact: true });
    await button.evaluate((element) => {
      const form = (element as HTMLButtonElement).form;
      if (form) form.noValidate = true;
    });
    await button.click();
    await alerts(page).filter({ hasText: 'Please fix the highlighted fields.' }).waitFor();

    await page.getByLabel('Statement', { exact: true }).fill('Security headers are checked on every page.');
    await page.getByLabel('Date made', { exact: true }).fill('2024-12-18');
    await page.getByLabel('Appearance URL', { exact: true }).fill('https://example.org/e2e/headers');
    await page.getByLabel('Appearance title', { exact: true }).fill('Headers');
    // The claimant is typed; one of the suggested names is a source that exists.
    const firstSource = await page.locator('#claimant-suggestions option').first().getAttribute('value');
    expect(firstSource).toBeTruthy();
    await page.getByLabel('Claimant', { exact: true }).fill(firstSource ?? '');
    await button.click();
    await page.waitForURL((url) => /^\/claims\/\d+$/.test(url.pathname));
    await page.reload();

    const notFound = await page.goto(`${app.baseUrl}/claims/999999`);
    expect(notFound?.status()).toBe(404);

    const session = await context.request.get(`${app.baseUrl}/api/auth/session`);
    const sessionText = await session.text();
    expect(sessionText).toContain(admin.email);
    expect(sessionText).not.toContain('scrypt$');

    const findings = await responseFindings();
    expect(findings.issues).toEqual([]);
    // Signing in (a server action) moves on without loading a whole new document.
    expect(findings.documents).toBeGreaterThanOrEqual(16);
  });
});
