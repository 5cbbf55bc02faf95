import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { insertUser } from '@/db/queries/users';
import { auditEvents, webhookDeliveries, webhooks } from '@/db/schema';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/permissions';
import { pointsAtThisApp } from '@/lib/validation/webhook';
import {
  createWebhook,
  deactivateWebhook,
  enqueueVerdictEvent,
  listDeliveryLog,
  listWebhooks,
  VERDICT_WEBHOOK_EVENTS,
  verdictEventData,
} from '@/lib/webhooks/webhooks';
import { createTestDb } from '../helpers/test-db';
import { userActor } from '../helpers/actors';

let db: Db;
let cleanup: () => void;
let editor: Actor;
let reviewer: Actor;
const ALL = ['verdict.published', 'verdict.corrected', 'verdict.retracted'];

function actor(role: 'reviewer' | 'editor', email: string): Actor {
  const row = insertUser(db, { email, name: `${role} person`, role, passwordHash: 'scrypt$test-only' });
  return userActor(row);
}

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

const count = (table: 'webhooks' | 'webhook_deliveries' | 'audit_events') =>
  (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

beforeEach(() => {
  ({ db, cleanup } = createTestDb());
  editor = actor('editor', 'editor@example.org');
  reviewer = actor('reviewer', 'reviewer@example.org');
});
afterEach(() => cleanup());

describe('createWebhook', () => {
  it('returns a whsec_ secret once; lists and audit events never include it', () => {
    const { webhook, secret } = createWebhook(db, editor, { url: ' https://cms.example.org/hooks ', events: ['verdict.published'] });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.slice(6), 'base64url')).toHaveLength(32);
    expect(webhook).toMatchObject({ url: 'https://cms.example.org/hooks', events: ['verdict.published'], active: true, createdBy: editor.id });
    expect(webhook).not.toHaveProperty('secret');
    // Stored, because signing needs it.
    expect(db.select().from(webhooks).where(eq(webhooks.id, webhook.id)).get()?.secret).toBe(secret);

    const listed = listWebhooks(db, editor);
    expect(listed).toHaveLength(1);
    expect(listed[0]).not.toHaveProperty('secret');
    expect(JSON.stringify(listed)).not.toContain(secret);

    const audit = db.$client.prepare("SELECT action, actor_user_id AS actor, before, after FROM audit_events WHERE entity_type = 'webhook'").all() as {
      action: string;
      actor: number;
      before: string | null;
      after: string;
    }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'webhook.create', actor: editor.id, before: null });
    expect(JSON.parse(audit[0]!.after)).toMatchObject({ id: webhook.id, url: webhook.url });
    expect(audit[0]!.after).not.toContain(secret);
    expect(audit[0]!.after).not.toContain('whsec_');
  });

  it('gives every webhook its own secret and keeps events in canonical order without duplicates', () => {
    const a = createWebhook(db, editor, { url: 'https://a.example.org/', events: 'verdict.retracted,verdict.published,verdict.retracted' });
    const b = createWebhook(db, editor, { url: 'https://b.example.org/', events: ALL });
    expect(a.secret).not.toBe(b.secret);
    expect(a.webhook.events).toEqual(['verdict.published', 'verdict.retracted']);
  });

  it('refuses a URL that is not http(s) or that points at this app, naming url, writing nothing', () => {
    const { PUBLIC_URL, PORT } = getEnv();
    const own = new URL(PUBLIC_URL);
    const bad = [
      'ftp://cms.example.org/hooks',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'not a url',
      '',
      `${PUBLIC_URL}/api/v1/claims`,
      `${own.protocol}//${own.host.toUpperCase()}/`,
      `http://127.0.0.1:${PORT}/api/v1/claims`,
      `http://[::1]:${PORT}/`,
      `http://localhost.:${PORT}/`,
    ];
    const before = [count('webhooks'), count('audit_events')];
    for (const url of bad) {
      const error = refusal(() => createWebhook(db, editor, { url, events: ALL }));
      expect(error.code, url).toBe('bad_request');
      expect(Object.keys(error.fieldErrors), url).toEqual(['url']);
    }
    expect([count('webhooks'), count('audit_events')]).toEqual(before);
  });

  it('refuses no events or an unknown event, naming events', () => {
    for (const events of [[], '', undefined, ['verdict.deleted'], 'verdict.published,claim.created']) {
      const error = refusal(() => createWebhook(db, editor, { url: 'https://cms.example.org/', events }));
      expect(Object.keys(error.fieldErrors)).toEqual(['events']);
    }
    expect(count('webhooks')).toBe(0);
  });

  it('refuses an address in the server’s own network written in any notation, naming url, writing nothing', () => {
    const before = [count('webhooks'), count('audit_events')];
    for (const [url, reason] of [
      ['http://127.0.0.1:9911/hook', 'address 127.0.0.1 is loopback'],
      ['http://2130706433:9911/', 'address 127.0.0.1 is loopback'],
      ['http://0177.0.0.1/', 'address 127.0.0.1 is loopback'],
      ['http://0x7f.1/', 'address 127.0.0.1 is loopback'],
      ['http://[::ffff:127.0.0.1]/', 'address ::ffff:7f00:1 is loopback'],
      ['http://10.1.2.3/cms/hooks', 'address 10.1.2.3 is private'],
      ['http://192.168.0.10:8080/', 'address 192.168.0.10 is private'],
      ['http://169.254.169.254/latest/meta-data/', 'address 169.254.169.254 is link-local'],
      ['http://[fd00::5]/', 'address fd00::5 is unique-local'],
    ] as const) {
      const error = refusal(() => createWebhook(db, editor, { url, events: ALL }));
      expect(error.code, url).toBe('bad_request');
      expect(Object.keys(error.fieldErrors), url).toEqual(['url']);
      expect(error.fieldErrors.url?.join(' '), url).toContain(reason);
    }
    expect([count('webhooks'), count('audit_events')]).toEqual(before);
  });

  it('accepts host names (checked at each delivery) and public addresses', () => {
    for (const url of ['http://cms.internal/', 'https://cms.example.org/hooks', 'http://93.184.216.34:8080/']) {
      expect(createWebhook(db, editor, { url, events: ALL }).webhook.url).toBe(url);
    }
  });

  it('refuses reviewers and anonymous callers, writing nothing', () => {
    const error = refusal(() => createWebhook(db, reviewer, { url: 'https://cms.example.org/', events: ALL }));
    expect(error.code).toBe('forbidden');
    expect(refusal(() => listWebhooks(db, reviewer)).code).toBe('forbidden');
    expect(refusal(() => listDeliveryLog(db, reviewer)).code).toBe('forbidden');
    const { webhook } = createWebhook(db, editor, { url: 'https://cms.example.org/', events: ALL });
    expect(refusal(() => deactivateWebhook(db, reviewer, { webhookId: webhook.id })).code).toBe('forbidden');
    expect(refusal(() => createWebhook(db, null as unknown as Actor, { url: 'https://x.example.org/', events: ALL })).code).toBe('unauthorized');
    expect(count('webhooks')).toBe(1);
    expect(listWebhooks(db, editor)[0]?.active).toBe(true);
  });
});

describe('pointsAtThisApp', () => {
  const app = { publicUrl: 'https://claims.example.org', port: 3000 };
  it.each([
    ['https://claims.example.org/api', true],
    ['https://CLAIMS.example.org.:443/', true],
    ['http://claims.example.org:443/', true],
    ['http://127.0.0.1:3000/', true],
    ['http://2130706433:3000/', true],
    ['http://[::ffff:127.0.0.1]:3000/', true],
    ['http://claims.example.org/', false],
    ['https://cms.example.org/', false],
    ['http://127.0.0.1:3001/', false],
  ])('%s → %s', (url, expected) => {
    expect(pointsAtThisApp(url, app)).toBe(expected);
  });

  it('treats a loopback PUBLIC_URL as any loopback name at that port', () => {
    expect(pointsAtThisApp('http://127.0.0.1:4000/', { publicUrl: 'http://localhost:4000', port: 3000 })).toBe(true);
  });
});

describe('deactivateWebhook', () => {
  it('stops the webhook, abandons its queued deliveries and audits before and after', () => {
    const { webhook, secret } = createWebhook(db, editor, { url: 'https://cms.example.org/', events: ALL });
    db.transaction((tx) => enqueueVerdictEvent(tx, 'verdict.published', { claim_id: 1 }));
    const after = deactivateWebhook(db, editor, { webhookId: String(webhook.id) });
    expect(after).toMatchObject({ id: webhook.id, active: false, version: 2 });
    const delivery = db.select().from(webhookDeliveries).get();
    expect(delivery).toMatchObject({ status: 'failed', lastError: 'Webhook deactivated before delivery' });
    const event = db.select().from(auditEvents).where(eq(auditEvents.action, 'webhook.deactivate')).get();
    expect(event).toMatchObject({ actorUserId: editor.id, entityId: webhook.id });
    expect(event?.before).toMatchObject({ active: true });
    expect(event?.after).toMatchObject({ active: false, abandonedDeliveries: 1 });
    expect(JSON.stringify(event)).not.toContain(secret);

    expect(refusal(() => deactivateWebhook(db, editor, { webhookId: webhook.id })).code).toBe('conflict');
    expect(refusal(() => deactivateWebhook(db, editor, { webhookId: 9999 })).code).toBe('not_found');
    expect(Object.keys(refusal(() => deactivateWebhook(db, editor, { webhookId: 'x' })).fieldErrors)).toEqual(['webhookId']);
  });
});

describe('enqueueVerdictEvent (the transactional outbox)', () => {
  it('queues one pending delivery per active webhook subscribed to the event', () => {
    const published = createWebhook(db, editor, { url: 'https://a.example.org/', events: ['verdict.published'] }).webhook;
    const all = createWebhook(db, editor, { url: 'https://b.example.org/', events: ALL }).webhook;
    createWebhook(db, editor, { url: 'https://c.example.org/', events: ['verdict.retracted'] });
    const stopped = createWebhook(db, editor, { url: 'https://d.example.org/', events: ALL }).webhook;
    deactivateWebhook(db, editor, { webhookId: stopped.id });

    const occurred = new Date('2024-12-19T09:41:07.512Z');
    const data = { claim_id: 42, version: 1 };
    expect(db.transaction((tx) => enqueueVerdictEvent(tx, 'verdict.published', data, occurred))).toBe(2);
    const rows = db.select().from(webhookDeliveries).all();
    expect(rows.map((r) => r.webhookId).sort()).toEqual([published.id, all.id].sort());
    const payloads = rows.map((r) => JSON.parse(r.payload) as Record<string, unknown>);
    for (const [i, row] of rows.entries()) {
      expect(row).toMatchObject({ event: 'verdict.published', status: 'pending', attempts: 0, nextAttemptAt: occurred.toISOString() });
      expect(payloads[i]).toEqual({ id: expect.stringMatching(/^dlv_[0-9a-f-]{36}$/), event: 'verdict.published', occurred_at: occurred.toISOString(), data });
    }
    expect(payloads[0]!.id).not.toBe(payloads[1]!.id);
    expect(listDeliveryLog(db, editor).map((d) => d.url).sort()).toEqual(['https://a.example.org/', 'https://b.example.org/']);
  });

  it('leaves no delivery when the transaction it joined rolls back', () => {
    createWebhook(db, editor, { url: 'https://cms.example.org/', events: ALL });
    expect(() =>
      db.transaction((tx) => {
        expect(enqueueVerdictEvent(tx, 'verdict.corrected', { claim_id: 1 })).toBe(1);
        throw new Error('the verdict insert failed after the enqueue');
      }),
    ).toThrow('the verdict insert failed');
    expect(count('webhook_deliveries')).toBe(0);
  });

  it('describes a verdict version for the CMS, with its public page', () => {
    const verdict = {
      claimId: 42,
      versionNumber: 2,
      kind: 'correction' as const,
      label: 'mostly_inaccurate' as const,
      headline: 'An estimate, not a count',
      articleUrl: 'https://news.example.org/fc/1',
      note: 'Date corrected.',
      publishedAt: '2024-12-19T09:41:07.498Z',
    };
    expect(VERDICT_WEBHOOK_EVENTS[verdict.kind]).toBe('verdict.corrected');
    expect(verdictEventData(verdict)).toEqual({
      claim_id: 42,
      version: 2,
      kind: 'correction',
      label: 'mostly_inaccurate',
      headline: 'An estimate, not a count',
      article_url: 'https://news.example.org/fc/1',
      public_url: `${getEnv().PUBLIC_URL}/verdicts/42`,
      note: 'Date corrected.',
      published_at: '2024-12-19T09:41:07.498Z',
    });
  });
});
