import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from '@/db/open';
import { insertUser } from '@/db/queries/users';
import { claimDueDeliveries } from '@/db/queries/webhooks';
import { webhookDeliveries, webhooks } from '@/db/schema';
import type { Actor } from '@/lib/auth/permissions';
import { deliverDue, MAX_ATTEMPTS, MAX_DELAY_MS, retryDelayMs, startWebhookWorker } from '@/lib/webhooks/delivery';
import { verifySignature } from '@/lib/webhooks/signature';
import { createWebhook, deactivateWebhook, enqueueVerdictEvent } from '@/lib/webhooks/webhooks';
import { createTestDb } from '../helpers/test-db';
import { startReceiver, type Receiver, type ReceivedRequest } from '../helpers/webhook-receiver';

// The receiver listens on 127.0.0.1, which webhooks may reach only when the operator allows it:
// this file is such an operator (before anything reads the environment).
vi.hoisted(() => {
  process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';
});

let db: Db;
let file: string;
let cleanup: () => void;
let editor: Actor;
let receiver: Receiver;
const extraConnections: Db[] = [];
const half = () => 0.5; // no jitter: delays are exactly 30 s × 2^(n−1)

beforeEach(async () => {
  ({ db, file, cleanup } = createTestDb());
  editor = { kind: 'user', ...insertUser(db, { email: 'editor@example.org', name: 'Ed', role: 'editor', passwordHash: 'x' }) };
  receiver = await startReceiver();
});
afterEach(async () => {
  await receiver.close();
  for (const extra of extraConnections.splice(0)) extra.$client.close();
  cleanup();
});

function register(url = receiver.url) {
  return createWebhook(db, editor, { url, events: ['verdict.published', 'verdict.corrected'] });
}

function enqueue(target: Db = db, data: object = { claim_id: 7, version: 1 }) {
  return target.transaction((tx) => enqueueVerdictEvent(tx, 'verdict.published', data));
}

const deliveries = (target: Db = db) => target.select().from(webhookDeliveries).orderBy(webhookDeliveries.id).all();
const later = (from: Date, ms: number) => new Date(from.getTime() + ms);

/** Answers 401 unless the signature verifies against `secret` at `nowSeconds`. */
function verifying(secret: string, answer: number, nowSeconds?: number) {
  return (req: ReceivedRequest, res: import('node:http').ServerResponse) => {
    const valid = verifySignature(secret, req.headers['claimbench-signature'] as string, req.body, 300, nowSeconds);
    res.writeHead(valid ? answer : 401).end(valid ? 'ok' : 'bad signature');
  };
}

describe('deliverDue', () => {
  it('POSTs the stored body to a real receiver with headers that verify there, and marks it delivered', async () => {
    const { secret } = register();
    receiver.setHandler(verifying(secret, 200));
    enqueue();
    expect(await deliverDue(db)).toBe(1);

    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received as [ReceivedRequest];
    const [row] = deliveries() as [typeof webhookDeliveries.$inferSelect];
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/hooks/claimbench');
    expect(request.body).toBe(row.payload);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['claimbench-event']).toBe('verdict.published');
    expect(request.headers['claimbench-delivery']).toBe((JSON.parse(row.payload) as { id: string }).id);
    expect(request.headers['claimbench-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(row).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200, lastError: null });
    expect(row.deliveredAt).not.toBeNull();

    expect(await deliverDue(db)).toBe(0);
    expect(receiver.received).toHaveLength(1);
  });

  it('retries a 500 later with exponential backoff, then succeeds', async () => {
    register();
    receiver.setHandler((_, res) => res.writeHead(500).end('database is down\n  try later'));
    enqueue();
    const start = new Date();
    expect(await deliverDue(db, { now: start })).toBe(1);
    let [row] = deliveries() as [typeof webhookDeliveries.$inferSelect];
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500, lastError: expect.stringMatching(/^HTTP 500 after \d+ ms$/) });
    // The response body is not kept anywhere: the log is no window on what the URL reaches.
    expect(JSON.stringify(deliveries())).not.toContain('database is down');
    const wait = Date.parse(row.nextAttemptAt) - start.getTime();
    expect(wait).toBeGreaterThanOrEqual(24_000);
    expect(wait).toBeLessThanOrEqual(36_000);

    expect(await deliverDue(db, { now: later(start, 20_000) })).toBe(0);
    expect(receiver.received).toHaveLength(1);

    receiver.setHandler((_, res) => res.writeHead(202).end());
    expect(await deliverDue(db, { now: new Date(row.nextAttemptAt) })).toBe(1);
    [row] = deliveries() as [typeof webhookDeliveries.$inferSelect];
    expect(row).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 202, lastError: null, deliveredAt: row.nextAttemptAt });
    // The same delivery id both times, so the receiver can dedupe.
    expect(new Set(receiver.received.map((r) => r.headers['claimbench-delivery'])).size).toBe(1);
  });

  it('doubles the wait after each failure and gives up after the last attempt', async () => {
    const { secret } = register();
    enqueue();
    let now = new Date();
    const waits: number[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      receiver.setHandler(verifying(secret, 503, Math.floor(now.getTime() / 1000)));
      expect(await deliverDue(db, { now, random: half })).toBe(1);
      const row = deliveries()[0]!;
      expect(row.attempts).toBe(attempt);
      expect(row.lastStatusCode).toBe(503); // the signature verified: a bad one is answered 401
      if (attempt < MAX_ATTEMPTS) {
        expect(row.status).toBe('pending');
        waits.push(Date.parse(row.nextAttemptAt) - now.getTime());
        now = new Date(row.nextAttemptAt);
      } else {
        expect(row.status).toBe('failed');
        expect(row.lastError).toContain(`gave up after ${MAX_ATTEMPTS} attempts`);
      }
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256].map((n) => n * 30_000));
    expect(await deliverDue(db, { now: later(now, 24 * 3600_000) })).toBe(0);
    expect(receiver.received).toHaveLength(MAX_ATTEMPTS);
  });

  it('records a timeout when the receiver never answers', async () => {
    register();
    receiver.setHandler(() => undefined);
    enqueue();
    const started = Date.now();
    expect(await deliverDue(db, { timeoutMs: 300 })).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(deliveries()[0]).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null, lastError: 'Timed out after 0.3 s' });
  });

  it('never follows a redirect', async () => {
    const elsewhere = await startReceiver();
    try {
      register();
      receiver.setHandler((_, res) => res.writeHead(307, { location: elsewhere.url }).end());
      enqueue();
      await deliverDue(db);
      expect(elsewhere.received).toHaveLength(0);
      expect(deliveries()[0]).toMatchObject({ status: 'pending', lastStatusCode: 307, lastError: expect.stringMatching(/^Redirect not followed \(to .*\), after \d+ ms$/) });
      expect(deliveries()[0]?.lastError).toContain(`(to ${elsewhere.url})`);
    } finally {
      await elsewhere.close();
    }
  });

  it('records a refused connection', async () => {
    const gone = await startReceiver();
    await gone.close();
    register(gone.url);
    enqueue();
    await deliverDue(db);
    expect(deliveries()[0]).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null, lastError: 'Request failed: ECONNREFUSED' });
  });

  it('sends nothing for a deactivated webhook', async () => {
    const { webhook } = register();
    enqueue();
    deactivateWebhook(db, editor, { webhookId: webhook.id });
    expect(await deliverDue(db)).toBe(0);
    expect(receiver.received).toHaveLength(0);
  });
});

describe('the address policy at delivery', () => {
  const closed = { allowPrivate: false, allowedHosts: [] };
  /** A resolver that answers every name with `addresses`, as a hostile DNS server could. */
  const answering =
    (...addresses: string[]) =>
    ((_host: string, _options: unknown, callback: (error: null, list: { address: string; family: number }[]) => void) =>
      callback(null, addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })))) as unknown as typeof import('node:dns').lookup;

  it('refuses a name resolving to 127.0.0.1 (localhost), logs why and does not retry', async () => {
    register(`http://localhost:${receiver.port}/hooks/claimbench`);
    enqueue();
    expect(await deliverDue(db, { addressPolicy: closed })).toBe(1);
    expect(receiver.received).toHaveLength(0);
    const [row] = deliveries();
    expect(row).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: null });
    expect(row?.lastError).toMatch(/^Refused: address (127\.0\.0\.1|::1) is loopback; .*\(not retried\)$/);
    expect(await deliverDue(db, { addressPolicy: closed, now: later(new Date(), 24 * 3600_000) })).toBe(0);
  });

  it('refuses a name when any one of its addresses is private, naming that address', async () => {
    register('http://cms.example.test/hooks');
    enqueue();
    await deliverDue(db, { addressPolicy: closed, resolve: answering('93.184.216.34', '10.0.0.5') });
    expect(deliveries()[0]).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/^Refused: address 10\.0\.0\.5 is private;/) });
  });

  it('refuses a literal private address saved before the policy existed', async () => {
    const { webhook } = register();
    db.update(webhooks).set({ url: 'http://169.254.169.254/latest/meta-data/' }).where(eq(webhooks.id, webhook.id)).run();
    enqueue();
    await deliverDue(db, { addressPolicy: closed });
    expect(deliveries()[0]).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/^Refused: address 169\.254\.169\.254 is link-local;/) });
  });

  it('delivers to an allowed host, connecting to the address that was checked', async () => {
    register(`http://cms.example.test:${receiver.port}/hooks/claimbench`);
    enqueue();
    const policy = { allowPrivate: false, allowedHosts: [{ host: 'cms.example.test', port: receiver.port }] };
    await deliverDue(db, { addressPolicy: policy, resolve: answering('127.0.0.1') });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.headers.host).toBe(`cms.example.test:${receiver.port}`);
    expect(deliveries()[0]).toMatchObject({ status: 'delivered', lastStatusCode: 204 });
  });

  it('delivers to localhost with WEBHOOK_ALLOW_PRIVATE', async () => {
    register(`http://localhost:${receiver.port}/hooks/claimbench`);
    enqueue();
    await deliverDue(db, { addressPolicy: { allowPrivate: true, allowedHosts: [] }, resolve: answering('127.0.0.1') });
    expect(deliveries()[0]).toMatchObject({ status: 'delivered', lastStatusCode: 204 });
  });

  it('keeps no response body in the delivery log', async () => {
    register();
    receiver.setHandler((_, res) => res.writeHead(404, { 'content-type': 'text/plain' }).end('SECRET-INTERNAL-BANNER redis_version:7.2'));
    enqueue();
    await deliverDue(db);
    const row = deliveries()[0]!;
    expect(row.lastStatusCode).toBe(404);
    expect(row.lastError).toMatch(/^HTTP 404 after \d+ ms$/);
    expect(JSON.stringify(db.$client.prepare('SELECT * FROM webhook_deliveries').all())).not.toContain('SECRET-INTERNAL-BANNER');
  });
});

describe('delivery state lives in the database', () => {
  it('keeps pending deliveries across a restart and resumes them', async () => {
    register();
    receiver.setHandler((_, res) => res.writeHead(503).end());
    enqueue();
    await deliverDue(db);
    const before = deliveries()[0]!;
    db.$client.close();

    db = openDatabase(file);
    extraConnections.push(db);
    expect(deliveries()[0]).toEqual(before);
    receiver.setHandler((_, res) => res.writeHead(204).end());
    expect(await deliverDue(db, { now: new Date(before.nextAttemptAt) })).toBe(1);
    expect(deliveries()[0]).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 204 });
  });

  it('retries an attempt cut short by a crash once its lease runs out', async () => {
    register();
    enqueue();
    const now = new Date();
    // A worker claims the delivery, then the process dies before recording anything.
    expect(claimDueDeliveries(db, now.toISOString(), later(now, 70_000).toISOString(), 10)).toHaveLength(1);
    db.$client.close();

    db = openDatabase(file);
    extraConnections.push(db);
    expect(await deliverDue(db, { now: later(now, 1_000) })).toBe(0);
    expect(await deliverDue(db, { now: later(now, 70_000) })).toBe(1);
    expect(deliveries()[0]).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(receiver.received).toHaveLength(1);
  });

  it('never sends a delivery twice when workers run at once, on one connection or two', async () => {
    for (let i = 0; i < 6; i += 1) register(`${receiver.url}?hook=${i}`);
    enqueue();
    expect(deliveries()).toHaveLength(6);
    receiver.setHandler((_, res) => setTimeout(() => res.writeHead(200).end(), 50));
    const second = openDatabase(file, { migrate: false });
    extraConnections.push(second);

    const counts = await Promise.all([deliverDue(db, { batchSize: 2 }), deliverDue(second, { batchSize: 3 }), deliverDue(db), deliverDue(second)]);
    const rest = (await deliverDue(db)) + (await deliverDue(second));
    expect(counts.reduce((a, b) => a + b, 0) + rest).toBe(6);
    const ids = receiver.received.map((r) => r.headers['claimbench-delivery']);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
    expect(deliveries().every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
  });

  it('never sends a delivery twice when separate worker processes race for the same database', async () => {
    for (let i = 0; i < 10; i += 1) register(`${receiver.url}?hook=${i}`);
    for (let i = 0; i < 3; i += 1) enqueue(db, { claim_id: i });
    receiver.setHandler((_, res) => setTimeout(() => res.writeHead(204).end(), 10));
    const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const script = path.join(process.cwd(), 'tests', 'helpers', 'delivery-worker-process.ts');
    const runs = await Promise.all([1, 2, 3].map(() => promisify(execFile)(tsx, ['--conditions=react-server', script, file], { timeout: 20_000 })));
    const attempted = runs.map((run) => Number(run.stdout.trim()));
    expect(attempted.reduce((a, b) => a + b, 0)).toBe(30);
    const ids = receiver.received.map((r) => r.headers['claimbench-delivery']);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    expect(deliveries().every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
  });
});

describe('retryDelayMs', () => {
  it('starts at 30 s, doubles, caps at 6 h and jitters within ±20 %', () => {
    expect(retryDelayMs(1, half)).toBe(30_000);
    expect(retryDelayMs(4, half)).toBe(240_000);
    expect(retryDelayMs(30, half)).toBe(MAX_DELAY_MS);
    expect(retryDelayMs(1, () => 0)).toBe(24_000);
    expect(retryDelayMs(1, () => 0.999_999)).toBeCloseTo(36_000, -1);
  });
});

describe('startWebhookWorker', () => {
  it('delivers in the background on an interval, once, until stopped', async () => {
    register();
    enqueue();
    const stop = startWebhookWorker(() => db, { intervalMs: 20 });
    const again = startWebhookWorker(() => db, { intervalMs: 20 });
    try {
      for (let i = 0; i < 100 && deliveries()[0]?.status !== 'delivered'; i += 1) await new Promise((r) => setTimeout(r, 20));
      expect(deliveries()[0]).toMatchObject({ status: 'delivered', attempts: 1 });
      expect(receiver.received).toHaveLength(1);
    } finally {
      again();
      stop();
    }
    enqueue();
    await new Promise((r) => setTimeout(r, 100));
    expect(db.select().from(webhookDeliveries).where(eq(webhookDeliveries.status, 'pending')).all()).toHaveLength(1);
  });
});
