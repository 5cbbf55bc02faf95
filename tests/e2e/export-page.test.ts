import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXPORT_COLUMNS, ExportRecordSchema } from '@/lib/export/records';
import { expectNoSeriousA11yViolations } from './support/axe';
import { DESKTOP, PHONE, demoUser, launchBrowser, newAppContext, responseFindings, screenshot, signInAs, startApp, type RunningApp } from './support/harness';

/**
 * The export page says what it will give: the card follows the chosen format, the preview shows
 * the first rows exactly as the download writes them, and the rows carry the verdict's words and
 * dates a spreadsheet reads as dates.
 */

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

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe.each([
  { device: 'desktop', viewport: DESKTOP, phone: false },
  { device: 'phone', viewport: PHONE, phone: true },
])('the export page at $device width', ({ device, viewport, phone }) => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await newAppContext(browser, app.baseUrl, { viewport, phone });
    page = await signInAs(context, app.baseUrl, demoUser('editor'));
    await page.goto(`${app.baseUrl}/export`);
    await page.getByRole('heading', { level: 1, name: 'Export' }).waitFor();
  });

  afterAll(async () => {
    await context?.close();
  });

  test('the card follows the chosen format before the form is sent again', async () => {
    const card = page.locator('section.export-ready');
    await expect(card.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('CSV');
    await page.getByRole('radio', { name: 'JSON Lines' }).check();
    await card.getByRole('heading', { level: 2, name: 'JSON Lines' }).waitFor();
    const download = card.getByRole('link', { name: 'Download JSON Lines' });
    expect(await download.getAttribute('href')).toBe('/export/download?format=jsonl');
    await expect(card.getByRole('link', { name: /Download CSV/ }).count()).resolves.toBe(0);
    await page.getByRole('radio', { name: 'ClaimReview feed' }).check();
    await card.getByRole('link', { name: 'Download ClaimReview feed' }).waitFor();
    await page.getByRole('radio', { name: 'JSON Lines' }).check();
    await card.getByRole('link', { name: 'Download JSON Lines' }).waitFor();
  });

  test('Preview shows the first rows exactly as the download writes them', async () => {
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.waitForURL((url) => url.searchParams.get('format') === 'jsonl');
    const card = page.locator('section.export-ready');
    await card.getByRole('link', { name: 'Download JSON Lines' }).waitFor();
    const preview = card.getByRole('region', { name: /Preview: the first \d+ lines/ });
    const shown = (await preview.textContent()) ?? '';
    await screenshot(page, `export-jsonl-preview-${device}`);
    const lines = shown.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThanOrEqual(5);

    const file = await (await page.request.get(`${app.baseUrl}/export/download?format=jsonl`)).text();
    expect(file.startsWith(shown)).toBe(true);
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const record of records) {
      expect(Object.keys(record)).toEqual(EXPORT_COLUMNS);
      expect(ExportRecordSchema.safeParse(record).success).toBe(true);
    }
    // The verdict's explanation and the correction note travel with the rows; dates are plain days.
    const all = file.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    const corrected = all.find((r) => r.verdict_kind === 'correction');
    expect(corrected?.correction_note).toEqual(expect.any(String));
    expect(corrected?.explanation).toEqual(expect.any(String));
    expect(corrected?.published_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(corrected?.modified_date).toBe(String(corrected?.modified).slice(0, 10));
    expect(all.every((r) => r.updated_date === String(r.updated_at).slice(0, 10))).toBe(true);
  });

  test('the CSV preview is the header and first rows of the file, dates in their own columns', async () => {
    await page.goto(`${app.baseUrl}/export?format=csv`);
    const card = page.locator('section.export-ready');
    await card.getByRole('link', { name: 'Download CSV' }).waitFor();
    const shown = (await card.getByRole('region', { name: /Preview: the header row/ }).textContent()) ?? '';
    const file = await (await page.request.get(`${app.baseUrl}/export/download?format=csv`)).text();
    // The file starts with a byte-order mark the preview leaves out (and says so); then the same text.
    expect(file.replace(/^\uFEFF/, '').startsWith(shown.replace(/\n/g, '\r\n'))).toBe(true);
    const header = shown.split('\n')[0] ?? '';
    expect(header).toBe(EXPORT_COLUMNS.join(','));
    expect(header).toContain('explanation,correction_note');
    expect(header).toContain('published,published_date,modified,modified_date');
  });

  test('passes axe and does not scroll sideways', async () => {
    await page.goto(`${app.baseUrl}/export?format=jsonl`);
    await page.locator('section.export-ready').getByRole('link', { name: 'Download JSON Lines' }).waitFor();
    await expectNoSeriousA11yViolations(page);
    if (phone) expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });
});

test('every response carried a strict CSP and no password hash', async () => {
  const findings = await responseFindings();
  expect(findings.issues).toEqual([]);
  expect(findings.documents).toBeGreaterThan(0);
});
