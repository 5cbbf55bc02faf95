import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  alerts,
  demoClaim,
  demoUser,
  launchBrowser,
  newAppContext,
  responseFindings,
  section,
  signInAs,
  startApp,
  type RunningApp,
} from './support/harness';
import { claimIdOf, gotoClaim, openDisclosure, waitForStatus } from './support/workbench';

/**
 * No lost updates in the browser: two people with the verdict draft of one claim open save in
 * turn. The second save, made on a page that predates the first, is refused with who changed what,
 * keeps what the second person typed, and applies when they save again knowingly. The editor
 * saves first and the admin (who may do everything an editor does) second, so the message has
 * someone to name who is not the person reading it.
 */

const CHANGED = 'was changed after you opened it, so your save was not applied.';
const editor = demoUser('editor');
const admin = demoUser('admin');

let app: RunningApp;
let browser: Browser;
let editorPage: Page;
let adminPage: Page;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  editorPage = await signInAs(await newAppContext(browser, app.baseUrl), app.baseUrl, editor);
  adminPage = await signInAs(await newAppContext(browser, app.baseUrl), app.baseUrl, admin);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** The verdict form of a claim page: open on an unpublished claim (issue 14), else in its disclosure. */
async function draftForm(page: Page): Promise<Locator> {
  const verdict = section(page, 'Verdict');
  if ((await verdict.locator('summary').filter({ hasText: /Edit the verdict for a correction/ }).count()) === 0) return verdict;
  return openDisclosure(verdict, /Edit the verdict for a correction/);
}

async function saveHeadline(form: Locator, headline: string): Promise<void> {
  await form.getByLabel('Headline', { exact: true }).fill(headline);
  await form.getByRole('button', { name: 'Save draft', exact: true }).click();
}

async function storedHeadline(page: Page, claimId: number, statement: string): Promise<string> {
  await gotoClaim(page, app.baseUrl, claimId, statement);
  return (await draftForm(page)).getByLabel('Headline', { exact: true }).inputValue();
}

describe.each([
  { when: 'an existing draft', key: 'japan-similar-restrictions', startWith: 'Japan has not yet announced any restrictions' },
  { when: 'the first draft', key: 'putin-defence-treaty', startWith: null },
])('two people saving $when of one verdict', ({ key, startWith }) => {
  const claim = demoClaim(key);
  const first = `First save: ${key} headline by the editor`;
  const second = `Second save: ${key} headline by the admin`;
  let claimId: number;

  test('the second save, made on the old page, is refused and says who changed what', async () => {
    claimId = claimIdOf(app.dbFile, claim.statement);
    if (startWith !== null) {
      await gotoClaim(editorPage, app.baseUrl, claimId, claim.statement);
      const form = await draftForm(editorPage);
      await form.getByLabel('Explanation', { exact: true }).fill('Written before either person opened the page.');
      await saveHeadline(form, startWith);
      await waitForStatus(form, 'Verdict draft saved.');
    }

    // Both open the page; then the editor saves first.
    await gotoClaim(adminPage, app.baseUrl, claimId, claim.statement);
    await gotoClaim(editorPage, app.baseUrl, claimId, claim.statement);
    const editorForm = await draftForm(editorPage);
    await saveHeadline(editorForm, first);
    await waitForStatus(editorForm, 'Verdict draft saved.');

    // The admin, still on the page as it was, saves a different headline.
    const adminForm = await draftForm(adminPage);
    expect(await adminForm.getByLabel('Headline', { exact: true }).inputValue()).toBe(startWith ?? '');
    await saveHeadline(adminForm, second);
    const refusal = alerts(adminPage).filter({ hasText: CHANGED });
    await refusal.waitFor();
    const message = (await refusal.innerText()).replace(/\s+/g, ' ');
    expect(message).toContain(`This verdict draft ${CHANGED}`);
    // Only what the editor changed, in words: the headline.
    expect(message).toMatch(/Edith Editor changed headline at \d\d:\d\d UTC\./);
    expect(message).toContain('Your input is still in the form');
    expect(await adminForm.getByLabel('Headline', { exact: true }).inputValue()).toBe(second);
    expect(await adminPage.getByRole('status').filter({ hasText: 'Verdict draft saved.' }).count()).toBe(0);

    // Nothing of the admin's was written: the editor's headline stands.
    expect(await storedHeadline(editorPage, claimId, claim.statement)).toBe(first);
  });

  test('saving again, knowing of the other change, applies it', async () => {
    const adminForm = await draftForm(adminPage);
    await adminForm.getByRole('button', { name: 'Save draft', exact: true }).click();
    await waitForStatus(adminForm, 'Verdict draft saved.');
    expect(await alerts(adminPage).filter({ hasText: CHANGED }).count()).toBe(0);
    expect(await storedHeadline(editorPage, claimId, claim.statement)).toBe(second);

    const history = await openDisclosure(section(editorPage, 'History'), 'Every change to this claim');
    const lines = await history.getByRole('listitem').allInnerTexts();
    expect(lines.filter((line) => /Edith Editor .*headline.* of the verdict draft\./.test(line)).length).toBeGreaterThan(0);
    expect(lines.filter((line) => /Adam Admin edited the headline of the verdict draft\./.test(line))).toHaveLength(1);
  });
});

test('every page served had a strict Content-Security-Policy and no password hash', async () => {
  const findings = await responseFindings();
  expect(findings.documents).toBeGreaterThan(4);
  expect(findings.issues).toEqual([]);
});
