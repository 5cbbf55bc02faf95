import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '@/db/open';
import { seedDemo } from '@/lib/demo/seed';
import { recordAssessment } from '@/lib/review/assessments';
import { addEvidence } from '@/lib/review/evidence';
import { actorByEmail } from '../helpers/actors';
import { runAxe } from './support/axe';
import { DESKTOP, PHONE, alerts, demoClaim, demoUser, launchBrowser, newAppContext, screenshot, section, signIn, signInAs, startApp, type RunningApp } from './support/harness';
import { claimIdOf, gotoClaim, openDisclosure, waitForStatus } from './support/workbench';

/**
 * Issue 14, items 1, 2 and 6, in Chromium: publishing is clear and safe (always a "Publish verdict"
 * button, disabled with its reasons; a confirmation naming the public URL and the webhooks; one
 * step, with or without JavaScript; reviewers read the checklist; status words), each role's desk
 * shows its own next work, and the public pages fit how verdicts travel.
 */

const zelensky = demoClaim('zelensky-troop-projection');
const putin = demoClaim('putin-defence-treaty');
const southKorea = demoClaim('south-korea-blacklist');
const pentagon = demoClaim('pentagon-troop-estimate');
const riPongChun = demoClaim('ri-pong-chun-front-lines');
const editor = demoUser('editor');
const rosa = demoUser('reviewer', 0);
const ravi = demoUser('reviewer', 1);
const HEADLINE = 'Mostly inaccurate: nothing public supports a deployment of 100,000 troops';
const EXPLANATION = 'No intelligence service has estimated more than about 12,000.';

let dir: string;
let app: RunningApp;
let browser: Browser;
let editorPage: Page;
let rosaPage: Page;
let raviPage: Page;

/** The demo, with one more claim (Putin's treaty) made ready to publish, for the no-JavaScript path. */
async function prepareDatabase(dbFile: string): Promise<void> {
  const db = openDatabase(dbFile);
  try {
    await seedDemo(db);
    const claimId = db.$client.prepare('SELECT id FROM claims WHERE statement = ?').pluck().get(putin.statement) as number;
    const reviewers = [actorByEmail(db, rosa.email), actorByEmail(db, ravi.email)];
    const item = addEvidence(db, reviewers[0]!, {
      claimId,
      url: 'https://example.org/e2e/treaty-text',
      title: 'E2E: the treaty’s text',
      stance: 'supports',
      note: '',
      quote: { exact: '', prefix: '', suffix: '' },
    });
    for (const reviewer of reviewers) {
      recordAssessment(db, reviewer, { claimId, label: 'accurate', confidence: 90, rationale: 'Article 4 says so.', citedEvidenceIds: [item.id] });
    }
  } finally {
    db.$client.close();
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-i14-'));
  const dbFile = path.join(dir, 'claimbench.db');
  await prepareDatabase(dbFile);
  app = await startApp({ dbFile });
  browser = await launchBrowser();
  const signedIn = async (user: typeof rosa) => signInAs(await newAppContext(browser, app.baseUrl), app.baseUrl, user);
  [editorPage, rosaPage, raviPage] = [await signedIn(editor), await signedIn(rosa), await signedIn(ravi)];
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function expectAxeClean(page: Page): Promise<void> {
  const serious = (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious).toEqual([]);
}

const region = (page: Page, name: RegExp) => page.getByRole('region', { name });
const claimId = (statement: string) => claimIdOf(app.dbFile, statement);

function query<T>(sql: string, ...params: unknown[]): T[] {
  const sqlite = new Database(app.dbFile, { readonly: true, fileMustExist: true });
  try {
    return sqlite.prepare(sql).all(...params) as T[];
  } finally {
    sqlite.close();
  }
}

/** Whether the focused element's text is `text`, and it lies inside the viewport. */
async function focusedAndInView(page: Page, text: string): Promise<{ focused: string; inView: boolean }> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    const box = element?.getBoundingClientRect();
    return { focused: element?.textContent?.trim() ?? '', inView: !!box && box.top >= 0 && box.bottom <= window.innerHeight };
  }).then((result) => ({ ...result, focused: result.focused.includes(text) ? text : result.focused }));
}

describe('each role’s desk shows its own next work', () => {
  test('a reviewer’s desk: claims ready to rate apart from drafts that still need evidence, counts, next steps', async () => {
    await rosaPage.goto(`${app.baseUrl}/`);
    const toRate = region(rosaPage, /^Ready to rate \(\d+\)$/);
    await toRate.waitFor();
    expect(await toRate.getByRole('link', { name: zelensky.statement, exact: true }).count()).toBe(1);
    expect(await toRate.getByRole('link', { name: pentagon.statement, exact: true }).count()).toBe(0);
    const needEvidence = region(rosaPage, /^Drafts that still need evidence \(\d+\)$/);
    expect(await needEvidence.getByRole('link', { name: riPongChun.statement, exact: true }).count()).toBe(1);
    expect(await toRate.getByRole('link', { name: riPongChun.statement, exact: true }).count()).toBe(0);
    const mine = rosaPage.getByRole('list', { name: 'Open disagreements you are part of' });
    const card = mine.getByRole('listitem').filter({ has: rosaPage.getByRole('link', { name: pentagon.statement, exact: true }) });
    expect(await card.innerText()).toMatch(/3 comments[\s\S]*Next: waiting for the editor/);
    for (const heading of await rosaPage.getByRole('heading', { level: 2 }).allInnerTexts()) expect(heading).toMatch(/\(\d+\)$/);
    await expectAxeClean(rosaPage);
    await screenshot(rosaPage, 'i14-desk-reviewer');
  });

  test('an editor’s desk: every open disagreement to resolve, ready to publish, drafts, recently published without the doubled rating', async () => {
    await editorPage.goto(`${app.baseUrl}/`);
    const toResolve = region(editorPage, /^Disagreements to resolve \(1\)$/);
    await toResolve.waitFor();
    const card = toResolve.getByRole('listitem').filter({ has: editorPage.getByRole('link', { name: pentagon.statement, exact: true }) });
    expect(await card.innerText()).toMatch(/3 comments[\s\S]*Next: read the views and resolve it/);
    const ready = region(editorPage, /^Ready to publish \(1\)$/);
    expect(await ready.getByRole('link', { name: putin.statement, exact: true }).count()).toBe(1);
    await region(editorPage, /^Drafts to finish \(0\)$/).waitFor();
    const recent = region(editorPage, /^Recently published \(3\)$/);
    const text = await recent.innerText();
    expect(text).not.toMatch(/Accurate\s+Accurate:/);
    expect(text).toContain('Accurate The US Treasury sanctioned');
    await expectAxeClean(editorPage);
    await screenshot(editorPage, 'i14-desk-editor');

    const phone = await signInAs(await newAppContext(browser, app.baseUrl, { viewport: PHONE, phone: true }), app.baseUrl, editor);
    await phone.goto(`${app.baseUrl}/`);
    await region(phone, /^Disagreements to resolve/).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(phone, 'i14-desk-editor-phone');
    await phone.context().close();
  });
});

describe('publishing is clear and safe', () => {
  test('an unrated claim is a draft; "Publish verdict" is there, disabled with its reasons; reviewers read the checklist', async () => {
    const id = claimId(zelensky.statement);
    await gotoClaim(editorPage, app.baseUrl, id, zelensky.statement);
    expect(await editorPage.getByRole('main').locator('.badge.status-draft').first().innerText()).toBe('Draft');
    const verdict = section(editorPage, 'Verdict');
    const publish = verdict.getByRole('button', { name: 'Publish verdict', exact: true });
    expect(await publish.isDisabled()).toBe(true);
    const describedBy = await publish.getAttribute('aria-describedby');
    expect(describedBy).toBeTruthy();
    expect(await editorPage.locator(`#${describedBy}`).innerText()).toContain('Needs 2 more assessments by different reviewers (0 of 2).');
    await expectAxeClean(editorPage);
    await screenshot(editorPage, 'i14-verdict-not-ready');

    await gotoClaim(rosaPage, app.baseUrl, id, zelensky.statement);
    const forReviewer = section(rosaPage, 'Verdict');
    const checklist = forReviewer.getByRole('heading', { name: 'What this claim still needs before an editor can publish' });
    await checklist.waitFor();
    expect(await forReviewer.innerText()).toContain('Needs 2 more assessments by different reviewers (0 of 2).');
    expect(await forReviewer.getByRole('button').count()).toBe(0);
    expect(await forReviewer.locator('input, select, textarea').count()).toBe(0);
    await screenshot(rosaPage, 'i14-verdict-reviewer-checklist');
  });

  test('after rating, and after adding evidence, focus moves to the confirmation, in view', async () => {
    const id = claimId(zelensky.statement);
    for (const page of [rosaPage, raviPage]) {
      await gotoClaim(page, app.baseUrl, id, zelensky.statement);
      const form = await openDisclosure(section(page, 'Assessments'), /Your assessment/);
      await form.getByRole('group', { name: 'Rating' }).getByRole('radio', { name: 'Mostly inaccurate', exact: true }).check();
      await form.getByLabel('Confidence (0–100)', { exact: true }).fill('80');
      await form.getByLabel('Rationale', { exact: true }).fill('E2E: no basis for 100,000.');
      await form.getByRole('button', { name: 'Submit assessment', exact: true }).click();
      await waitForStatus(page, 'Your assessment is recorded.');
      await expect.poll(() => focusedAndInView(page, 'Your assessment is recorded.')).toEqual({ focused: 'Your assessment is recorded.', inView: true });
    }
    const other = claimId(riPongChun.statement);
    await gotoClaim(rosaPage, app.baseUrl, other, riPongChun.statement);
    const adder = await openDisclosure(section(rosaPage, 'Evidence'), 'Add evidence');
    await adder.getByLabel('Evidence URL', { exact: true }).fill('https://example.org/e2e/ri-pong-chun');
    await adder.getByLabel('Title', { exact: true }).fill('E2E: the ministry’s listing');
    await adder.getByRole('group', { name: 'Stance' }).getByRole('radio', { name: 'Supports', exact: true }).check();
    await adder.getByRole('button', { name: 'Add evidence', exact: true }).click();
    await waitForStatus(rosaPage, 'Evidence added.');
    await expect.poll(() => focusedAndInView(rosaPage, 'Evidence added.')).toEqual({ focused: 'Evidence added.', inView: true });
  });

  test('once ready, "Publish verdict" saves the unsaved form and publishes it after a confirmation naming the public URL and the webhooks', async () => {
    const id = claimId(zelensky.statement);
    await gotoClaim(editorPage, app.baseUrl, id, zelensky.statement);
    expect(await editorPage.getByRole('main').locator('.badge.status-ready').first().innerText()).toBe('Ready');
    const verdict = section(editorPage, 'Verdict');
    await verdict.getByLabel('Verdict rating', { exact: true }).selectOption({ label: 'Mostly inaccurate' });
    await verdict.getByLabel('Headline', { exact: true }).fill(HEADLINE);
    await verdict.getByLabel('Explanation', { exact: true }).fill(EXPLANATION);
    await screenshot(editorPage, 'i14-verdict-ready');
    await verdict.getByRole('button', { name: 'Publish verdict', exact: true }).click();
    const confirm = verdict.getByRole('region', { name: 'Publish this verdict?' });
    await confirm.waitFor();
    expect(await editorPage.evaluate(() => document.activeElement?.textContent)).toBe('Publish this verdict?');
    const text = await confirm.innerText();
    expect(text).toContain(`http://localhost:3000/verdicts/${id}`);
    expect(text).toMatch(/verdict\.published\s+— no active webhook subscribes to it/);
    expect(query('SELECT 1 FROM verdicts WHERE claim_id = ?', id)).toEqual([]);
    await expectAxeClean(editorPage);
    await screenshot(editorPage, 'i14-verdict-confirm');
    await confirm.getByRole('button', { name: 'Publish now', exact: true }).click();
    await waitForStatus(editorPage, 'Verdict published (version 1).');
    expect(await verdict.innerText()).toContain(HEADLINE);
    const actions = query<{ action: string }>(
      "SELECT action FROM audit_events WHERE claim_id = ? AND action IN ('verdict_draft.save', 'verdict.publish') ORDER BY id",
      id,
    ).map((row) => row.action);
    expect(actions).toEqual(['verdict_draft.save', 'verdict.publish']);
    await screenshot(editorPage, 'i14-verdict-published');
  });

  test('without JavaScript, the confirmation is a page of its own and publishing still takes one step', async () => {
    const context: BrowserContext = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, app.baseUrl, editor.email, editor.password);
    const id = claimId(putin.statement);
    await page.goto(`${app.baseUrl}/claims/${id}`);
    const verdict = section(page, 'Verdict');
    await verdict.getByLabel('Verdict rating', { exact: true }).selectOption({ label: 'Accurate' });
    await verdict.getByLabel('Headline', { exact: true }).fill('Accurate: the treaty provides for mutual military support');
    await verdict.getByLabel('Explanation', { exact: true }).fill('Article 4 of the treaty says so.');
    await verdict.getByRole('button', { name: 'Publish verdict', exact: true }).click();
    const confirm = section(page, 'Verdict').getByRole('region', { name: 'Publish this verdict?' });
    await confirm.waitFor();
    expect(await confirm.innerText()).toContain(`/verdicts/${id}`);
    await confirm.getByRole('button', { name: 'Publish now', exact: true }).click();
    await section(page, 'Verdict').getByText(/· version 1 ·/).waitFor();
    expect(query<{ status: string }>('SELECT status FROM claims WHERE id = ?', id)).toEqual([{ status: 'published' }]);
    expect(await alerts(page).count()).toBe(0);
    await context.close();
  });
});

describe('public pages fit how verdicts travel', () => {
  test('the public page carries Open Graph and Twitter card tags and a real description, and links every version', async () => {
    const id = claimId(southKorea.statement);
    const reader = await (await newAppContext(browser, app.baseUrl)).newPage();
    await reader.goto(`${app.baseUrl}/verdicts/${id}`);
    const meta = (selector: string) => reader.locator(selector).getAttribute('content');
    expect(await meta('meta[property="og:url"]')).toBe(`http://localhost:3000/verdicts/${id}`);
    expect(await meta('meta[property="og:type"]')).toBe('article');
    expect(await meta('meta[property="og:site_name"]')).toBe('Claimbench Desk');
    expect(await meta('meta[property="og:title"]')).toMatch(/ — Accurate$/);
    expect(await meta('meta[name="twitter:card"]')).toBe('summary');
    const description = (await meta('meta[name="description"]')) ?? '';
    expect(description).toContain('Claimbench Desk rates');
    expect(description).toContain('accurate');
    expect(description).toContain('South Korea has blacklisted 11 individuals');
    expect(await meta('meta[property="og:description"]')).toBe(description);
    const versions = reader.getByRole('list', { name: 'Every version of this verdict' });
    expect(await versions.getByRole('listitem').count()).toBe(2);
    await expectAxeClean(reader);
    await screenshot(reader, 'i14-public-verdict');

    await versions.getByRole('link', { name: 'Version 1', exact: true }).click();
    await reader.waitForURL(`${app.baseUrl}/verdicts/${id}/versions/1`);
    const main = reader.getByRole('main');
    expect(await main.innerText()).toContain('Version 1 of 2');
    expect(await main.innerText()).toContain('16 December 2024');
    // The version as it was; the list of versions below it names the later correction's date.
    expect((await main.innerText()).split('Corrections and versions')[0]).not.toContain('17 December 2024');
    expect(await reader.locator('link[rel="canonical"]').getAttribute('href')).toBe(`http://localhost:3000/verdicts/${id}`);
    expect(await meta('meta[name="robots"]')).toMatch(/noindex/);
    await expectAxeClean(reader);
    await screenshot(reader, 'i14-public-verdict-version-1');
    expect((await fetch(`${app.baseUrl}/verdicts/${id}/versions/3`)).status).toBe(404);
    await reader.context().close();
  });

  test('staff see what each version changed, as a word diff', async () => {
    const id = claimId(southKorea.statement);
    await gotoClaim(editorPage, app.baseUrl, id, southKorea.statement);
    const earlier = await openDisclosure(section(editorPage, 'Verdict'), /Earlier versions/);
    const changes: Locator = earlier.getByRole('list', { name: 'What each version changed' });
    const explanation = changes.getByRole('listitem').first();
    expect(await explanation.locator('del').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('Monday 16')]));
    expect(await explanation.locator('ins').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('Tuesday 17')]));
    await expectAxeClean(editorPage);
    await screenshot(editorPage, 'i14-verdict-version-diff');
  });

  test('PUBLIC_URL left at its default while reached elsewhere: the settings page says so and the log warns once', async () => {
    await editorPage.goto(`${app.baseUrl}/settings`);
    const warning = editorPage.getByRole('note').filter({ hasText: 'Public links point at the wrong address' });
    expect(await warning.innerText()).toContain(`this app is reached at ${new URL(app.baseUrl).origin}`);
    expect(app.logs().split('PUBLIC_URL is not set').length - 1).toBe(1);
    await expectAxeClean(editorPage);
    await screenshot(editorPage, 'i14-settings-public-url');
  });
});
