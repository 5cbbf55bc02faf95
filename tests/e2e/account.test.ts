import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/axe';
import { alerts, demoUser, isSignInUrl, launchBrowser, newAppContext, signIn, signInAs, startApp, type RunningApp } from './support/harness';

/**
 * The account basics in the built app: a person changes their own password on /account (their
 * other sessions end, this one goes on), an admin ends someone's sessions without disabling them,
 * and the admins' Security log shows it all, filtered by person and kind.
 */

const admin = demoUser('admin');
const reviewer = demoUser('reviewer', 1);
const NEW_PASSWORD = 'reviewer two, new password';
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

async function signedOut(context: BrowserContext): Promise<boolean> {
  const page = await context.newPage();
  await page.goto(`${app.baseUrl}/claims`);
  const out = isSignInUrl(page.url());
  await page.close();
  return out;
}

describe('account and security log', () => {
  test('changing one’s password ends the other sessions and keeps this one; the page passes axe', async () => {
    const here = await newAppContext(browser, app.baseUrl);
    const elsewhere = await newAppContext(browser, app.baseUrl);
    const page = await signInAs(here, app.baseUrl, reviewer);
    await signInAs(elsewhere, app.baseUrl, reviewer);
    await page.goto(`${app.baseUrl}/account`);
    await expect.poll(() => page.getByText('This sign-in').count()).toBe(1);
    await expectNoSeriousA11yViolations(page);
    await page.getByLabel('Current password').fill('not it at all');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('New password again').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(async () => (await alerts(page).allTextContents()).join(' ')).toContain('Not your current password');
    await page.getByLabel('Current password').fill(reviewer.password);
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('New password again').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Every other session of yours has ended');
    expect(await signedOut(elsewhere)).toBe(true);
    expect(await signedOut(here)).toBe(false);
    const fresh = await (await newAppContext(browser, app.baseUrl)).newPage();
    await signIn(fresh, app.baseUrl, reviewer.email, NEW_PASSWORD);
  }, 180_000);

  test('an admin ends someone’s sessions without disabling them, and reads it in the Security log', async () => {
    const victim = await newAppContext(browser, app.baseUrl);
    await signInAs(victim, app.baseUrl, demoUser('editor'));
    const page = await signInAs(await newAppContext(browser, app.baseUrl), app.baseUrl, admin);
    await page.goto(`${app.baseUrl}/settings/users`);
    await page.getByRole('button', { name: `End sessions of ${demoUser('editor').name}` }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Ended every session');
    expect(await signedOut(victim)).toBe(true);
    await signInAs(victim, app.baseUrl, demoUser('editor'));
    expect(await signedOut(victim)).toBe(false);

    await page.goto(`${app.baseUrl}/settings/security-log`);
    await expectNoSeriousA11yViolations(page);
    await page.getByLabel('Kind').selectOption('sessions_ended');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL((url) => url.searchParams.get('kind') === 'sessions_ended');
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(`by ${admin.name}`);
    await page.goto(`${app.baseUrl}/settings/security-log?kind=password_change`);
    expect(await page.locator('tbody tr').first().textContent()).toContain(reviewer.email);
  }, 180_000);
});
