import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/axe';
import { DESKTOP, demoUser, launchBrowser, newAppContext, screenshot, signInAs, startApp, type RunningApp } from './support/harness';

/** Settings → Fact-checks in Chromium: upload a feed, map a queued label, confirm a proposal, a stale edit, with axe on each state. */

const FEED = path.resolve(import.meta.dirname, '../fixtures/factchecks/quirks.json');

let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  context = await newAppContext(browser, app.baseUrl, { viewport: DESKTOP, phone: false });
  page = await signInAs(context, app.baseUrl, demoUser('editor'));
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await app?.stop();
});

function query<T>(sql: string, ...params: unknown[]): T {
  const db = new Database(app.dbFile, { readonly: true });
  try {
    return db.prepare(sql).get(...params) as T;
  } finally {
    db.close();
  }
}

function queueRow(label: string) {
  return page.getByRole('table', { name: /without a mapping/ }).getByRole('row').filter({ hasText: label });
}

describe('Settings → Fact-checks', () => {
  test('the settings index links to it', async () => {
    await page.goto(`${app.baseUrl}/settings`);
    await page.getByRole('link', { name: 'Fact-checks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Fact-checks by others' }).waitFor();
    await expectNoSeriousA11yViolations(page);
  });

  test('an upload imports the file and fills the queue; a file in no known format is a clear error', async () => {
    const before = query<{ n: number }>('SELECT count(*) AS n FROM external_factchecks').n;
    await page.getByLabel('Fact-check file').setInputFiles({ name: 'notes.csv', mimeType: 'text/csv', buffer: Buffer.from('id,claim\n1,x\n') });
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('alert').filter({ hasText: 'Please fix the highlighted fields.' }).waitFor();
    await expect(page.getByText('The file is not JSON, JSON Lines or HTML').first().isVisible()).resolves.toBe(true);
    expect(query<{ n: number }>('SELECT count(*) AS n FROM external_factchecks').n).toBe(before);

    await page.getByLabel('Fact-check file').setInputFiles({ name: 'quirks.json', mimeType: 'application/json', buffer: fs.readFileSync(FEED) });
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('status').filter({ hasText: '9 added, 0 updated, 0 unchanged, 4 skipped.' }).waitFor();
    await page.getByRole('table', { name: /without a mapping/ }).waitFor();
    await screenshot(page, 'factchecks-queue');
    await expectNoSeriousA11yViolations(page);
  });

  test('mapping a queued label maps every fact-check carrying it and moves it to the mapping table', async () => {
    const row = queueRow('Misleading / Missing context');
    await row.getByRole('combobox').selectOption('mostly_inaccurate');
    await row.getByRole('button', { name: 'Map' }).click();
    await page.getByRole('status').filter({ hasText: '“misleading / missing context” mapped; 1 fact-check updated.' }).waitFor();
    const mappings = page.getByRole('table', { name: /our rating for them/ });
    await mappings.getByRole('row').filter({ hasText: 'misleading / missing context' }).getByRole('cell', { name: 'Mostly inaccurate', exact: true }).waitFor();
    await expect(queueRow('Misleading / Missing context').count()).resolves.toBe(0);
    expect(query<{ l: string }>("SELECT mapped_label AS l FROM external_factchecks WHERE rating_key = 'misleading / missing context'").l).toBe('mostly_inaccurate');
    await expectNoSeriousA11yViolations(page);
  });

  test('a numeric rating is proposed a label, applied only when the editor confirms it', async () => {
    const row = queueRow('(1 on 1–5)');
    await row.getByText('Proposed: Inaccurate').waitFor();
    expect(query<{ l: string | null }>("SELECT mapped_label AS l FROM external_factchecks WHERE rating_key = '1 of 1–5'").l).toBeNull();
    await expect(row.getByRole('combobox').inputValue()).resolves.toBe('inaccurate');
    await row.getByRole('button', { name: 'Confirm' }).click();
    // The note names the label saved: the previous save's note must not pass for this one.
    await page.getByRole('status').filter({ hasText: '“1 of 1–5” mapped; 1 fact-check updated.' }).waitFor();
    expect(query<{ l: string | null }>("SELECT mapped_label AS l FROM external_factchecks WHERE rating_key = '1 of 1–5'").l).toBe('inaccurate');
  });

  test('a stale edit of a mapping is refused and says so', async () => {
    const adminContext = await newAppContext(browser, app.baseUrl, { viewport: DESKTOP, phone: false });
    const other = await signInAs(adminContext, app.baseUrl, demoUser('admin'));
    await other.goto(`${app.baseUrl}/settings/fact-checks`);
    const theirs = other.getByRole('table', { name: /our rating for them/ }).getByRole('row').filter({ hasText: 'misleading / missing context' });
    await theirs.getByRole('combobox').selectOption('no_equivalent');
    await theirs.getByRole('button', { name: 'Save' }).click();
    await other.getByRole('status').filter({ hasText: 'mapped' }).waitFor();
    await adminContext.close();

    // This page still shows version 1.
    const mine = page.getByRole('table', { name: /our rating for them/ }).getByRole('row').filter({ hasText: 'misleading / missing context' });
    await mine.getByRole('combobox').selectOption('mixed');
    await mine.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').filter({ hasText: 'was changed after you opened it' }).waitFor();
    // The refused form refreshes the page, which then shows the other editor's mapping.
    await mine.getByRole('cell', { name: 'No equivalent', exact: true }).waitFor();
    expect(query<{ label: string; version: number }>("SELECT label, version FROM rating_mappings WHERE rating_key = 'misleading / missing context'")).toEqual({
      label: 'no_equivalent',
      version: 2,
    });
    await expectNoSeriousA11yViolations(page);
  });
});
