import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  alerts,
  countRows,
  demoClaim,
  demoUser,
  launchBrowser,
  newAppContext,
  responseFindings,
  section,
  setField,
  signInAs,
  startApp,
  type RunningApp,
} from './support/harness';

const FIX_SUMMARY = 'Please fix the highlighted fields.';
const pentagon = demoClaim('pentagon-troop-estimate');

let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  context = await newAppContext(browser, app.baseUrl);
  page = await signInAs(context, app.baseUrl, demoUser('reviewer'));
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

function field(label: string): Locator {
  return page.getByLabel(label, { exact: true });
}

function counts() {
  return {
    claims: countRows(app.dbFile, 'claims'),
    sources: countRows(app.dbFile, 'sources'),
    appearances: countRows(app.dbFile, 'appearances'),
  };
}

/** A date a year from now, YYYY-MM-DD: in the future wherever the server is. */
function nextYear(): string {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() + 1);
  return date.toISOString().slice(0, 10);
}

async function openForm(): Promise<void> {
  await page.goto(`${app.baseUrl}/claims/new`);
  expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('New claim');
}

/**
 * Turns off the browser's own constraint checks (required, type=url, max) so the server's
 * validation is what is tested: a server action is a public endpoint, and anyone can post to it.
 */
async function submitWithoutBrowserValidation(): Promise<void> {
  const button = page.getByRole('button', { name: 'Create claim', exact: true });
  await button.evaluate((element) => {
    const form = (element as HTMLButtonElement).form;
    if (form) form.noValidate = true;
  });
  await button.click();
}

/** The text of the elements an input's aria-describedby names, provided it is marked invalid. */
async function errorFor(label: string): Promise<string> {
  const input = field(label);
  expect(await input.getAttribute('aria-invalid'), `${label} aria-invalid`).toBe('true');
  const ids = (await input.getAttribute('aria-describedby'))?.split(/\s+/).filter(Boolean) ?? [];
  expect(ids.length, `${label} aria-describedby`).toBeGreaterThan(0);
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).innerText()));
  return texts.join(' ').trim();
}

/** Selects the demo Pentagon source as claimant. */
async function choosePentagon(): Promise<void> {
  await setField(field('Claimant'), pentagon.claimant.name);
}

describe('creating a claim', () => {
  test('refuses invalid fields with a message beside each, writes nothing, then creates the fixed claim', async () => {
    await openForm();
    const before = counts();

    await choosePentagon();
    await setField(field('Date made'), nextYear());
    await setField(field('Language'), 'en');
    await setField(field('Context'), 'Entered by the end-to-end tests.');
    await setField(field('Appearance URL'), 'javascript:alert(1)');
    await setField(field('Appearance title'), 'End-to-end appearance');
    await setField(field('Appearance date'), '2024-12-18');
    await setField(field('Quoted text'), 'A quote typed by the end-to-end tests.');
    await submitWithoutBrowserValidation();

    await alerts(page).filter({ hasText: FIX_SUMMARY }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/claims/new');
    expect(await errorFor('Statement')).toMatch(/\S/);
    expect(await errorFor('Appearance URL')).toMatch(/http|URL|web address/i);
    expect(await errorFor('Date made')).toMatch(/future/i);
    for (const valid of ['Appearance title', 'Quoted text', 'Language']) {
      expect(await field(valid).getAttribute('aria-invalid'), `${valid} aria-invalid`).not.toBe('true');
    }
    // What the person typed is still there to correct.
    expect(await field('Appearance title').inputValue()).toBe('End-to-end appearance');
    expect(await field('Appearance URL').inputValue()).toBe('javascript:alert(1)');
    expect(counts()).toEqual(before);

    const statement = `Quokkas outnumber wombats ${Date.now()} to one in the end-to-end test.`;
    await setField(field('Statement'), statement);
    await choosePentagon();
    await setField(field('Date made'), '2024-12-18');
    await setField(field('Appearance URL'), 'https://example.org/e2e/article');
    await setField(field('Appearance title'), 'End-to-end appearance');
    await setField(field('Quoted text'), 'A quote typed by the end-to-end tests.');
    await submitWithoutBrowserValidation();

    await page.waitForURL((url) => /^\/claims\/\d+$/.test(url.pathname));
    await page.getByRole('status').filter({ hasText: 'Claim created.' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(statement);
    expect(await section(page, 'Claim').innerText()).toContain(pentagon.claimant.name);
    const appearances = section(page, 'Appearances');
    expect(await appearances.locator('blockquote').first().innerText()).toContain('A quote typed by the end-to-end tests.');
    expect(await appearances.getByRole('link', { name: 'End-to-end appearance' }).getAttribute('href')).toBe(
      'https://example.org/e2e/article',
    );
    // A new claim starts its review with nothing attached yet.
    expect(await section(page, 'Evidence').innerText()).toContain('No evidence attached yet.');
    expect(await section(page, 'Assessments').innerText()).toContain('No one has rated this claim yet.');
    expect(await section(page, 'Disagreements').innerText()).toContain('No disagreements.');
    expect(await section(page, 'Verdict').innerText()).toContain('No verdict published yet.');
    const after = counts();
    expect(after).toEqual({ claims: before.claims + 1, sources: before.sources, appearances: before.appearances + 1 });

    // The new claim is searchable straight away.
    const createdPath = new URL(page.url()).pathname;
    await page.goto(`${app.baseUrl}/claims?q=quokkas`);
    const link = page.getByRole('main').getByRole('link', { name: statement });
    expect(await link.getAttribute('href')).toBe(createdPath);
  });

  test('creates a claim with a new claimant source: a name no source has asks for its kind first', async () => {
    await openForm();
    const before = counts();
    const claimantName = `Ministry of End-to-End Figures ${Date.now()}`;
    const statement = 'The ministry counted every pelican in the harbour last spring.';

    await setField(field('Statement'), statement);
    await setField(field('Claimant'), claimantName);
    await setField(field('Date made'), '2024-11-02');
    await setField(field('Appearance URL'), 'https://example.org/e2e/pelicans');
    await setField(field('Appearance title'), 'Pelican census');
    await setField(field('Publisher'), pentagon.claimant.name.toUpperCase());
    await setField(field('Quoted text'), 'We counted every pelican.');
    await submitWithoutBrowserValidation();

    // No typo becomes a source: the unknown name is refused beside the field, with a kind to choose.
    await alerts(page).filter({ hasText: FIX_SUMMARY }).waitFor();
    expect(await errorFor('Claimant')).toContain(`No source is named “${claimantName}”`);
    expect(counts()).toEqual(before);
    expect(await field('Claimant').inputValue()).toBe(claimantName);
    await setField(field('Claimant’s kind, to add it as a new source'), 'government');
    await submitWithoutBrowserValidation();

    await page.waitForURL((url) => /^\/claims\/\d+$/.test(url.pathname));
    await page.getByRole('status').filter({ hasText: 'Claim created.' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(statement);
    expect(await section(page, 'Claim').innerText()).toContain(`${claimantName} (Government body)`);
    // The publisher typed in another case is the existing source.
    expect(await section(page, 'Appearances').getByRole('link', { name: pentagon.claimant.name, exact: true }).count()).toBe(1);
    expect(counts()).toEqual({
      claims: before.claims + 1,
      sources: before.sources + 1,
      appearances: before.appearances + 1,
    });

    // The form lists no sources; it suggests the claimants of the latest claims.
    await openForm();
    expect(await page.locator('select option').filter({ hasText: claimantName }).count()).toBe(0);
    expect(await page.locator('#claimant-suggestions option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).toContain(claimantName);
  });

  test('asks for the claimant when none is typed, writing nothing', async () => {
    await openForm();
    const before = counts();
    await setField(field('Statement'), 'A claim whose claimant was left blank.');
    await setField(field('Date made'), '2024-11-02');
    await setField(field('Appearance URL'), 'https://example.org/e2e/nameless');
    await setField(field('Appearance title'), 'Nameless');
    await submitWithoutBrowserValidation();

    await alerts(page).filter({ hasText: FIX_SUMMARY }).waitFor();
    expect(await errorFor('Claimant')).toMatch(/Enter the claimant/);
    expect(counts()).toEqual(before);
  });
});

test('every page served had a strict Content-Security-Policy and no password hash', async () => {
  const findings = await responseFindings();
  expect(findings.documents).toBeGreaterThan(3);
  expect(findings.issues).toEqual([]);
});
