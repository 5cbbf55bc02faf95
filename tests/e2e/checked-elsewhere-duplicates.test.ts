import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { DEMO_FACTCHECKS } from '@/db/seed/demo-factchecks';
import { expectNoSeriousA11yViolations } from './support/axe';
import { demoClaim, demoUser, launchBrowser, newAppContext, responseFindings, screenshot, section, signInAs, startApp, type RunningApp } from './support/harness';
import { claimIdOf, gotoClaim, openDisclosure, waitForStatus } from './support/workbench';

/**
 * Issue 11 on the claim page, in Chromium: an editor links a fact-check published elsewhere by
 * pasting its review URL (another spelling of it) and unlinks it; an editor marks a claim a
 * duplicate of the one on the page, the duplicate's address then leads to the kept claim, and
 * unmarking restores it. Axe checks the page with both sections holding something.
 */

const zelensky = demoClaim('zelensky-troop-projection');
const kept = demoClaim('north-korean-troops-fighting');
const duplicate = demoClaim('japan-similar-restrictions');
const claimWatch = DEMO_FACTCHECKS[1]!;

// Each test drives several round trips through a shared, busy machine.
vi.setConfig({ testTimeout: 180_000 });

let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  context = await newAppContext(browser, app.baseUrl);
  page = await signInAs(context, app.baseUrl, demoUser('editor'));
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await app?.stop();
});

describe('Checked elsewhere', () => {
  test('an editor links a fact-check by its pasted review URL, sees it, and unlinks it', async () => {
    const claimId = claimIdOf(app.dbFile, zelensky.statement);
    await gotoClaim(page, app.baseUrl, claimId, zelensky.statement);
    const checked = section(page, 'Checked elsewhere');
    await expect(checked.getByText('No fact-check by another organisation is linked yet.').isVisible()).resolves.toBe(true);

    const form = await openDisclosure(checked, 'Link a fact-check by its address');
    // Another spelling of the same review page: upper-case host, tracking parameters, a fragment.
    await form.getByLabel('Review URL').fill(`${claimWatch.url.replace('claimwatch.example', 'ClaimWatch.EXAMPLE')}/?utm_source=newsletter#verdict`);
    await form.getByRole('button', { name: 'Link fact-check' }).click();
    await waitForStatus(checked, 'Linked Claim Watch (demo)’s fact-check.');

    const linked = checked.getByRole('list', { name: 'Linked fact-checks' });
    const link = linked.getByRole('link', { name: new RegExp(claimWatch.title) });
    expect(await link.getAttribute('href')).toBe(claimWatch.url);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    await expect(linked.getByText('Misleading', { exact: true }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'claim-checked-elsewhere');
    await expectNoSeriousA11yViolations(page);

    // The item goes with its button: the section says nothing is linked any more.
    await linked.getByRole('button', { name: 'Unlink Claim Watch (demo)’s fact-check' }).click();
    await checked.getByText('No fact-check by another organisation is linked yet.').waitFor();
  });

  test('an address no imported fact-check has is refused next to the field', async () => {
    const claimId = claimIdOf(app.dbFile, zelensky.statement);
    await gotoClaim(page, app.baseUrl, claimId, zelensky.statement);
    const checked = section(page, 'Checked elsewhere');
    const form = await openDisclosure(checked, 'Link a fact-check by its address');
    await form.getByLabel('Review URL').fill('https://unknown.example/review/1');
    await form.getByRole('button', { name: 'Link fact-check' }).click();
    await checked.getByRole('alert').filter({ hasText: 'No imported fact-check has this address.' }).waitFor();
    expect(await checked.getByLabel('Review URL').getAttribute('aria-invalid')).toBe('true');
  });
});

describe('Possible duplicates in this desk', () => {
  test('an editor marks a duplicate, its address leads to the kept claim, and unmarking restores it', async () => {
    const keptId = claimIdOf(app.dbFile, kept.statement);
    const duplicateId = claimIdOf(app.dbFile, duplicate.statement);
    await gotoClaim(page, app.baseUrl, keptId, kept.statement);
    const duplicates = section(page, 'Possible duplicates in this desk');
    const form = await openDisclosure(duplicates, 'Mark a duplicate by claim number');
    await form.getByLabel('Other claim number').fill(String(duplicateId));
    await form.getByLabel('This claim (the other is merged into it)').check();
    await form.getByRole('button', { name: 'Mark duplicate' }).click();
    await waitForStatus(duplicates, `Claim ${duplicateId} is marked a duplicate of claim ${keptId}; 1 appearance and 0 evidence items moved here.`);

    // The duplicate's own address now leads here, saying what was merged.
    await page.goto(`${app.baseUrl}/claims/${duplicateId}`);
    await page.waitForURL(`${app.baseUrl}/claims/${keptId}?merged=${duplicateId}`);
    await page.getByRole('status').filter({ hasText: `Claim ${duplicateId} was merged here.` }).waitFor();
    const appearances = section(page, 'Appearances');
    await appearances.getByText(duplicate.appearance.title, { exact: false }).first().waitFor();
    await screenshot(page, 'claim-merged-here');
    await expectNoSeriousA11yViolations(page);

    // Its own page and history are one link away, and the merge can be undone from there.
    await page.getByRole('link', { name: `See claim ${duplicateId}’s history` }).click();
    await page.getByRole('heading', { level: 1, name: duplicate.statement, exact: true }).waitFor();
    const history = await openDisclosure(section(page, 'History'), 'Every change to this claim');
    await history.getByText(`marked claim ${duplicateId} a duplicate of claim ${keptId}, moving 1 appearance to it.`, { exact: false }).waitFor();
    // Without JavaScript the opened history links to the duplicate's own page with the list, not to the kept claim.
    const plain = await (await page.request.get(`${app.baseUrl}/claims/${duplicateId}?view=duplicate`)).text();
    expect(plain).toContain(`href="/claims/${duplicateId}?view=duplicate&amp;edit=history#form-history"`);
    await page.getByRole('button', { name: `Unmark duplicate (claim ${duplicateId})` }).click();
    // The notice (and its button) go once the claim stands on its own again.
    await page.getByText('This claim is marked a duplicate of', { exact: false }).waitFor({ state: 'detached' });

    await gotoClaim(page, app.baseUrl, duplicateId, duplicate.statement);
    expect(new URL(page.url()).pathname).toBe(`/claims/${duplicateId}`);
    await section(page, 'Appearances').getByText(duplicate.appearance.title, { exact: false }).first().waitFor();
  });

  test('a reviewer sees the sections but no duplicate forms', async () => {
    const reviewerContext = await newAppContext(browser, app.baseUrl);
    try {
      const reviewer = await signInAs(reviewerContext, app.baseUrl, demoUser('reviewer'));
      const keptId = claimIdOf(app.dbFile, kept.statement);
      await gotoClaim(reviewer, app.baseUrl, keptId, kept.statement);
      const duplicates = section(reviewer, 'Possible duplicates in this desk');
      await duplicates.getByRole('heading', { level: 2 }).waitFor();
      expect(await duplicates.locator('summary', { hasText: 'Mark a duplicate by claim number' }).count()).toBe(0);
      expect(await section(reviewer, 'Checked elsewhere').locator('summary', { hasText: 'Link a fact-check by its address' }).count()).toBe(1);
    } finally {
      await reviewerContext.close();
    }
  });

  test('no response broke the Content-Security-Policy or showed a dialog', async () => {
    const { issues } = await responseFindings();
    expect(issues).toEqual([]);
  });
});
