import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/axe';
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
  section,
  signIn,
  signInAs,
  startApp,
  type RunningApp,
} from './support/harness';
import { claimIdOf, gotoClaim, openEveryDisclosure } from './support/workbench';

const pentagon = demoClaim('pentagon-troop-estimate');
const southKorea = demoClaim('south-korea-blacklist');

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
  let editorContext: BrowserContext;

  beforeAll(async () => {
    context = await newAppContext(browser, app.baseUrl, { viewport, phone });
    page = await context.newPage();
    editorContext = await newAppContext(browser, app.baseUrl, { viewport, phone });
  });

  afterAll(async () => {
    await context?.close();
    await editorContext?.close();
  });

  /** Screenshot first, so a failing check still leaves a picture to look at. */
  async function check(name: string, target: Page = page): Promise<void> {
    await screenshot(target, `${device}-${name}`);
    await expectNoSeriousA11yViolations(target);
    if (phone) expect(await horizontalOverflow(target), `${name} scrolls sideways`).toBeLessThanOrEqual(0);
  }

  test('a public verdict page, signed out', async () => {
    const claimId = claimIdOf(app.dbFile, southKorea.statement);
    await page.goto(`${app.baseUrl}/verdicts/${claimId}`);
    await page.getByRole('heading', { level: 2, name: 'Corrections and versions' }).waitFor();
    await check('verdict-public');
  });

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

  test('a claim page with every section and form open, as a reviewer', async () => {
    expect(await openEveryDisclosure(page)).toBeGreaterThan(3);
    for (const name of ['Evidence', 'Assessments', 'Disagreements', 'History', 'Verdict']) {
      expect(await page.getByRole('heading', { level: 2, name, exact: true }).count(), name).toBe(1);
    }
    await check('claim-reviewer-open');
  });

  test('a claim page with a form showing errors', async () => {
    const thread = section(page, 'Disagreements').getByRole('article', { name: 'Between reviewers' });
    const post = thread.getByRole('button', { name: 'Post comment', exact: true });
    await post.evaluate((element) => {
      const form = (element as HTMLButtonElement).form;
      if (form) form.noValidate = true;
    });
    await post.click();
    await alerts(page).filter({ hasText: 'Enter the comment' }).waitFor();
    await check('claim-comment-error');
  });

  test('a claim page with every section and form open, as the editor', async () => {
    const editorPage = await signInAs(editorContext, app.baseUrl, demoUser('editor'));
    await gotoClaim(editorPage, app.baseUrl, claimIdOf(app.dbFile, pentagon.statement), pentagon.statement);
    expect(await openEveryDisclosure(editorPage)).toBeGreaterThan(3);
    await section(editorPage, 'Verdict').getByRole('heading', { name: 'Before this can be published' }).waitFor();
    expect(await editorPage.getByRole('button', { name: 'Resolve disagreement', exact: true }).count()).toBe(1);
    await check('claim-editor-open', editorPage);
  });

  test('a published claim page, as the editor', async () => {
    const [editorPage] = editorContext.pages();
    if (!editorPage) throw new Error('the editor is not signed in');
    await gotoClaim(editorPage, app.baseUrl, claimIdOf(app.dbFile, southKorea.statement), southKorea.statement);
    expect(await openEveryDisclosure(editorPage)).toBeGreaterThan(3);
    await check('claim-published-editor-open', editorPage);
  });

  test('the desk', async () => {
    await page.goto(`${app.baseUrl}/`);
    await page.getByRole('heading', { level: 1, name: 'Your desk' }).waitFor();
    await check('desk');
  });

  test('the disagreements queue', async () => {
    await page.goto(`${app.baseUrl}/disagreements`);
    await page.getByRole('list', { name: 'Open disagreements' }).waitFor();
    await check('disagreements');
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
  expect(findings.documents).toBeGreaterThan(20);
  expect(findings.issues).toEqual([]);
});
