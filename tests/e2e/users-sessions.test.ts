import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/axe';
import {
  DESKTOP,
  PHONE,
  alerts,
  demoClaim,
  demoUser,
  isSignInUrl,
  launchBrowser,
  newAppContext,
  responseFindings,
  screenshot,
  section,
  signIn,
  signInAs,
  startApp,
  watchResponses,
  type ResponseWatcher,
  type RunningApp,
} from './support/harness';
import { claimIdOf, waitForStatus } from './support/workbench';

/**
 * Users, organisation settings and sessions in the built app: an admin creates, re-roles,
 * disables and re-enables people; a disabled person loses access at their very next request; a
 * signed-out session cookie replayed later is worthless; sign-in works without JavaScript; and
 * guessing passwords is slowed, then refused with 429.
 */

const INCORRECT = 'Email or password is incorrect.';
const SIGN_IN_TO_CONTINUE = 'Sign in to continue.';
const NEW_PASSWORD = 'a long enough password';
const admin = demoUser('admin');
const editor = demoUser('editor');
const reviewer = demoUser('reviewer', 0);
const reviewer2 = demoUser('reviewer', 1);

let app: RunningApp;
let browser: Browser;
let adminContext: BrowserContext;
let adminPage: Page;
/** Watchers of the contexts this file makes itself (without JavaScript, or from replayed cookies). */
const ownWatchers: ResponseWatcher[] = [];

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  adminContext = await newAppContext(browser, app.baseUrl);
  adminPage = await signInAs(adminContext, app.baseUrl, admin);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** A context like newAppContext's (only the app reachable, responses watched), optionally without JavaScript. */
async function ownContext(options: { javaScriptEnabled?: boolean; cookies?: Parameters<BrowserContext['addCookies']>[0] } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: options.javaScriptEnabled ?? true });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(30_000);
  const origin = new URL(app.baseUrl).origin;
  await context.route(
    (url) => url.origin !== origin && url.protocol !== 'data:',
    (route) => route.abort('blockedbyclient'),
  );
  if (options.cookies) await context.addCookies(options.cookies);
  ownWatchers.push(watchResponses(context, app.baseUrl));
  return context;
}

interface StoredUser {
  id: number;
  role: string;
  disabled_at: string | null;
  version: number;
  session_generation: number;
}

function storedUser(email: string): StoredUser | undefined {
  const sqlite = new Database(app.dbFile, { readonly: true, fileMustExist: true });
  try {
    return sqlite.prepare('SELECT id, role, disabled_at, version, session_generation FROM users WHERE email = ?').get(email) as StoredUser | undefined;
  } finally {
    sqlite.close();
  }
}

function countRows(table: 'claims' | 'users' | 'audit_events'): number {
  const sqlite = new Database(app.dbFile, { readonly: true, fileMustExist: true });
  try {
    return (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
}

/** The row of the users table whose row header starts with the person's name. */
function userRow(page: Page, name: string): Locator {
  return section(page, 'People')
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }) });
}

async function gotoUsers(page: Page): Promise<void> {
  await page.goto(`${app.baseUrl}/settings/users`);
  await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
}

async function apiMeStatus(context: BrowserContext): Promise<number> {
  const response = await context.request.get(`${app.baseUrl}/api/me`);
  return response.status();
}

/** The error shown next to a control: the element its aria-describedby names as the error. */
async function fieldError(control: Locator): Promise<string> {
  const ids = (await control.getAttribute('aria-describedby')) ?? '';
  const errorId = ids.split(' ').find((id) => id.endsWith('-error'));
  if (!errorId) return '';
  return (await control.page().locator(`[id="${errorId}"]`).innerText()).trim();
}

/** Submits a form with the browser's own checks off, so the server's answer is what shows. */
async function submitWithoutBrowserChecks(button: Locator): Promise<void> {
  await button.evaluate((element) => {
    const form = (element as HTMLButtonElement).form;
    if (form) form.noValidate = true;
  });
  await button.click();
}

/** Screenshot first, so a failing check still leaves a picture to look at. */
async function check(page: Page, name: string): Promise<void> {
  await screenshot(page, `users-${name}`);
  await expectNoSeriousA11yViolations(page);
}

describe('the users page', () => {
  const created = { name: 'Nadia Newcomer', email: 'nadia.newcomer@demo.claimbench.test' };

  test('lists every user for an admin, with their own row protected', async () => {
    await gotoUsers(adminPage);
    for (const user of [admin, editor, reviewer, reviewer2]) {
      const row = userRow(adminPage, user.name);
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.innerText()).toContain(user.email);
      expect(await row.innerText()).toContain('Active');
    }
    const own = userRow(adminPage, admin.name);
    expect(await own.innerText()).toContain('(you)');
    expect(await own.getByRole('button').count()).toBe(0);
    expect(await own.getByRole('combobox').count()).toBe(0);
    await check(adminPage, 'list');
  });

  test('refuses a new user with a short password, naming the field and keeping the rest', async () => {
    const form = section(adminPage, 'New user');
    const users = countRows('users');
    await form.getByLabel('Name', { exact: true }).fill(created.name);
    await form.getByLabel('Email', { exact: true }).fill(created.email);
    await form.getByLabel('Initial password', { exact: true }).fill('short');
    await submitWithoutBrowserChecks(form.getByRole('button', { name: 'Create user', exact: true }));
    await alerts(adminPage).filter({ hasText: 'Please fix the highlighted fields.' }).waitFor();
    const password = form.getByLabel('Initial password', { exact: true });
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    expect(await fieldError(password)).toBe('Use at least 12 characters');
    expect(await form.getByLabel('Email', { exact: true }).inputValue()).toBe(created.email);
    // What was typed comes back, except the password.
    expect(await password.inputValue()).toBe('');
    expect(countRows('users')).toBe(users);
    await check(adminPage, 'create-error');
  });

  test('an admin creates a user, who can then sign in with the role chosen', async () => {
    const form = section(adminPage, 'New user');
    await form.getByLabel('Name', { exact: true }).fill(created.name);
    await form.getByLabel('Email', { exact: true }).fill(created.email);
    await form.getByLabel('Role', { exact: true }).selectOption('editor');
    await form.getByLabel('Initial password', { exact: true }).fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Create user', exact: true }).click();
    await waitForStatus(adminPage, `Created ${created.name} (${created.email}) as editor.`);
    await expect.poll(() => userRow(adminPage, created.name).count()).toBe(1);
    expect(storedUser(created.email)).toMatchObject({ role: 'editor', disabled_at: null, version: 1 });

    const context = await newAppContext(browser, app.baseUrl);
    try {
      const page = await context.newPage();
      await signIn(page, app.baseUrl, created.email, NEW_PASSWORD);
      expect(await page.getByRole('banner').innerText()).toContain(`${created.name} · editor`);
      const me = await context.request.get(`${app.baseUrl}/api/me`);
      expect(await me.json()).toMatchObject({ email: created.email, role: 'editor' });
    } finally {
      await context.close();
    }
  });

  test("an admin changes a user's role; it applies at that user's next request", async () => {
    await gotoUsers(adminPage);
    const row = userRow(adminPage, created.name);
    await row.getByLabel(`Role of ${created.name}`, { exact: true }).selectOption('reviewer');
    await row.getByRole('button', { name: `Change role of ${created.name}` }).click();
    await waitForStatus(row, `${created.name} is now a reviewer.`);
    expect(storedUser(created.email)).toMatchObject({ role: 'reviewer', version: 2 });
  });

  test('a save from a page opened before another change is refused, and saved on purpose after', async () => {
    // Two tabs of the same admin: the second was opened before the first changed the role.
    const stalePage = await adminContext.newPage();
    try {
      await gotoUsers(stalePage);
      await gotoUsers(adminPage);
      const row = userRow(adminPage, created.name);
      await row.getByLabel(`Role of ${created.name}`, { exact: true }).selectOption('editor');
      await row.getByRole('button', { name: `Change role of ${created.name}` }).click();
      await waitForStatus(row, `${created.name} is now an editor.`);

      const staleRow = userRow(stalePage, created.name);
      await staleRow.getByRole('button', { name: `Disable ${created.name}` }).click();
      await alerts(stalePage).filter({ hasText: 'was changed after you opened it' }).waitFor();
      expect(storedUser(created.email)).toMatchObject({ disabled_at: null, version: 3 });
      // The stale page catches up with the change it had not seen.
      await expect.poll(() => staleRow.getByLabel(`Role of ${created.name}`, { exact: true }).inputValue()).toBe('editor');
      await check(stalePage, 'conflict');
      // Now the form carries the current version: a second press is a decision made knowingly.
      await staleRow.getByRole('button', { name: `Disable ${created.name}` }).click();
      await waitForStatus(staleRow, `Disabled ${created.name}; their sessions have ended.`);
      expect(storedUser(created.email)?.disabled_at).not.toBeNull();
    } finally {
      await stalePage.close();
    }
  });

  test('editors and reviewers are told the page is for admins, and see no user data', async () => {
    for (const user of [editor, reviewer2]) {
      const context = await newAppContext(browser, app.baseUrl);
      try {
        const page = await signInAs(context, app.baseUrl, user);
        await page.goto(`${app.baseUrl}/settings/users`);
        await page.getByText('Only admins can manage users.').waitFor();
        expect(await page.getByRole('main').innerText()).not.toContain(admin.email);
        await page.goto(`${app.baseUrl}/settings/organisation`);
        await page.getByText('Only admins can change the organisation settings.').waitFor();
        await page.goto(`${app.baseUrl}/settings`);
        const managed = await page.getByRole('main').innerText();
        expect(managed).toContain('Users — managed by admins.');
        expect(managed).toContain('Organisation — managed by admins.');
        expect(await page.getByRole('link', { name: 'Users', exact: true }).count()).toBe(0);
      } finally {
        await context.close();
      }
    }
  });
});

describe('disabling a signed-in reviewer', () => {
  let reviewerContext: BrowserContext;
  let reviewerPage: Page;

  beforeAll(async () => {
    reviewerContext = await newAppContext(browser, app.baseUrl);
    reviewerPage = await signInAs(reviewerContext, app.baseUrl, reviewer);
  });
  afterAll(async () => {
    await reviewerContext?.close();
  });

  test('ends their access at the very next page load, server action and API call', async () => {
    // The reviewer has a form open when the admin acts.
    await reviewerPage.goto(`${app.baseUrl}/claims/new`);
    await reviewerPage.getByRole('heading', { level: 1, name: 'New claim' }).waitFor();
    expect(await apiMeStatus(reviewerContext)).toBe(200);

    await gotoUsers(adminPage);
    await userRow(adminPage, reviewer.name).getByRole('button', { name: `Disable ${reviewer.name}` }).click();
    await waitForStatus(adminPage, `Disabled ${reviewer.name}; their sessions have ended.`);
    expect(await userRow(adminPage, reviewer.name).innerText()).toMatch(/Disabled\s+since/);
    await check(adminPage, 'disabled');

    // A server action from the page already open: refused before it reads a field, nothing written.
    const claims = countRows('claims');
    await submitWithoutBrowserChecks(reviewerPage.getByRole('button', { name: 'Create claim', exact: true }));
    await alerts(reviewerPage).filter({ hasText: SIGN_IN_TO_CONTINUE }).waitFor();
    expect(countRows('claims')).toBe(claims);
    // The API answers 401 to the same cookie.
    expect(await apiMeStatus(reviewerContext)).toBe(401);
    const session = await reviewerContext.request.get(`${app.baseUrl}/api/auth/session`);
    expect(((await session.json()) as { user?: unknown }).user).toBeUndefined();
    // The next page load goes to sign-in.
    await reviewerPage.goto(`${app.baseUrl}/claims`);
    expect(isSignInUrl(reviewerPage.url())).toBe(true);
    // Signing in again is refused with the same words as a wrong password.
    await reviewerPage.getByLabel('Email', { exact: true }).fill(reviewer.email);
    await reviewerPage.getByLabel('Password', { exact: true }).fill(reviewer.password);
    await reviewerPage.getByRole('button', { name: 'Sign in', exact: true }).click();
    await alerts(reviewerPage).filter({ hasText: INCORRECT }).waitFor();
    expect(isSignInUrl(reviewerPage.url())).toBe(true);
  });

  test('re-enabling lets them sign in and work again', async () => {
    await gotoUsers(adminPage);
    await userRow(adminPage, reviewer.name).getByRole('button', { name: `Re-enable ${reviewer.name}` }).click();
    await waitForStatus(adminPage, `Re-enabled ${reviewer.name}; they can sign in again.`);
    expect(storedUser(reviewer.email)?.disabled_at).toBeNull();

    await signIn(reviewerPage, app.baseUrl, reviewer.email, reviewer.password);
    expect(await apiMeStatus(reviewerContext)).toBe(200);
    await reviewerPage.goto(`${app.baseUrl}/claims`);
    await reviewerPage.getByRole('heading', { level: 1, name: 'Claims' }).waitFor();
  });
});

describe('signing out', () => {
  test('ends the session for good: the old cookie replayed afterwards opens nothing', async () => {
    const context = await newAppContext(browser, app.baseUrl);
    const page = await signInAs(context, app.baseUrl, reviewer2);
    const kept = (await context.cookies()).filter((cookie) => cookie.name.endsWith('session-token'));
    expect(kept).toHaveLength(1);
    const generation = storedUser(reviewer2.email)!.session_generation;

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL((url) => isSignInUrl(url));
    expect(storedUser(reviewer2.email)!.session_generation).toBe(generation + 1);
    await context.close();

    const replay = await ownContext({ cookies: kept });
    try {
      const replayed = await replay.newPage();
      await replayed.goto(`${app.baseUrl}/claims`);
      expect(isSignInUrl(replayed.url())).toBe(true);
      expect(await apiMeStatus(replay)).toBe(401);
      const cookieHeader = `${kept[0]!.name}=${kept[0]!.value}`;
      const me = await fetch(`${app.baseUrl}/api/me`, { headers: { cookie: cookieHeader } });
      expect(me.status).toBe(401);
    } finally {
      await replay.close();
    }
  });
});

describe('without JavaScript', () => {
  test('signing in, a wrong password, and signing out all work as plain form posts', async () => {
    const context = await ownContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${app.baseUrl}/signin?callbackUrl=${encodeURIComponent('/claims')}`);
      // Really no script: Next's inline scripts, which define self.__next_f, never ran.
      expect(await page.evaluate(() => '__next_f' in self)).toBe(false);

      await page.getByLabel('Email', { exact: true }).fill(editor.email);
      await page.getByLabel('Password', { exact: true }).fill('not the password');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await alerts(page).filter({ hasText: INCORRECT }).waitFor();
      expect(isSignInUrl(page.url())).toBe(true);
      expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe(editor.email);
      // axe cannot run where scripts are off; the same form and alert are checked with them on below.
      await screenshot(page, 'users-signin-nojs-error');

      await page.getByLabel('Password', { exact: true }).fill(editor.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Claims' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/claims');
      expect(await page.getByRole('banner').innerText()).toContain(`${editor.name} · editor`);

      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Sign in to Claimbench' }).waitFor();
      await page.goto(`${app.baseUrl}/claims`);
      expect(isSignInUrl(page.url())).toBe(true);
    } finally {
      await context.close();
    }
  });

  test('an admin creates a user and changes their role as plain form posts', async () => {
    const context = await ownContext({ javaScriptEnabled: false });
    const offline = { name: 'Omar Offline', email: 'omar.offline@demo.claimbench.test' };
    try {
      const page = await context.newPage();
      await page.goto(`${app.baseUrl}/signin?callbackUrl=${encodeURIComponent('/settings/users')}`);
      await page.getByLabel('Email', { exact: true }).fill(admin.email);
      await page.getByLabel('Password', { exact: true }).fill(admin.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();

      const form = section(page, 'New user');
      await form.getByLabel('Name', { exact: true }).fill(offline.name);
      await form.getByLabel('Email', { exact: true }).fill(offline.email);
      await form.getByLabel('Initial password', { exact: true }).fill(NEW_PASSWORD);
      await form.getByRole('button', { name: 'Create user', exact: true }).click();
      await waitForStatus(page, `Created ${offline.name} (${offline.email}) as reviewer.`);
      expect(storedUser(offline.email)).toMatchObject({ role: 'reviewer', version: 1 });

      const row = userRow(page, offline.name);
      await row.getByLabel(`Role of ${offline.name}`, { exact: true }).selectOption('editor');
      await row.getByRole('button', { name: `Change role of ${offline.name}` }).click();
      await waitForStatus(userRow(page, offline.name), `${offline.name} is now an editor.`);
      expect(storedUser(offline.email)).toMatchObject({ role: 'editor', version: 2 });
      await screenshot(page, 'users-nojs-role');
    } finally {
      await context.close();
    }
  });
});

describe('organisation settings', () => {
  const southKorea = demoClaim('south-korea-blacklist');

  test('an admin renames the desk and the public verdict page says so', async () => {
    await adminPage.goto(`${app.baseUrl}/settings/organisation`);
    await adminPage.getByRole('heading', { level: 1, name: 'Organisation' }).waitFor();
    const form = section(adminPage, 'Organisation settings');
    expect(await form.getByLabel('Assessments needed to publish', { exact: true }).inputValue()).toBe('2');
    await check(adminPage, 'organisation');

    await form.getByLabel('Assessments needed to publish', { exact: true }).fill('11');
    await submitWithoutBrowserChecks(form.getByRole('button', { name: 'Save settings', exact: true }));
    await alerts(adminPage).filter({ hasText: 'Please fix the highlighted fields.' }).waitFor();
    expect(await fieldError(form.getByLabel('Assessments needed to publish', { exact: true }))).toBe('Enter a whole number from 1 to 10');
    await check(adminPage, 'organisation-error');

    await form.getByLabel('Organisation name', { exact: true }).fill('Seoul Sanctions Desk');
    await form.getByLabel('Assessments needed to publish', { exact: true }).fill('3');
    await form.getByRole('button', { name: 'Save settings', exact: true }).click();
    await waitForStatus(adminPage, 'Organisation settings saved.');

    // The public page, signed out: its eyebrow and its ClaimReview author.
    const response = await fetch(`${app.baseUrl}/verdicts/${claimIdOf(app.dbFile, southKorea.statement)}`);
    const html = await response.text();
    expect(html.replace(/<!-- -->/g, '')).toContain('Seoul Sanctions Desk · Fact-check');
    expect(html).toContain('"author":{"@type":"Organization","name":"Seoul Sanctions Desk"');
  });

  test('the settings page lists both new screens for the admin', async () => {
    await adminPage.goto(`${app.baseUrl}/settings`);
    for (const name of ['Users', 'Organisation', 'API keys', 'Webhooks']) {
      expect(await adminPage.getByRole('main').getByRole('link', { name, exact: true }).count(), name).toBe(1);
    }
    expect(await adminPage.getByRole('heading', { name: 'Managed by others' }).count()).toBe(0);
    await check(adminPage, 'settings');
  });

  test('the users page reads at phone width without sideways scrolling', async () => {
    const context = await newAppContext(browser, app.baseUrl, { viewport: PHONE, phone: true });
    try {
      const page = await signInAs(context, app.baseUrl, admin);
      await gotoUsers(page);
      await screenshot(page, 'users-phone');
      await expectNoSeriousA11yViolations(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    } finally {
      await context.close();
    }
  });
});

describe('guessing passwords', () => {
  test('is slowed, then refused with 429 and Retry-After; the form says how long to wait', async () => {
    const target = demoUser('reviewer', 1);
    const jar = new Map<string, string>();
    const absorb = (response: Response) => {
      for (const line of response.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const at = pair.indexOf('=');
        if (at > 0) jar.set(pair.slice(0, at), pair.slice(at + 1));
      }
    };
    const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = await fetch(`${app.baseUrl}/api/auth/csrf`);
    absorb(csrf);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const attempt = (password: string) =>
      fetch(`${app.baseUrl}/api/auth/callback/credentials`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
        body: new URLSearchParams({ csrfToken, email: target.email, password, json: 'true' }),
      });

    const took: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const started = performance.now();
      const response = await attempt(`guess number ${i}`);
      took.push(performance.now() - started);
      expect(response.status, `guess ${i}`).toBe(401);
      expect(((await response.json()) as { url: string }).url).toContain('error=CredentialsSignin');
    }
    expect(took[7]).toBeGreaterThanOrEqual(1500);

    // The ninth is refused before any password is checked, the right one included.
    const refused = await attempt(target.password);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await refused.json()) as { status: number; detail: string };
    expect(problem.status).toBe(429);
    expect(problem.detail).toMatch(/^Too many sign-in attempts\. Try again in \d+ minutes?\.$/);
    expect(refused.headers.getSetCookie().some((c) => c.includes('session-token'))).toBe(false);

    // The form, with the right password, shows the same refusal and stays on the sign-in page.
    const context = await newAppContext(browser, app.baseUrl);
    try {
      const page = await context.newPage();
      await page.goto(`${app.baseUrl}/signin`);
      await page.getByLabel('Email', { exact: true }).fill(target.email);
      await page.getByLabel('Password', { exact: true }).fill(target.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await alerts(page).filter({ hasText: /Too many sign-in attempts\. Try again in \d+ minutes?\./ }).waitFor();
      expect(isSignInUrl(page.url())).toBe(true);
      await check(page, 'signin-rate-limited');
      // Other accounts are unaffected.
      await signIn(page, app.baseUrl, editor.email, editor.password);
    } finally {
      await context.close();
    }
  });
});

test('every page served had a strict Content-Security-Policy and no password hash', async () => {
  const findings = await responseFindings();
  const own = await Promise.all(ownWatchers.map((watcher) => watcher.settle()));
  expect(findings.documents + own.reduce((n, r) => n + r.documents, 0)).toBeGreaterThan(15);
  expect([...findings.issues, ...own.flatMap((r) => r.issues)]).toEqual([]);
});
