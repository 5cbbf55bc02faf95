import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '@/db/open';
import { verifySignature } from '@/lib/webhooks/signature';
import { createWebhook, enqueueVerdictEvent } from '@/lib/webhooks/webhooks';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver';
import { expectNoSeriousA11yViolations } from './support/axe';
import { alerts, demoUser, launchBrowser, newAppContext, screenshot, section, signInAs, startApp, type RunningApp } from './support/harness';
import { actorByEmail } from '../helpers/actors';

let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let receiver: Receiver;
/** Nothing listens on the discard port, so whatever the worker does, nothing is delivered anywhere. */
const RECEIVER = 'http://127.0.0.1:9/hooks/claimbench';

const webhookRows = () => {
  const db = new Database(app.dbFile, { readonly: true });
  try {
    return db.prepare('SELECT url, secret, events, active FROM webhooks ORDER BY id').all() as {
      url: string;
      secret: string;
      events: string;
      active: number;
    }[];
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  receiver = await startReceiver();
  // The receivers listen on loopback, which webhooks reach only when the operator allows it.
  app = await startApp({ env: { WEBHOOK_ALLOWED_HOSTS: `127.0.0.1:9,${receiver.allowedHost}` } });
  browser = await launchBrowser();
  context = await newAppContext(browser, app.baseUrl);
  page = await signInAs(context, app.baseUrl, demoUser('editor'));
  await page.goto(`${app.baseUrl}/settings/webhooks`);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await app?.stop();
  await receiver?.close();
});

describe('Settings → Webhooks', () => {
  test('an empty registration is refused with each field’s error beside it, writing nothing', async () => {
    await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' }).isVisible()).resolves.toBe(true);
    const form = section(page, 'Register a webhook');
    for (const box of await form.getByRole('checkbox').all()) await box.uncheck();
    await form.getByRole('button', { name: 'Register webhook' }).click();
    await alerts(page).first().waitFor();
    await expect(form.getByText('Enter a URL', { exact: false }).first().isVisible()).resolves.toBe(true);
    await expect(form.getByText('Choose at least one event').first().isVisible()).resolves.toBe(true);
    await expect(form.getByLabel('Receiver URL').getAttribute('aria-invalid')).resolves.toBe('true');
    expect(webhookRows()).toHaveLength(0);
  });

  test('a URL pointing at the app itself is refused, naming the URL field', async () => {
    const form = section(page, 'Register a webhook');
    await form.getByLabel('Receiver URL').fill(`${app.baseUrl}/api/v1/claims`);
    await form.getByRole('button', { name: 'Register webhook' }).click();
    await form.getByText('This address is Claimbench itself', { exact: false }).first().waitFor();
    await expect(form.getByLabel('Receiver URL').inputValue()).resolves.toBe(`${app.baseUrl}/api/v1/claims`);
    expect(webhookRows()).toHaveLength(0);
  });

  test('registering shows the secret once, then lists the webhook without it', async () => {
    const form = section(page, 'Register a webhook');
    await form.getByLabel('Receiver URL').fill(RECEIVER);
    // The earlier failed attempts echoed no events back: choose them again.
    await form.getByRole('checkbox', { name: /Verdict published/ }).check();
    await form.getByRole('checkbox', { name: /Verdict corrected/ }).check();
    await form.getByRole('checkbox', { name: /Verdict retracted/ }).uncheck();
    await form.getByRole('button', { name: 'Register webhook' }).click();
    const notice = page.getByRole('status').filter({ hasText: 'Copy this secret now; it will not be shown again.' });
    await notice.waitFor();
    const secret = await notice.getByLabel('Signing secret').inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const [row] = webhookRows();
    expect(row).toMatchObject({ url: RECEIVER, secret, active: 1 });
    expect(JSON.parse(row!.events)).toEqual(['verdict.published', 'verdict.corrected']);

    const table = section(page, 'Registered webhooks');
    await table.getByRole('cell', { name: RECEIVER, exact: true }).waitFor();
    await expect(table.getByText('Active', { exact: true }).isVisible()).resolves.toBe(true);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'webhooks-registered');

    await page.reload();
    await section(page, 'Registered webhooks').getByRole('cell', { name: RECEIVER, exact: true }).waitFor();
    await expect(page.content()).resolves.not.toContain(secret);
  });

  test('the delivery log shows queued deliveries, and the signature section shows the snippet', async () => {
    const db = openDatabase(app.dbFile, { migrate: false });
    try {
      db.transaction((tx) => enqueueVerdictEvent(tx, 'verdict.published', { claim_id: 1, version: 1 }));
    } finally {
      db.$client.close();
    }
    await page.reload();
    const log = section(page, 'Delivery log');
    await log.getByRole('cell', { name: 'verdict.published' }).waitFor();
    await expect(log.getByRole('cell', { name: RECEIVER, exact: true }).count()).resolves.toBe(1);
    const snippet = section(page, 'Verifying signatures');
    await expect(snippet.locator('pre code').textContent()).resolves.toContain('timingSafeEqual');
    await expectNoSeriousA11yViolations(page);
  });

  test('deactivating stops the webhook', async () => {
    const table = section(page, 'Registered webhooks');
    await table.getByRole('button', { name: `Deactivate webhook ${RECEIVER}` }).click();
    await table.getByText('Inactive', { exact: true }).waitFor();
    expect(webhookRows()[0]?.active).toBe(0);
    await expect(table.getByRole('button', { name: /Deactivate/ }).count()).resolves.toBe(0);
  });

  test('the running server delivers a queued event, signed with the secret shown once', async () => {
    {
      const form = section(page, 'Register a webhook');
      await form.getByLabel('Receiver URL').fill(receiver.url);
      await form.getByRole('button', { name: 'Register webhook' }).click();
      const notice = page.getByRole('status').filter({ hasText: receiver.url });
      await notice.waitFor();
      const secret = await notice.getByLabel('Signing secret').inputValue();

      const db = openDatabase(app.dbFile, { migrate: false });
      try {
        db.transaction((tx) => enqueueVerdictEvent(tx, 'verdict.corrected', { claim_id: 2, version: 2 }));
      } finally {
        db.$client.close();
      }
      // The worker started with the server (lib/startup.ts) looks for due deliveries every few seconds.
      for (let i = 0; i < 100 && receiver.received.length === 0; i += 1) await new Promise((r) => setTimeout(r, 200));
      expect(receiver.received).toHaveLength(1);
      const [request] = receiver.received;
      expect(request?.headers['claimbench-event']).toBe('verdict.corrected');
      expect(verifySignature(secret, request?.headers['claimbench-signature'] as string, request?.body ?? '')).toBe(true);

      await page.reload();
      const log = section(page, 'Delivery log');
      const row = log.getByRole('row').filter({ hasText: receiver.url });
      await row.getByText('delivered', { exact: true }).waitFor();
      await expect(row.getByRole('cell', { name: '204', exact: true }).count()).resolves.toBe(1);
    }
  });

  test('an address in the server’s own network is refused when saved, naming the URL field', async () => {
    const form = section(page, 'Register a webhook');
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://0x7f.1:8080/', 'http://[::ffff:127.0.0.1]/']) {
      const before = webhookRows().length;
      await form.getByLabel('Receiver URL').fill(url);
      await form.getByRole('checkbox', { name: /Verdict published/ }).check();
      await form.getByRole('button', { name: 'Register webhook' }).click();
      await form.getByText(/webhooks may only go to public addresses/).first().waitFor();
      await expect(form.getByLabel('Receiver URL').getAttribute('aria-invalid')).resolves.toBe('true');
      expect(webhookRows()).toHaveLength(before);
    }
  });

  test('a name resolving to loopback is refused at delivery, once, with the reason in the log', async () => {
    const url = `http://localhost:${receiver.port}/hooks/claimbench`;
    // Registered as the form would (a name passes; names are judged at delivery), by the demo editor.
    const db = openDatabase(app.dbFile, { migrate: false });
    try {
      const editor = actorByEmail(db, demoUser('editor').email);
      createWebhook(db, editor, { url, events: ['verdict.retracted'] });
      db.transaction((tx) => enqueueVerdictEvent(tx, 'verdict.retracted', { claim_id: 3, version: 2 }));
    } finally {
      db.$client.close();
    }
    const refused = () => {
      const file = new Database(app.dbFile, { readonly: true });
      try {
        return file
          .prepare("SELECT d.status, d.attempts, d.last_error FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE w.url = ?")
          .get(url) as { status: string; attempts: number; last_error: string | null } | undefined;
      } finally {
        file.close();
      }
    };
    for (let i = 0; i < 100 && refused()?.status !== 'failed'; i += 1) await new Promise((r) => setTimeout(r, 200));
    expect(refused()).toMatchObject({ status: 'failed', attempts: 1, last_error: expect.stringMatching(/^Refused: address (127\.0\.0\.1|::1) is loopback/) });
    expect(receiver.received.filter((request) => request.headers.host?.startsWith('localhost'))).toEqual([]);

    await page.reload();
    const row = section(page, 'Delivery log').getByRole('row').filter({ hasText: url });
    await row.getByText(/Refused: address (127\.0\.0\.1|::1) is loopback/).waitFor();
  });

  test('reviewers are told only editors can manage webhooks', async () => {
    const reviewerContext = await newAppContext(browser, app.baseUrl);
    try {
      const reviewerPage = await signInAs(reviewerContext, app.baseUrl, demoUser('reviewer'));
      await reviewerPage.goto(`${app.baseUrl}/settings/webhooks`);
      await reviewerPage.getByText('Only editors can manage webhooks.').waitFor();
      await expect(reviewerPage.getByRole('button', { name: 'Register webhook' }).count()).resolves.toBe(0);
    } finally {
      await reviewerContext.close();
    }
  });
});
