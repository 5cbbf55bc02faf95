import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { alerts, demoClaim, demoUser, launchBrowser, newAppContext, screenshot, section, signInAs, startApp, type RunningApp } from './support/harness';
import { claimIdOf, gotoClaim, openDisclosure, waitForStatus } from './support/workbench';

/**
 * A correction goes out from one form (issue 9): the editor edits the explanation and writes the
 * note, reviews the diff against the published version, then publishes both in one go. Nothing is
 * written by reviewing, and a correction that changes nothing is refused.
 */

const claim = demoClaim('us-treasury-sanctions');
const edith = demoUser('editor');
const ADDED = ' E2E: the Treasury named the two banks in its press release of 16 December.';
const NOTE = 'E2E: added the date of the Treasury’s press release.';

let app: RunningApp;
let browser: Browser;
let page: Page;
let claimId: number;

function versions(): { versionNumber: number; explanation: string; note: string | null }[] {
  const db = new Database(app.dbFile, { readonly: true });
  try {
    return db
      .prepare('SELECT version_number AS versionNumber, explanation, note FROM verdicts WHERE claim_id = ? ORDER BY version_number')
      .all(claimId) as { versionNumber: number; explanation: string; note: string | null }[];
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  claimId = claimIdOf(app.dbFile, claim.statement);
  page = await signInAs(await newAppContext(browser, app.baseUrl), app.baseUrl, edith);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('publishing a correction', () => {
  let explanation: string;

  test('the edits and the note go out together, after the editor has seen the diff', async () => {
    const before = versions();
    expect(before).toHaveLength(1);
    explanation = before[0]!.explanation;

    await gotoClaim(page, app.baseUrl, claimId, claim.statement);
    const verdict = section(page, 'Verdict');
    const form = await openDisclosure(verdict, 'Edit the verdict for a correction');
    await form.getByLabel('Explanation', { exact: true }).fill(`${explanation}${ADDED}`);
    await form.getByLabel('Correction note', { exact: true }).fill(NOTE);
    // No "Save draft" first: the review and the publication carry the edits themselves.
    await form.getByRole('button', { name: 'Review the correction', exact: true }).click();

    const review = verdict.getByRole('region', { name: 'Check the correction before it goes public' });
    await review.waitFor();
    expect(await review.getByRole('heading', { level: 3 }).evaluate((el) => el === document.activeElement)).toBe(true);
    const change = review.getByRole('region', { name: 'Explanation' });
    expect((await change.locator('ins').allInnerTexts()).join('')).toContain(ADDED.trim());
    expect(await change.locator('del').count()).toBe(0);
    expect(await review.getByRole('region', { name: 'Headline' }).count()).toBe(0);
    expect(await review.getByRole('region', { name: 'Correction note (shown to the public)' }).innerText()).toContain(NOTE);
    await screenshot(page, 'correction-review-diff');
    // Reviewing wrote nothing.
    expect(versions()).toEqual(before);

    await review.getByRole('button', { name: 'Publish correction', exact: true }).click();
    await waitForStatus(verdict, 'Correction published (version 2).');
    expect(versions()[1]).toEqual({ versionNumber: 2, explanation: `${explanation}${ADDED}`, note: NOTE });

    const reader = await (await newAppContext(browser, app.baseUrl)).newPage();
    await reader.goto(`${app.baseUrl}/verdicts/${claimId}`);
    const main = await reader.getByRole('main').innerText();
    expect(main).toContain(ADDED.trim());
    expect(main).toContain(NOTE);
  });

  test('going back to editing keeps what was typed; a correction that changes nothing is refused', async () => {
    await gotoClaim(page, app.baseUrl, claimId, claim.statement);
    const verdict = section(page, 'Verdict');
    let form = await openDisclosure(verdict, 'Edit the verdict for a correction');
    await form.getByLabel('Headline', { exact: true }).fill('E2E: a headline that will not be published');
    await form.getByLabel('Correction note', { exact: true }).fill('E2E: changed my mind.');
    await form.getByRole('button', { name: 'Review the correction', exact: true }).click();
    const review = verdict.getByRole('region', { name: 'Check the correction before it goes public' });
    await review.getByRole('region', { name: 'Headline' }).waitFor();
    await review.getByRole('button', { name: 'Back to editing', exact: true }).click();
    form = verdict.locator('form').filter({ has: page.getByRole('button', { name: 'Review the correction' }) });
    expect(await form.getByLabel('Headline', { exact: true }).inputValue()).toBe('E2E: a headline that will not be published');

    // Put the headline back: now the correction would repeat version 2 exactly.
    await gotoClaim(page, app.baseUrl, claimId, claim.statement);
    form = await openDisclosure(section(page, 'Verdict'), 'Edit the verdict for a correction');
    await form.getByLabel('Correction note', { exact: true }).fill('E2E: nothing changed.');
    await form.getByRole('button', { name: 'Review the correction', exact: true }).click();
    await alerts(page).filter({ hasText: 'This correction changes nothing' }).waitFor();
    expect(versions()).toHaveLength(2);
  });
});
