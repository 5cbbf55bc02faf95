import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/axe';
import { readDb } from './support/hostile-wire';
import { HttpClient } from './support/http-client';
import { DESKTOP, demoClaim, demoUser, launchBrowser, newAppContext, section, signInAs, startApp, type RunningApp } from './support/harness';
import { claimIdOf, gotoClaim, openDisclosure } from './support/workbench';

/**
 * Each evidence item's "Edit evidence" and "Retract" forms are rendered when opened, not with the
 * page (form-disclosure.tsx): with JavaScript they appear on opening; without it, an opened
 * disclosure links to the same page with that one form rendered (`?edit=`).
 */

const pentagon = demoClaim('pentagon-troop-estimate');
const treasury = demoClaim('us-treasury-sanctions');
const editor = demoUser('editor');

let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  context = await newAppContext(browser, app.baseUrl, { viewport: DESKTOP, phone: false });
  page = await signInAs(context, app.baseUrl, editor);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await app?.stop();
});

function evidenceOf(claimId: number): { id: number; title: string; retracted_at: string | null }[] {
  return readDb(app.dbFile, (db) => db.prepare('SELECT id, title, retracted_at FROM evidence WHERE claim_id = ? ORDER BY id').all(claimId)) as {
    id: number;
    title: string;
    retracted_at: string | null;
  }[];
}

function itemArticle(target: Page, title: string) {
  return section(target, 'Evidence').getByRole('article', { name: title });
}

describe('evidence forms on the claim page', () => {
  test('the page carries no item form until one is asked for; ?edit= renders that one open', async () => {
    const id = claimIdOf(app.dbFile, pentagon.statement);
    const [first] = evidenceOf(id);
    const client = new HttpClient(app.baseUrl);
    expect((await client.signIn(editor.email, editor.password)).ok).toBe(true);
    const plain = await (await client.request(`/claims/${id}`)).text();
    expect(plain).not.toContain(`id="evidence-${first!.id}-title"`);
    expect(plain).toContain(`href="/claims/${id}?edit=evidence-${first!.id}#form-evidence-${first!.id}"`);
    const asked = await (await client.request(`/claims/${id}?edit=evidence-${first!.id}`)).text();
    expect(asked).toContain(`id="evidence-${first!.id}-title"`);
    // Anything else in ?edit= is ignored, not an error.
    expect((await client.request(`/claims/${id}?edit=${encodeURIComponent('<script>')}`)).status).toBe(200);
  });

  test('with JavaScript, opening "Edit evidence" shows the form, and a save applies', async () => {
    const id = claimIdOf(app.dbFile, pentagon.statement);
    const [first] = evidenceOf(id);
    await gotoClaim(page, app.baseUrl, id, pentagon.statement);
    const item = itemArticle(page, first!.title);
    const form = await openDisclosure(item, 'Edit evidence');
    const title = form.getByLabel('Title', { exact: true });
    await title.fill(`${first!.title} (checked)`);
    await form.getByRole('button', { name: 'Save changes', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Evidence updated.' }).first().waitFor();
    await expect.poll(() => evidenceOf(id)[0]?.title).toBe(`${first!.title} (checked)`);
    await expectNoSeriousA11yViolations(page);
    // The page as a browser without JavaScript reaches it from the link: one form open (axe needs scripts, so it runs here).
    await page.goto(`${app.baseUrl}/claims/${id}?edit=retract-${first!.id}`);
    expect(await page.locator(`#form-retract-${first!.id}`).evaluate((element) => (element as HTMLDetailsElement).open)).toBe(true);
    await expectNoSeriousA11yViolations(page);
  });

  test('without JavaScript, an opened "Retract" links to the form, which retracts the item', async () => {
    const id = claimIdOf(app.dbFile, treasury.statement);
    const [first] = evidenceOf(id);
    const noScript = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false, storageState: await context.storageState() });
    try {
      const plain = await noScript.newPage();
      await plain.goto(`${app.baseUrl}/claims/${id}`);
      const disclosure = await openDisclosure(itemArticle(plain, first!.title), 'Retract');
      await disclosure.getByRole('link', { name: 'Open the form', exact: true }).click();
      await plain.waitForURL((url) => url.searchParams.get('edit') === `retract-${first!.id}`);
      const form = itemArticle(plain, first!.title).locator(`#form-retract-${first!.id}`);
      expect(await form.evaluate((element) => (element as HTMLDetailsElement).open)).toBe(true);
      await form.getByLabel('Reason for retracting', { exact: true }).fill('The page moved; the figure is in the later briefing.');
      await form.getByRole('button', { name: 'Retract evidence', exact: true }).click();
      // The item stays, marked retracted with the reason: its forms are gone, and that is the confirmation.
      await itemArticle(plain, first!.title).getByText('Reason: The page moved; the figure is in the later briefing.').waitFor();
      expect(evidenceOf(id)[0]?.retracted_at).not.toBeNull();
    } finally {
      await noScript.close();
    }
  });
});
