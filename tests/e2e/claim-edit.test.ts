import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/axe';
import {
  PHONE,
  alerts,
  countRows,
  demoClaim,
  demoUser,
  launchBrowser,
  newAppContext,
  responseFindings,
  screenshot,
  section,
  signInAs,
  startApp,
  type RunningApp,
} from './support/harness';
import { claimIdOf, gotoClaim, itemTexts, openDisclosure, waitForStatus } from './support/workbench';

/**
 * Editing a claim on its page and the sources screens, in Chromium: an edit shows at once with its
 * history line; a second tab still on the old version is refused with who changed what; the form
 * shows its errors beside the fields and works without JavaScript; /sources finds and filters
 * sources, and a source page lists its claims with their verdicts and takes an edit of its own.
 */

const CHANGED = 'This claim was changed after you opened it, so your save was not applied.';
const g7 = demoClaim('g7-joint-statement');
const pentagon = demoClaim('pentagon-troop-estimate');
const southKorea = demoClaim('south-korea-blacklist');
const rosa = demoUser('reviewer', 0);
const ravi = demoUser('reviewer', 1);
const editor = demoUser('editor');

let app: RunningApp;
let browser: Browser;
let rosaContext: BrowserContext;
let raviContext: BrowserContext;
let rosaPage: Page;
let raviPage: Page;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  rosaContext = await newAppContext(browser, app.baseUrl);
  raviContext = await newAppContext(browser, app.baseUrl);
  rosaPage = await signInAs(rosaContext, app.baseUrl, rosa);
  raviPage = await signInAs(raviContext, app.baseUrl, ravi);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** Screenshot first, so a failing check still leaves a picture to look at. */
async function check(page: Page, name: string): Promise<void> {
  await screenshot(page, `claim-edit-${name}`);
  await expectNoSeriousA11yViolations(page);
}

async function editForm(page: Page): Promise<Locator> {
  return openDisclosure(section(page, 'Claim'), 'Edit claim');
}

async function historyLines(page: Page): Promise<string[]> {
  return itemTexts(await openDisclosure(section(page, 'History'), 'Every change to this claim'));
}

/** One row read from the app's database, read-only, while the server keeps running. */
function readOnlyRow(sql: string, ...params: unknown[]): Record<string, unknown> | undefined {
  const sqlite = new Database(app.dbFile, { readonly: true, fileMustExist: true });
  try {
    return sqlite.prepare(sql).get(...params) as Record<string, unknown> | undefined;
  } finally {
    sqlite.close();
  }
}

function storedClaim(statement: string) {
  return readOnlyRow('SELECT context, language, version FROM claims WHERE statement = ?', statement);
}

describe('editing a claim', () => {
  const edited = 'The G7 and partners condemned North Korea’s troop deployment to Russia in a joint statement (edited).';
  let claimId: number;

  test('a reviewer edits the statement and context; the page and its history show the change', async () => {
    claimId = claimIdOf(app.dbFile, g7.statement);
    // Ravi opens the page now and keeps it open: his tab holds the old version.
    await gotoClaim(raviPage, app.baseUrl, claimId, g7.statement);
    await gotoClaim(rosaPage, app.baseUrl, claimId, g7.statement);

    const form = await editForm(rosaPage);
    expect(await form.getByLabel('Statement', { exact: true }).inputValue()).toBe(g7.statement);
    await check(rosaPage, 'form-open');
    await form.getByLabel('Statement', { exact: true }).fill(edited);
    await form.getByLabel('Context', { exact: true }).fill('Issued after the sanctions announcements of 16 December.');
    await form.getByRole('button', { name: 'Save changes', exact: true }).click();
    await waitForStatus(form, 'Claim updated.');

    await rosaPage.getByRole('heading', { level: 1, name: edited, exact: true }).waitFor();
    const facts = section(rosaPage, 'Claim').locator('dl');
    expect(await facts.getByText('Issued after the sanctions announcements of 16 December.', { exact: true }).count()).toBe(1);
    const lines = await historyLines(rosaPage);
    expect(lines.some((line) => line.includes(`Rosa Reviewer changed the statement to “${edited.slice(0, 77)}…” and edited the context note.`))).toBe(true);
    await check(rosaPage, 'saved');

    // The claims list's search finds the new wording.
    await rosaPage.goto(`${app.baseUrl}/claims?q=${encodeURIComponent('condemned edited')}`);
    expect(await rosaPage.getByRole('list', { name: 'Claims' }).getByRole('link', { name: edited }).count()).toBe(1);
  });

  test('a second tab on the old version is refused, says who changed what, and keeps its input', async () => {
    const auditBefore = countRows(app.dbFile, 'audit_events');
    const form = await editForm(raviPage);
    expect(await form.getByLabel('Statement', { exact: true }).inputValue()).toBe(g7.statement);
    await form.getByLabel('Context', { exact: true }).fill('Ravi’s context, typed on the old page.');
    await form.getByRole('button', { name: 'Save changes', exact: true }).click();

    const refusal = alerts(raviPage).filter({ hasText: CHANGED });
    await refusal.waitFor();
    const message = (await refusal.innerText()).replace(/\s+/g, ' ');
    expect(message).toMatch(/Rosa Reviewer changed statement, context at \d\d:\d\d UTC\./);
    expect(message).toContain('Your input is still in the form');
    expect(await form.getByLabel('Context', { exact: true }).inputValue()).toBe('Ravi’s context, typed on the old page.');
    // The page behind the form now shows the saved statement, to compare against.
    await raviPage.getByRole('heading', { level: 1, name: edited, exact: true }).waitFor();
    await check(raviPage, 'conflict');

    expect(countRows(app.dbFile, 'audit_events')).toBe(auditBefore);
    expect(storedClaim(edited)).toMatchObject({ context: 'Issued after the sanctions announcements of 16 December.', version: 2 });
  });

  test('saving again, knowingly, applies it', async () => {
    // Everything in the form is saved, so Ravi takes over Rosa's statement before saving his context.
    const form = await editForm(raviPage);
    expect(await form.getByLabel('Statement', { exact: true }).inputValue()).toBe(g7.statement);
    await form.getByLabel('Statement', { exact: true }).fill(edited);
    await form.getByRole('button', { name: 'Save changes', exact: true }).click();
    await waitForStatus(form, 'Claim updated.');
    expect(storedClaim(edited)).toMatchObject({ context: 'Ravi’s context, typed on the old page.', version: 3 });
  });

  test('errors show beside their fields, and nothing is saved', async () => {
    const auditBefore = countRows(app.dbFile, 'audit_events');
    await gotoClaim(rosaPage, app.baseUrl, claimId, edited);
    const form = await editForm(rosaPage);
    const save = form.getByRole('button', { name: 'Save changes', exact: true });
    await save.evaluate((element) => {
      const el = (element as HTMLButtonElement).form;
      if (el) el.noValidate = true;
    });
    await form.getByLabel('Statement', { exact: true }).fill('   ');
    await form.getByLabel('Measure', { exact: true }).fill('G7 signatories');
    await save.click();
    await alerts(rosaPage).filter({ hasText: 'Please fix the highlighted fields.' }).waitFor();
    const statement = form.getByLabel('Statement', { exact: true });
    expect(await statement.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await statement.getAttribute('aria-describedby')) ?? '';
    expect(await rosaPage.locator(`[id="${describedBy.split(' ').at(-1)}"]`).innerText()).toBe('Enter the statement');
    expect(await form.getByLabel('Unit', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('Measure', { exact: true }).inputValue()).toBe('G7 signatories');
    await check(rosaPage, 'errors');
    expect(countRows(app.dbFile, 'audit_events')).toBe(auditBefore);
  });

  test('a changed figure shows in the quantity panel and the history', async () => {
    const id = claimIdOf(app.dbFile, pentagon.statement);
    await gotoClaim(rosaPage, app.baseUrl, id, pentagon.statement);
    const form = await editForm(rosaPage);
    expect(await form.getByLabel('High', { exact: true }).inputValue()).toBe('10000');
    await form.getByLabel('High', { exact: true }).fill('12,000');
    await form.getByRole('button', { name: 'Save changes', exact: true }).click();
    await waitForStatus(form, 'Claim updated.');
    await section(rosaPage, 'Quantity').getByText('at most 12,000 troops').waitFor();
    expect((await historyLines(rosaPage)).some((line) => line.includes('Rosa Reviewer changed the figure from at most 10,000 troops to at most 12,000 troops.'))).toBe(true);
  });

  test('a published claim is the editors’: a reviewer sees no edit form, the editor does', async () => {
    const id = claimIdOf(app.dbFile, southKorea.statement);
    await gotoClaim(rosaPage, app.baseUrl, id, southKorea.statement);
    const claimSection = section(rosaPage, 'Claim');
    expect(await claimSection.locator('summary').filter({ hasText: 'Edit claim' }).count()).toBe(0);
    expect(await claimSection.getByText('Only an editor can change a claim whose verdict is published.').count()).toBe(1);

    const editorPage = await signInAs(await newAppContext(browser, app.baseUrl), app.baseUrl, editor);
    await gotoClaim(editorPage, app.baseUrl, id, southKorea.statement);
    const form = await editForm(editorPage);
    expect(await form.getByText('The verdict on this claim is published').count()).toBe(1);
    await check(editorPage, 'published-editor');
  });

  test('the edit form works without JavaScript', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false, storageState: await rosaContext.storageState() });
    try {
      const page = await noScript.newPage();
      const id = claimIdOf(app.dbFile, edited);
      await page.goto(`${app.baseUrl}/claims/${id}`);
      // The form is rendered when opened: without JavaScript the opened disclosure links to the page with it open.
      await (await editForm(page)).getByRole('link', { name: 'Open the form', exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get('edit') === 'claim');
      const form = await editForm(page);
      await form.getByLabel('Language', { exact: true }).fill('fr');
      await form.getByRole('button', { name: 'Save changes', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Claim updated.' }).waitFor();
      expect(storedClaim(edited)).toMatchObject({ language: 'fr', version: 4 });
    } finally {
      await noScript.close();
    }
  });
});

describe('the sources screens', () => {
  test('the claim page links its claimant to the source page', async () => {
    const id = claimIdOf(app.dbFile, southKorea.statement);
    await gotoClaim(rosaPage, app.baseUrl, id, southKorea.statement);
    await section(rosaPage, 'Claim').getByRole('link', { name: "South Korea's Foreign Ministry", exact: true }).click();
    await rosaPage.getByRole('heading', { level: 1, name: "South Korea's Foreign Ministry", exact: true }).waitFor();
    const claimsList = rosaPage.getByRole('list', { name: "Claims by South Korea's Foreign Ministry" });
    const [row] = await itemTexts(claimsList);
    expect(row).toContain(southKorea.statement);
    expect(row).toContain('Published');
    expect(row).toContain('Verdict: Accurate');
    await check(rosaPage, 'source-page');
  });

  test('/sources lists, searches and filters sources, with their claim counts', async () => {
    await rosaPage.goto(`${app.baseUrl}/sources`);
    await rosaPage.getByRole('heading', { level: 1, name: 'Sources' }).waitFor();
    const list = rosaPage.getByRole('list', { name: 'Sources' });
    const rows = await itemTexts(list);
    expect(rows.some((row) => row.startsWith('MENAFN') && row.includes('2 claims'))).toBe(true);
    await check(rosaPage, 'sources');

    await rosaPage.getByRole('searchbox', { name: 'Search sources' }).fill('korea');
    await rosaPage.getByRole('button', { name: 'Apply', exact: true }).click();
    await rosaPage.waitForURL((url) => url.searchParams.get('q') === 'korea');
    expect((await itemTexts(list)).map((row) => row.split(' Government body')[0])).toEqual(["North Korea's UN ambassador", "South Korea's Foreign Ministry"]);

    await rosaPage.getByLabel('Kind', { exact: true }).selectOption('media');
    await rosaPage.getByRole('button', { name: 'Apply', exact: true }).click();
    await rosaPage.waitForURL((url) => url.searchParams.get('kind') === 'media');
    expect(await rosaPage.getByText('No sources match these filters.').count()).toBe(1);
    await check(rosaPage, 'sources-empty');
  });

  test('a reviewer edits a source; the page shows it and its history line', async () => {
    await rosaPage.goto(`${app.baseUrl}/sources?q=Radio`);
    await rosaPage.getByRole('list', { name: 'Sources' }).getByRole('link', { name: 'Radio Free Asia', exact: true }).click();
    await rosaPage.getByRole('heading', { level: 1, name: 'Radio Free Asia', exact: true }).waitFor();
    const form = await openDisclosure(section(rosaPage, 'Source'), 'Edit source');
    await form.getByLabel('Notes', { exact: true }).fill('US-funded broadcaster covering North Korea.');
    await form.getByLabel('Website', { exact: true }).fill('https://www.rfa.org/english/');
    await form.getByRole('button', { name: 'Save changes', exact: true }).click();
    await waitForStatus(form, 'Source updated.');
    await section(rosaPage, 'Source').getByRole('link', { name: 'https://www.rfa.org/english/' }).waitFor();
    const history = await itemTexts(section(rosaPage, 'History').getByRole('list'));
    expect(history[0]).toContain('Rosa Reviewer changed the URL to https://www.rfa.org/english/ and edited the notes.');
    await check(rosaPage, 'source-edited');
  });
});

describe('the sources screens at phone width', () => {
  test('fit the screen without sideways scrolling', async () => {
    const context = await newAppContext(browser, app.baseUrl, { viewport: PHONE, phone: true });
    const page = await signInAs(context, app.baseUrl, rosa);
    for (const [name, path] of [
      ['phone-sources', '/sources'],
      ['phone-source-page', `/sources?q=${encodeURIComponent('South Korea')}`],
    ] as const) {
      await page.goto(`${app.baseUrl}${path}`);
      if (name === 'phone-source-page') {
        await page.getByRole('list', { name: 'Sources' }).getByRole('link').first().click();
        await page.getByRole('heading', { level: 2, name: 'Claims', exact: true }).waitFor();
        await openDisclosure(section(page, 'Source'), 'Edit source');
      }
      await check(page, name);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), name).toBeLessThanOrEqual(0);
    }
    const id = claimIdOf(app.dbFile, pentagon.statement);
    await gotoClaim(page, app.baseUrl, id, pentagon.statement);
    await editForm(page);
    await check(page, 'phone-form-open');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  });
});

test('every page served had a strict Content-Security-Policy and no password hash', async () => {
  const findings = await responseFindings();
  expect(findings.documents).toBeGreaterThan(10);
  expect(findings.issues).toEqual([]);
});

describe('the claimant, typed', () => {
  const japan = demoClaim('japan-similar-restrictions');

  test('an unknown name asks for its kind before a source is added; a known one is matched ignoring case', async () => {
    const claimId = claimIdOf(app.dbFile, japan.statement);
    await gotoClaim(rosaPage, app.baseUrl, claimId, japan.statement);
    let form = await editForm(rosaPage);
    const claimant = () => form.getByLabel('Claimant', { exact: true });
    // The field starts from the current claimant's name; there is no select of every source.
    expect(await claimant().inputValue()).toBe(japan.claimant.name);
    expect(await form.locator('select[name="claimant"], select[name="claimantId"]').count()).toBe(0);

    await claimant().fill('Cabinet Office of Japan');
    await form.getByRole('button', { name: 'Save changes', exact: true }).click();
    await alerts(rosaPage).filter({ hasText: 'Please fix the highlighted fields.' }).waitFor();
    expect(await rosaPage.locator('#claim-edit-claimant-error').innerText()).toContain('No source is named “Cabinet Office of Japan”');
    expect(readOnlyRow('SELECT count(*) AS n FROM sources WHERE name = ?', 'Cabinet Office of Japan')).toEqual({ n: 0 });
    await form.getByLabel('Claimant’s kind, to add it as a new source', { exact: true }).selectOption('government');
    await form.getByRole('button', { name: 'Save changes', exact: true }).click();
    await waitForStatus(form, 'Claim updated.');
    await section(rosaPage, 'Claim').getByRole('link', { name: 'Cabinet Office of Japan', exact: true }).waitFor();

    form = await editForm(rosaPage);
    await claimant().fill(japan.claimant.name.toUpperCase());
    await form.getByRole('button', { name: 'Save changes', exact: true }).click();
    await waitForStatus(form, 'Claim updated.');
    await section(rosaPage, 'Claim').getByRole('link', { name: japan.claimant.name, exact: true }).waitFor();
    await check(rosaPage, 'claimant-typed');
  });
});
