import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/axe';
import { readDb } from './support/hostile-wire';
import { HttpClient } from './support/http-client';
import { DESKTOP, demoClaim, demoUser, launchBrowser, newAppContext, section, signInAs, startApp, type RunningApp } from './support/harness';
import { claimIdOf, gotoClaim, openDisclosure, waitForStatus } from './support/workbench';

/**
 * The claim page's other forms rendered when opened (form-disclosure.tsx `deferred`), like the
 * evidence forms of ./evidence-forms.test.ts: "Edit claim", "Add evidence", the verdict's
 * correction and retraction, "Open a disagreement", and the history list. The page carries none of
 * them; with JavaScript each appears on opening; without it, an opened disclosure links to the page
 * with that one rendered (`?edit=`), and the form posts from there.
 */

const treasury = demoClaim('us-treasury-sanctions');
const eu = demoClaim('eu-no-kwang-chol');
const pentagon = demoClaim('pentagon-troop-estimate');
const editor = demoUser('editor');

/** Each deferred part: its `?edit=` name and the id of an element only its rendering holds. */
const DEFERRED = [
  ['claim', 'id="claim-edit-statement"'],
  ['add-evidence', 'id="evidence-new-url"'],
  ['correction', 'id="correction-note"'],
  ['retract-verdict', 'id="amend-retraction-note"'],
  ['open-disagreement', 'id="open-disagreement-reason"'],
  ['history', '<ol class="history">'],
] as const;

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

function claimRow(id: number): { status: string; versions: number; disagreements: number } {
  return readDb(app.dbFile, (db) =>
    db
      .prepare(
        `SELECT status,
                (SELECT count(*) FROM verdicts WHERE claim_id = claims.id) AS versions,
                (SELECT count(*) FROM disagreements WHERE claim_id = claims.id) AS disagreements
           FROM claims WHERE id = ?`,
      )
      .get(id),
  ) as { status: string; versions: number; disagreements: number };
}

async function withoutScripts<T>(run: (plain: Page) => Promise<T>): Promise<T> {
  const noScript = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false, storageState: await context.storageState() });
  try {
    return await run(await noScript.newPage());
  } finally {
    await noScript.close();
  }
}

async function isOpen(target: Page, selector: string): Promise<boolean> {
  return target.locator(selector).evaluate((element) => (element as HTMLDetailsElement).open);
}

describe('the claim page’s forms, rendered when opened', () => {
  test('the page carries none of them, only a link each; ?edit= renders that one, and the suggestions with it', async () => {
    const id = claimIdOf(app.dbFile, eu.statement);
    const client = new HttpClient(app.baseUrl);
    expect((await client.signIn(editor.email, editor.password)).ok).toBe(true);
    const plain = await (await client.request(`/claims/${id}`)).text();
    for (const [name, marker] of DEFERRED) {
      expect(plain, name).not.toContain(marker);
      expect(plain, name).toContain(`href="/claims/${id}?edit=${name}#form-${name}"`);
    }
    // The datalists of suggested names serve only these forms: none until one is rendered.
    expect(plain).not.toContain('<datalist');
    for (const [name, marker] of DEFERRED) {
      const asked = await (await client.request(`/claims/${id}?edit=${name}`)).text();
      expect(asked, name).toContain(marker);
      expect(asked, name).toContain('<datalist id="publisher-suggestions"');
      // Only the one asked for.
      for (const [other, otherMarker] of DEFERRED) if (other !== name) expect(asked, `${name} renders ${other}`).not.toContain(otherMarker);
    }
  });

  test('with JavaScript, each opens in place; what was typed survives closing; a new disagreement is opened', async () => {
    const id = claimIdOf(app.dbFile, pentagon.statement);
    const before = claimRow(id);
    await gotoClaim(page, app.baseUrl, id, pentagon.statement);
    // The suggestions are there once the page is interactive.
    await page.locator('datalist#publisher-suggestions').waitFor({ state: 'attached' });

    const history = await openDisclosure(section(page, 'History'), 'Every change to this claim');
    expect(await history.getByRole('listitem').count()).toBeGreaterThan(3);

    const edit = await openDisclosure(section(page, 'Claim'), 'Edit claim');
    await edit.getByLabel('Context', { exact: true }).fill('Typed, then the form was closed.');
    await edit.locator('summary').click();
    await page.locator('#form-claim:not([open])').waitFor({ state: 'attached' });
    const reopened = await openDisclosure(section(page, 'Claim'), 'Edit claim');
    expect(await reopened.getByLabel('Context', { exact: true }).inputValue()).toBe('Typed, then the form was closed.');

    const evidence = await openDisclosure(section(page, 'Evidence'), 'Add evidence');
    expect(await evidence.getByLabel('Publisher', { exact: true }).getAttribute('list')).toBe('publisher-suggestions');

    const disagreements = section(page, 'Disagreements');
    const opener = await openDisclosure(disagreements, 'Open a disagreement');
    await opener.getByLabel('Why do you disagree?', { exact: true }).fill('The briefing of 28 October and the AFP report count different units.');
    await opener.getByRole('button', { name: 'Open disagreement', exact: true }).click();
    await waitForStatus(disagreements, 'Disagreement opened.');
    await disagreements.getByText('The briefing of 28 October and the AFP report count different units.').first().waitFor();
    expect(claimRow(id).disagreements).toBe(before.disagreements + 1);
    await expectNoSeriousA11yViolations(page);
  });

  test('with JavaScript, the published verdict’s correction and retraction forms open in place', async () => {
    const id = claimIdOf(app.dbFile, treasury.statement);
    await gotoClaim(page, app.baseUrl, id, treasury.statement);
    const verdict = section(page, 'Verdict');
    const correction = await openDisclosure(verdict, 'Edit the verdict for a correction');
    expect(await correction.getByLabel('Correction note', { exact: true }).count()).toBe(1);
    const retraction = await openDisclosure(verdict, 'Retract the verdict');
    expect(await retraction.getByLabel('Retraction note', { exact: true }).count()).toBe(1);
    await expectNoSeriousA11yViolations(page);
    // The page a browser without JavaScript reaches from the link: one form open (axe needs scripts, so it runs here).
    await page.goto(`${app.baseUrl}/claims/${id}?edit=correction`);
    expect(await isOpen(page, '#form-correction')).toBe(true);
    await expectNoSeriousA11yViolations(page);
  });

  test('without JavaScript, the correction form is reached by its link, reviewed, taken back to editing as typed, and published', async () => {
    const id = claimIdOf(app.dbFile, treasury.statement);
    const before = claimRow(id);
    await withoutScripts(async (plain) => {
      await gotoClaim(plain, app.baseUrl, id, treasury.statement);
      const disclosure = await openDisclosure(section(plain, 'Verdict'), 'Edit the verdict for a correction');
      await disclosure.getByRole('link', { name: 'Open the form', exact: true }).click();
      await plain.waitForURL((url) => url.searchParams.get('edit') === 'correction');
      expect(await isOpen(plain, '#form-correction')).toBe(true);
      const form = plain.locator('#form-correction');
      const explanation = form.getByLabel('Explanation', { exact: true });
      await explanation.fill(`${await explanation.inputValue()} Checked again without JavaScript.`);
      await form.getByLabel('Correction note', { exact: true }).fill('Added a line, without JavaScript.');
      await form.getByRole('button', { name: 'Review the correction', exact: true }).click();
      const review = section(plain, 'Verdict').getByRole('region', { name: 'Check the correction before it goes public' });
      await review.waitFor();
      // "Back to editing" brings the form back as typed, with nothing written.
      await review.getByRole('button', { name: 'Back to editing', exact: true }).click();
      const again = plain.locator('#form-correction');
      await again.getByLabel('Correction note', { exact: true }).waitFor();
      expect(await again.getByLabel('Explanation', { exact: true }).inputValue()).toContain('Checked again without JavaScript.');
      expect(await again.getByLabel('Correction note', { exact: true }).inputValue()).toBe('Added a line, without JavaScript.');
      expect(claimRow(id).versions).toBe(before.versions);
      await again.getByRole('button', { name: 'Review the correction', exact: true }).click();
      await review.waitFor();
      await review.getByRole('button', { name: 'Publish correction', exact: true }).click();
      await waitForStatus(section(plain, 'Verdict'), `Correction published (version ${before.versions + 1}).`);
    });
    expect(claimRow(id).versions).toBe(before.versions + 1);
  });

  test('without JavaScript, "Retract the verdict" is reached by its link and retracts', async () => {
    const id = claimIdOf(app.dbFile, eu.statement);
    await withoutScripts(async (plain) => {
      await gotoClaim(plain, app.baseUrl, id, eu.statement);
      const disclosure = await openDisclosure(section(plain, 'Verdict'), 'Retract the verdict');
      await disclosure.getByRole('link', { name: 'Open the form', exact: true }).click();
      await plain.waitForURL((url) => url.searchParams.get('edit') === 'retract-verdict');
      const form = plain.locator('#form-retract-verdict');
      await form.getByLabel('Retraction note', { exact: true }).fill('Withdrawn in a test, without JavaScript.');
      await form.getByRole('button', { name: 'Retract verdict', exact: true }).click();
      // The claim is retracted: the verdict shows the retraction, and its forms are gone.
      await section(plain, 'Verdict').getByText('Withdrawn in a test, without JavaScript.').first().waitFor();
    });
    expect(claimRow(id).status).toBe('retracted');
  });

  test('without JavaScript, the history opens from its link', async () => {
    const id = claimIdOf(app.dbFile, pentagon.statement);
    await withoutScripts(async (plain) => {
      await gotoClaim(plain, app.baseUrl, id, pentagon.statement);
      const disclosure = await openDisclosure(section(plain, 'History'), 'Every change to this claim');
      await disclosure.getByRole('link', { name: 'Show every change', exact: true }).click();
      await plain.waitForURL((url) => url.searchParams.get('edit') === 'history');
      expect(await isOpen(plain, '#form-history')).toBe(true);
      expect(await section(plain, 'History').getByRole('listitem').count()).toBeGreaterThan(3);
    });
  });
});
