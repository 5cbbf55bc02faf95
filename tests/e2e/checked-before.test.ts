import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '@/db/open';
import { externalFactchecks } from '@/db/schema';
import { demoUser, launchBrowser, newAppContext, signInAs, startApp, type RunningApp } from './support/harness';

/**
 * "Checked before?" on the new claim form, in Chromium against the built app: a reviewer types a
 * statement and, after a pause, sees the desk's own claims and other organisations' fact-checks that
 * look like it, each opening in a new tab, the count announced politely. Fact-checks are seeded
 * straight into the app's database, as the importer would leave them.
 */

let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const FACTCHECK_TITLE = 'Did North Korea send 10,000 troops to Russia?';

/** Rows with a sentence vector of all rows, claims and fact-checks together, read from the app's database. */
function sentenceProgress(dbFile: string): { read: number; rows: number } {
  const db = openDatabase(dbFile, { migrate: false });
  try {
    return db.$client
      .prepare(
        `SELECT (SELECT count(*) FROM claim_sentence_vectors) + (SELECT count(*) FROM factcheck_sentence_vectors) AS read,
                (SELECT count(*) FROM claims) + (SELECT count(*) FROM external_factchecks) AS rows`,
      )
      .get() as { read: number; rows: number };
  } finally {
    db.$client.close();
  }
}

beforeAll(async () => {
  // The one suite with the background sentence indexer on (the harness turns it off elsewhere).
  app = await startApp({ env: { SENTENCE_INDEXING: '1' } });
  const db = openDatabase(app.dbFile, { migrate: false });
  try {
    const add = (url: string, title: string, claimText: string, ratingText: string) =>
      db
        .insert(externalFactchecks)
        .values({ urlKey: url, url, publisherName: 'Full Fact', publisherSite: 'fullfact.org', publisherKey: 'fullfact.org', title, claimText, ratingText, reviewDate: '2024-12-19', raw: '{}', contentHash: url })
        .run();
    add('https://fullfact.org/north-korea-troops', FACTCHECK_TITLE, 'North Korea has sent 10,000 troops to Russia.', 'Correct');
    add('https://fullfact.org/bread', 'Bread prices', 'A loaf of bread costs five pounds.', 'False');
  } finally {
    db.$client.close();
  }
  // Every claim and fact-check gets its sentence vector from the server's background run, a few
  // seconds after start: the panel below ranks with them.
  const deadline = Date.now() + 90_000;
  for (let progress = sentenceProgress(app.dbFile); progress.read < progress.rows; progress = sentenceProgress(app.dbFile)) {
    if (Date.now() > deadline) throw new Error(`The server read ${progress.read} of ${progress.rows} sentence vectors in 90 s.`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  browser = await launchBrowser();
  context = await newAppContext(browser, app.baseUrl);
  page = await signInAs(context, app.baseUrl, demoUser('reviewer'));
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('the Checked before? panel', () => {
  test('typing a statement lists desk claims and fact-checks like it, each opening in a new tab', async () => {
    await page.goto(`${app.baseUrl}/claims/new`);
    const panel = page.getByRole('region', { name: 'Checked before?' });
    await expect.poll(() => panel.isVisible()).toBe(true);
    // Typed with the keyboard, as a person would.
    await page.getByLabel('Statement', { exact: true }).focus();
    await page.keyboard.type('North Korean troops sent to Russia, 10,000 of them');
    const factcheck = panel.getByRole('link', { name: FACTCHECK_TITLE });
    await factcheck.waitFor({ timeout: 15_000 });
    expect(await factcheck.getAttribute('href')).toBe('https://fullfact.org/north-korea-troops');
    expect(await factcheck.getAttribute('target')).toBe('_blank');
    expect(await factcheck.getAttribute('rel')).toContain('noopener');
    const item = panel.getByRole('listitem').filter({ hasText: FACTCHECK_TITLE });
    expect(await item.innerText()).toMatch(/Full Fact, rated “Correct”, 2024-12-19/);
    // The demo desk's own Pentagon claim about the troops, with its status.
    const deskLinks = panel.locator('a[href^="/claims/"]');
    expect(await deskLinks.count()).toBeGreaterThan(0);
    expect(await deskLinks.first().getAttribute('target')).toBe('_blank');
    expect(await panel.innerText()).toContain('this desk');
    expect(await panel.innerText()).not.toContain('Bread prices');
    const status = panel.getByRole('status');
    expect(await status.getAttribute('aria-live')).toBe('polite');
    expect(await status.innerText()).toMatch(/Checked before\? \d+ possible match/);
    // The links are reachable with the keyboard.
    await factcheck.focus();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(FACTCHECK_TITLE);
  });

  test('clearing the statement clears the list; words nobody used find nothing', async () => {
    await page.goto(`${app.baseUrl}/claims/new`);
    const panel = page.getByRole('region', { name: 'Checked before?' });
    const statement = page.getByLabel('Statement', { exact: true });
    await statement.focus();
    await page.keyboard.type('Zyxwvut qwertyuiop plorkish vendabulous');
    await expect.poll(() => panel.getByRole('status').innerText(), { timeout: 15_000 }).toMatch(/No similar claims/);
    expect(await panel.getByRole('listitem').count()).toBe(0);
  });

  test('the panel’s route answers signed-in people only', async () => {
    const anonymous = await fetch(`${app.baseUrl}/claims/similar?text=troops`, { redirect: 'manual' });
    expect(anonymous.status).toBe(401);
    const signedIn = await page.request.get(`${app.baseUrl}/claims/similar?text=${encodeURIComponent('?!')}`);
    expect(signedIn.status()).toBe(422);
    expect(signedIn.headers()['content-type']).toMatch(/^application\/problem\+json/);
  });
});
