import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '@/db/open';
import { createApiKey } from '@/lib/api/keys';
import { formatDateTime } from '@/lib/display/format-time';
import { demoClaim, demoUser, launchBrowser, newAppContext, section, signInAs, startApp, type RunningApp } from './support/harness';
import { claimIdOf, waitForStatus } from './support/workbench';

/**
 * Settings → API keys and the API together, in Chromium against the built app (issue 9, items 5
 * and 6): an editor makes a key that expires; keyed answers are never stored by any cache and never
 * reach a caller without the same scopes; disabling the editor suspends the key at its next request
 * and the page says so and who made it; the admin reassigns it and it works again; once expired it
 * gets a 401 that says so.
 */

const KEY_NAME = 'Newsroom CMS (expires)';
const editor = demoUser('editor');
const admin = demoUser('admin');
/** A draft nobody has published: only a key may read it. */
const unpublished = demoClaim('g7-joint-statement');

let app: RunningApp;
let browser: Browser;
let editorContext: BrowserContext;
let adminContext: BrowserContext;
let editorPage: Page;
let adminPage: Page;
let key = '';
let claimPath = '';

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  [editorContext, adminContext] = await Promise.all([newAppContext(browser, app.baseUrl), newAppContext(browser, app.baseUrl)]);
  editorPage = await signInAs(editorContext, app.baseUrl, editor);
  adminPage = await signInAs(adminContext, app.baseUrl, admin);
  claimPath = `/api/v1/claims/${claimIdOf(app.dbFile, unpublished.statement)}`;
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function get(path: string, bearer?: string): Promise<{ status: number; headers: Headers; body: { detail?: string; status?: string } }> {
  const response = await fetch(`${app.baseUrl}${path}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { detail?: string; status?: string } };
}

function keyRow(page: Page): Locator {
  return section(page, 'Keys').getByRole('row').filter({ hasText: KEY_NAME });
}

async function gotoKeys(page: Page): Promise<void> {
  await page.goto(`${app.baseUrl}/settings/api-keys`);
  await page.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
}

const stored = () => {
  const db = new Database(app.dbFile, { readonly: true });
  try {
    return db.prepare('SELECT expires_at AS expiresAt, suspended_at AS suspendedAt, created_by AS createdBy, owner_id AS ownerId FROM api_keys WHERE name = ?').get(KEY_NAME) as {
      expiresAt: string | null;
      suspendedAt: string | null;
      createdBy: number;
      ownerId: number;
    };
  } finally {
    db.close();
  }
};

describe('Settings → API keys', () => {
  test('an editor creates a key that expires in 90 days, and the page shows when', async () => {
    await gotoKeys(editorPage);
    const form = section(editorPage, 'New key');
    await form.getByLabel('Key name').fill(KEY_NAME);
    await form.getByLabel('Expires').selectOption({ label: 'After 90 days' });
    const before = Date.now();
    await form.getByRole('button', { name: 'Create API key' }).click();
    await waitForStatus(editorPage, /Created “Newsroom CMS \(expires\)”\. It expires at/);
    key = (await editorPage.locator('.secret code').innerText()).trim();
    expect(key).toMatch(/^cbk_/);
    const { expiresAt } = stored();
    expect(Date.parse(expiresAt!) - before).toBeGreaterThan(90 * 86_400_000 - 120_000);
    expect(Date.parse(expiresAt!) - before).toBeLessThan(90 * 86_400_000 + 120_000);
    await editorPage.reload();
    expect(await keyRow(editorPage).innerText()).toContain(`Expires ${formatDateTime(expiresAt!)}`);
    expect(await keyRow(editorPage).innerText()).toContain(`created by ${editor.name}`);
    expect(await keyRow(editorPage).innerText()).toContain('Active');
  });

  test('a keyed answer is no-store and never served without a key or to a key of other scopes', async () => {
    const keyed = await get(claimPath, key);
    expect(keyed.status).toBe(200);
    expect(keyed.body.status).toBe('draft');
    expect(keyed.headers.get('cache-control')).toBe('no-store');
    // Asked again (now from the app's own cache), still only for the key.
    expect((await get(claimPath, key)).status).toBe(200);
    const anonymous = await get(claimPath);
    expect(anonymous.status).toBe(404);
    const db = openDatabase(app.dbFile, { migrate: false });
    const writer = (() => {
      try {
        return createApiKey(db, null, { name: 'Submitter only', scopes: ['claims:write'] }).key;
      } finally {
        db.$client.close();
      }
    })();
    expect((await get(claimPath, writer)).status).toBe(403);
    // A public read without a key stays cacheable by anyone.
    const feed = await get('/api/v1/verdicts?limit=5');
    expect(feed.headers.get('cache-control')).toMatch(/^public\b/);
    expect((await get('/api/v1/verdicts?limit=5', key)).headers.get('cache-control')).toBe('no-store');
  });

  test('disabling the editor suspends their key at its next request; the admin sees it and reassigns it', async () => {
    await adminPage.goto(`${app.baseUrl}/settings/users`);
    const people = section(adminPage, 'People');
    const row = people.getByRole('row').filter({ has: adminPage.getByRole('rowheader', { name: new RegExp(`^${editor.name}`) }) });
    await row.getByRole('button', { name: `Disable ${editor.name}` }).click();
    await waitForStatus(row, `Disabled ${editor.name}`);

    const refused = await get(claimPath, key);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body.detail).toMatch(/suspended/i);
    expect(stored().suspendedAt).not.toBeNull();

    await gotoKeys(adminPage);
    const text = await keyRow(adminPage).innerText();
    expect(text).toContain('Suspended');
    expect(text).toContain(`created by ${editor.name}`);
    await keyRow(adminPage).getByLabel(`New holder of ${KEY_NAME}`).selectOption({ label: `${admin.name} (admin)` });
    await keyRow(adminPage).getByRole('button', { name: `Reassign ${KEY_NAME}` }).click();
    await waitForStatus(adminPage, `Reassigned “${KEY_NAME}” to ${admin.name}. It works again from its next request.`);
    expect((await get(claimPath, key)).status).toBe(200);
    await adminPage.reload();
    expect(await keyRow(adminPage).innerText()).toContain(`held by ${admin.name}`);
    expect(await keyRow(adminPage).innerText()).toContain('Active');
    expect(stored()).toMatchObject({ suspendedAt: null, ownerId: expect.any(Number) });
  });

  test('an expired key gets a 401 saying it expired, and the page shows it expired', async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    const db = new Database(app.dbFile);
    try {
      db.prepare('UPDATE api_keys SET expires_at = ? WHERE name = ?').run(past, KEY_NAME);
    } finally {
      db.close();
    }
    const refused = await get(claimPath, key);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body.detail).toContain(`expired at ${past}`);
    await gotoKeys(adminPage);
    expect(await keyRow(adminPage).innerText()).toContain(`Expired ${formatDateTime(past)}`);
  });
});
