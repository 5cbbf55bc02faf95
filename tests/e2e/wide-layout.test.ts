import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/axe';
import { DESKTOP, demoUser, launchBrowser, newAppContext, signInAs, startApp, type RunningApp } from './support/harness';

// The editor's header (nine links and the account) and the wide tables of Settings → Fact-checks,
// at the desktop width and at a narrower laptop's.
const SHOTS = process.env.SHOTS_DIR ?? path.join(process.cwd(), 'test-results', 'screenshots', 'wide-layout');
const LAPTOP = { width: 1024, height: 768 } as const;

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

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true, timeout: 60_000 });
}

/** The vertical centre of an element, to tell which row of the header it sits on. */
async function middle(page: Page, selector: ReturnType<Page['locator']>): Promise<number> {
  const box = await selector.boundingBox();
  if (!box) throw new Error('not visible');
  return box.y + box.height / 2;
}

describe.each([
  { name: 'desktop', viewport: DESKTOP, oneRow: true },
  { name: 'laptop', viewport: LAPTOP, oneRow: false },
])('an editor at $name width', ({ name, viewport, oneRow }) => {
  test('the header holds every link and the account, the account at the row end', async () => {
    const context = await newAppContext(browser, app.baseUrl, { viewport });
    try {
      const page = await signInAs(context, app.baseUrl, demoUser('editor'));
      await page.goto(`${app.baseUrl}/claims`);
      const header = page.getByRole('banner');
      const nav = page.getByRole('navigation', { name: 'Main' });
      expect(await nav.getByRole('link').count()).toBe(9);
      const firstLink = nav.getByRole('link', { name: 'Desk' });
      const lastLink = nav.getByRole('link', { name: 'Settings' });
      const signOut = header.getByRole('button', { name: 'Sign out' });
      const account = header.getByRole('link', { name: `${demoUser('editor').name} · editor` });
      // Every link on one row.
      expect(Math.abs((await middle(page, firstLink)) - (await middle(page, lastLink)))).toBeLessThan(4);
      const sameRow = Math.abs((await middle(page, account)) - (await middle(page, lastLink))) < 8;
      expect(sameRow, 'the account on the links’ row').toBe(oneRow);
      // The account ends where the header's content ends, on whichever row it is.
      const headerBox = (await header.boundingBox())!;
      const signOutBox = (await signOut.boundingBox())!;
      const inner = (await header.locator('.site-header-inner').boundingBox())!;
      expect(inner.x + inner.width - (signOutBox.x + signOutBox.width)).toBeLessThan(40);
      expect(headerBox.height).toBeLessThan(oneRow ? 70 : 120);
      await shot(page, `${name}-header`);
      await expectNoSeriousA11yViolations(page);
    } finally {
      await context.close();
    }
  });

  test('Settings → Fact-checks: each queued label’s select shows its whole text, next to or under its button', async () => {
    const context = await newAppContext(browser, app.baseUrl, { viewport });
    try {
      const page = await signInAs(context, app.baseUrl, demoUser('editor'));
      await page.goto(`${app.baseUrl}/settings/fact-checks`);
      const queue = page.locator('section', { has: page.getByRole('heading', { name: 'Needs mapping' }) });
      const selects = queue.getByRole('combobox');
      expect(await selects.count()).toBeGreaterThan(0);
      for (const select of await selects.all()) {
        // The widest option must fit the closed select: measured with the select's own font.
        const { widest, room } = await select.evaluate((element) => {
          const control = element as HTMLSelectElement;
          const style = getComputedStyle(control);
          const context = document.createElement('canvas').getContext('2d')!;
          context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
          const texts = [...control.options].map((option) => option.text);
          const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
          return { widest: Math.max(...texts.map((text) => context.measureText(text).width)), room: control.clientWidth - padding };
        });
        expect(widest, 'the longest rating name fits the select').toBeLessThanOrEqual(room);
      }
      // The tables use the page's width, not the reading column of the text above them.
      const lede = (await page.locator('.lede').boundingBox())!;
      const table = (await queue.getByRole('table').boundingBox())!;
      expect(table.width).toBeGreaterThan(lede.width);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      await shot(page, `${name}-factcheck-settings`);
      await expectNoSeriousA11yViolations(page);
    } finally {
      await context.close();
    }
  });
});
