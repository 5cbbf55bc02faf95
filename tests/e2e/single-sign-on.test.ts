import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/axe';
import { alerts, demoUser, isSignInUrl, launchBrowser, startApp, type RunningApp } from './support/harness';
import { openTestProvider, type TestAccount, type TestProvider } from './support/oidc-provider';

/**
 * Single sign-on against a real OpenID provider (panva's oidc-provider on a loopback port, see
 * support/oidc-provider.ts), driven in Chromium: the sign-in page's button, the provider's login
 * and consent, the callback, and the desk — or the refusal that says why. One host name, 127.0.0.1,
 * throughout: the state and PKCE cookies are the app's, and the provider redirects back to it.
 */

const NAME = 'Newsroom ID';
const DOMAIN = 'newsroom.test';
const editor = demoUser('editor');

const account = (sub: string, email: string, name: string, emailVerified = true): TestAccount => ({ sub, email, name, emailVerified, password: `${sub}-provider-pass` });
const ACCOUNTS = {
  editor: account('sub-editor', editor.email, 'The editor at the provider'),
  newcomer: account('sub-newcomer', `nadia@${DOMAIN}`, 'Nadia Newcomer'),
  unverified: account('sub-unverified', `uma@${DOMAIN}`, 'Uma Unverified', false),
  outsider: account('sub-outsider', 'otto@elsewhere.test', 'Otto Outsider'),
  disabled: account('sub-disabled', `gone@${DOMAIN}`, 'Gwen Gone'),
  traveller: account('sub-traveller', `tess@${DOMAIN}`, 'Tess Traveller'),
} as const;

let provider: TestProvider;
/** Configured with the provider's exact issuer. */
let app: RunningApp;
/** A provider whose issuer ends in a slash … */
let slashProvider: TestProvider;
/** … and an app configured with it without the slash (and with password sign-in off). */
let mismatchApp: RunningApp;
let browser: Browser;
const contexts: BrowserContext[] = [];

function ssoEnv(issuer: string, p: TestProvider, extra: Record<string, string> = {}): Record<string, string> {
  return { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: p.clientId, OIDC_CLIENT_SECRET: p.clientSecret, OIDC_NAME: NAME, OIDC_ALLOWED_DOMAINS: DOMAIN, ...extra };
}

beforeAll(async () => {
  [provider, slashProvider] = await Promise.all([openTestProvider(), openTestProvider({ trailingSlash: true })]);
  [app, mismatchApp] = await Promise.all([
    startApp({ env: ssoEnv(provider.issuer, provider) }),
    startApp({ env: ssoEnv(slashProvider.origin, slashProvider, { PASSWORD_SIGNIN: '0' }) }),
  ]);
  provider.serve({ accounts: Object.values(ACCOUNTS), redirectUri: `${app.baseUrl}/api/auth/callback/oidc` });
  slashProvider.serve({ accounts: Object.values(ACCOUNTS), redirectUri: `${mismatchApp.baseUrl}/api/auth/callback/oidc` });
  // A Claimbench account that an admin disabled; the provider still knows the person.
  const db = new Database(app.dbFile);
  try {
    db.prepare("INSERT INTO users (email, name, role, password_hash, disabled_at) VALUES (?, 'Gwen Gone', 'editor', '!sign-on', ?)").run(ACCOUNTS.disabled.email, new Date().toISOString());
  } finally {
    db.close();
  }
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([app?.stop(), mismatchApp?.stop()]);
  await Promise.all([provider?.stop(), slashProvider?.stop()]);
});

/** A browser context that reaches the app and the provider only, with or without JavaScript. */
async function newContext(target: RunningApp, idp: TestProvider, javaScriptEnabled = true): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled });
  // The machine is shared: generous, so a slow moment is not a failure.
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(30_000);
  const allowed = new Set([new URL(target.baseUrl).origin, idp.origin]);
  await context.route((url) => !allowed.has(url.origin), (route) => route.abort('blockedbyclient'));
  contexts.push(context);
  return context;
}

/** From the sign-in page through the provider's login and consent, until the browser is back at the app. */
async function signOn(page: Page, target: RunningApp, idp: TestProvider, who: TestAccount): Promise<void> {
  await page.goto(`${target.baseUrl}/signin`);
  await page.getByRole('button', { name: `Sign in with ${NAME}` }).click();
  await page.waitForURL((url) => url.origin === idp.origin);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in to the provider' }).click();
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.waitForURL((url) => url.origin === new URL(target.baseUrl).origin && !url.pathname.startsWith('/api/auth/'));
}

function query<T>(target: RunningApp, sql: string, ...params: unknown[]): T[] {
  const db = new Database(target.dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** The signed-in person's name and role as the header shows them (the visible account link). */
const accountName = (page: Page) => page.getByRole('banner').getByRole('link', { name: / · (reviewer|editor|admin)$/ }).textContent();
const usersWithEmail = (target: RunningApp, email: string) => query<{ id: number; role: string }>(target, 'SELECT id, role FROM users WHERE email = ?', email);
const eventsOf = (target: RunningApp, email: string) =>
  query<{ kind: string; method: string | null; detail: string | null }>(target, 'SELECT kind, method, detail FROM security_events WHERE email = ? ORDER BY id', email);

async function expectRefused(page: Page, target: RunningApp, words: RegExp): Promise<void> {
  expect(isSignInUrl(page.url())).toBe(true);
  await expect.poll(async () => (await alerts(page).allTextContents()).join(' ')).toMatch(words);
  // Not signed in.
  const session = await page.context().request.get(`${target.baseUrl}/api/auth/session`);
  expect(await session.json()).toEqual({});
}

describe('single sign-on with a real OpenID provider', () => {
  test('the sign-in page shows the provider’s button above the password form, and passes axe', async () => {
    const page = await (await newContext(app, provider)).newPage();
    await page.goto(`${app.baseUrl}/signin`);
    const button = page.getByRole('button', { name: `Sign in with ${NAME}` });
    const password = page.getByLabel('Password', { exact: true });
    const [buttonBox, passwordBox] = await Promise.all([button.boundingBox(), password.boundingBox()]);
    expect(buttonBox!.y).toBeLessThan(passwordBox!.y);
    await expectNoSeriousA11yViolations(page);
  });

  test('without JavaScript: redirect, provider login, consent, callback, the desk as the existing user with their role', async () => {
    const context = await newContext(app, provider, false);
    const page = await context.newPage();
    await signOn(page, app, provider, ACCOUNTS.editor);
    expect(new URL(page.url()).pathname).toBe('/');
    await expect.poll(() => accountName(page)).toBe(`${editor.name} · editor`);
    expect(eventsOf(app, editor.email).at(-1)).toEqual({ kind: 'sign_in', method: 'oidc', detail: null });
    // Signing out of Claimbench ends the session.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => isSignInUrl(url));
    await page.goto(`${app.baseUrl}/claims`);
    expect(isSignInUrl(page.url())).toBe(true);
    expect(eventsOf(app, editor.email).at(-1)?.kind).toBe('sign_out');
  });

  test('a new person in an allowed domain gets an account with the default role, audited as made by sign-on', async () => {
    const page = await (await newContext(app, provider)).newPage();
    expect(usersWithEmail(app, ACCOUNTS.newcomer.email)).toEqual([]);
    await signOn(page, app, provider, ACCOUNTS.newcomer);
    await expect.poll(() => accountName(page)).toBe('Nadia Newcomer · reviewer');
    const [user] = usersWithEmail(app, ACCOUNTS.newcomer.email);
    expect(user?.role).toBe('reviewer');
    const audit = query<{ action: string; actor: number | null; via: string }>(
      app,
      "SELECT action, actor_user_id AS actor, json_extract(after, '$.via') AS via FROM audit_events WHERE entity_type = 'user' AND entity_id = ?",
      user!.id,
    );
    expect(audit).toEqual([{ action: 'user.create', actor: null, via: 'sign_on' }]);
    expect(eventsOf(app, ACCOUNTS.newcomer.email).map((event) => event.kind)).toEqual(['sign_on_account_created', 'sign_in']);
  });

  test.each([
    ['an unverified email', ACCOUNTS.unverified, /did not confirm that your email address is verified/, 'unverified_email'],
    ['an email in a domain not allowed', ACCOUNTS.outsider, /not in a domain this desk accepts/, 'domain_not_allowed'],
    ['a disabled Claimbench user', ACCOUNTS.disabled, /your Claimbench account is disabled/, 'disabled'],
  ])('%s is refused with a page that says why, and nothing is created', async (_label, who, words, detail) => {
    const before = usersWithEmail(app, who.email);
    const page = await (await newContext(app, provider)).newPage();
    await signOn(page, app, provider, who);
    await expectRefused(page, app, words);
    expect(usersWithEmail(app, who.email)).toEqual(before);
    expect(eventsOf(app, who.email).at(-1)).toEqual({ kind: 'sign_in_failed', method: 'oidc', detail });
  });

  test('the callback opened in another browser (no state cookie) is refused with a clear page', async () => {
    const page = await (await newContext(app, provider)).newPage();
    // The provider's redirect back to the app, as this browser followed it.
    let callback: string | undefined;
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/auth/callback/oidc') callback ??= request.url();
    });
    await signOn(page, app, provider, ACCOUNTS.traveller);
    expect(callback).toMatch(/[?&]code=.*&state=|[?&]state=.*&code=/);
    const other = await (await newContext(app, provider)).newPage();
    await other.goto(callback!);
    await expectRefused(other, app, /could not be completed: it was started in another browser or tab/);
  });
});

describe('an issuer that differs from the configured one, password sign-in off, a provider out of reach', () => {
  test('the password form is gone and next-auth’s credentials endpoint refuses', async () => {
    const context = await newContext(mismatchApp, slashProvider);
    const page = await context.newPage();
    await page.goto(`${mismatchApp.baseUrl}/signin`);
    await expect.poll(() => page.getByRole('button', { name: `Sign in with ${NAME}` }).count()).toBe(1);
    expect(await page.getByLabel('Password', { exact: true }).count()).toBe(0);
    const { csrfToken } = (await (await context.request.get(`${mismatchApp.baseUrl}/api/auth/csrf`)).json()) as { csrfToken: string };
    const refused = await context.request.post(`${mismatchApp.baseUrl}/api/auth/callback/credentials`, {
      form: { csrfToken, email: editor.email, password: editor.password },
      maxRedirects: 0,
    });
    expect(refused.status()).toBe(302);
    expect(refused.headers().location).toContain('error=PasswordSignInOff');
    expect(await (await context.request.get(`${mismatchApp.baseUrl}/api/auth/session`)).json()).toEqual({});
  });

  test('an ID token from an issuer that is not exactly the configured one is refused', async () => {
    expect(slashProvider.issuer).toBe(`${slashProvider.origin}/`);
    const page = await (await newContext(mismatchApp, slashProvider)).newPage();
    await signOn(page, mismatchApp, slashProvider, ACCOUNTS.editor);
    await expectRefused(page, mismatchApp, /not the one this desk is set up to trust/);
    expect(eventsOf(mismatchApp, editor.email).at(-1)).toEqual({ kind: 'sign_in_failed', method: 'oidc', detail: 'issuer_mismatch' });
  });

  test('a provider that cannot be reached gets a page that says so', async () => {
    await slashProvider.stop();
    const page = await (await newContext(mismatchApp, slashProvider)).newPage();
    await page.goto(`${mismatchApp.baseUrl}/signin`);
    const started = Date.now();
    await page.getByRole('button', { name: `Sign in with ${NAME}` }).click();
    await page.waitForURL((url) => isSignInUrl(url) && url.searchParams.has('error'));
    await expectRefused(page, mismatchApp, new RegExp(`${NAME} could not be reached`));
    expect(Date.now() - started).toBeLessThan(15_000);
    await expectNoSeriousA11yViolations(page);
  });
});
