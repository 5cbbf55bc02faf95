import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectNoSeriousA11yViolations } from './axe';
import {
  DESKTOP,
  PHONE,
  alerts,
  demoClaim,
  demoUser,
  launchBrowser,
  newAppContext,
  responseFindings,
  screenshot,
  signIn,
  startApp,
  type RunningApp,
} from './harness';

const pentagon = demoClaim('pentagon-troop-estimate');

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** Content wider than the viewport means sideways scrolling (WCAG 1.4.10 Reflow at 320 CSS px). */
async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe.each([
  { device: 'desktop', viewport: DESKTOP, phone: false },
  { device: 'phone', viewport: PHONE, phone: true },
])('accessibility at $device width', ({ device, viewport, phone }) => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await newAppContext(browser, app.baseUrl, { viewport, phone });
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
  });

  /** Screenshot first, so a failing check still leaves a picture to look at. */
  async function check(name: string): Promise<void> {
    await screenshot(page, `${device}-${name}`);
    await expectNoSeriousA11yViolations(page);
    if (phone) expect(await horizontalOverflow(page), `${name} scrolls sideways`).toBeLessThanOrEqual(0);
  }

  test('the sign-in page', async () => {
    await page.goto(`${app.baseUrl}/signin`);
    await check('signin');
  });

  test('the sign-in page with an error', async () => {
    const reviewer = demoUser('reviewer');
    await page.getByLabel('Email', { exact: true }).fill(reviewer.email);
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await alerts(page).filter({ hasText: 'Email or password is incorrect.' }).waitFor();
    await check('signin-error');
  });

  test('the claims list', async () => {
    const reviewer = demoUser('reviewer');
    await signIn(page, app.baseUrl, reviewer.email, reviewer.password);
    await page.goto(`${app.baseUrl}/claims`);
    await page.getByRole('heading', { level: 1, name: 'Claims' }).waitFor();
    await check('claims');
  });

  test('a search result page', async () => {
    await page.getByRole('searchbox', { name: 'Search claims' }).fill('troops');
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('q') === 'troops');
    expect(await page.locator('main mark').count()).toBeGreaterThan(0);
    await check('claims-search');
  });

  test('a claim page', async () => {
    await page.getByRole('main').getByRole('link', { name: pentagon.statement, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: pentagon.statement }).waitFor();
    await check('claim');
  });

  test('the new claim form', async () => {
    await page.goto(`${app.baseUrl}/claims/new`);
    await page.getByRole('heading', { level: 1, name: 'New claim' }).waitFor();
    await check('claim-new');
  });

  test('the new claim form showing errors', async () => {
    const button = page.getByRole('button', { name: 'Create claim', exact: true });
    // The server's errors are the ones to check, so the browser's own constraint checks are off.
    await button.evaluate((element) => {
      const form = (element as HTMLButtonElement).form;
      if (form) form.noValidate = true;
    });
    await page.getByLabel('Appearance URL', { exact: true }).fill('javascript:alert(1)');
    await button.click();
    await alerts(page).filter({ hasText: 'Please fix the highlighted fields.' }).waitFor();
    expect(await page.locator('[aria-invalid="true"]').count()).toBeGreaterThan(0);
    await check('claim-new-errors');
  });

  test('the not-found page', async () => {
    await page.goto(`${app.baseUrl}/claims/999999`);
    await page.getByText('Claim not found').first().waitFor();
    await check('claim-not-found');
  });
});

test('every page served had a strict Content-Security-Policy and no password hash', async () => {
  const findings = await responseFindings();
  expect(findings.documents).toBeGreaterThan(8);
  expect(findings.issues).toEqual([]);
});
