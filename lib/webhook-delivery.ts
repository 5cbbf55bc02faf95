import type { Db } from '@/db/open';
import { claimDueDeliveries, recordDeliveryAttempt, type AttemptOutcome, type ClaimedDelivery } from '@/db/queries/webhooks';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signPayload } from './webhook-signature';

/** The retry schedule (docs/webhooks.md): 30 s × 2^(attempt − 1), capped at 6 h, ±20 % jitter, 10 attempts. */
export const MAX_ATTEMPTS = 10;
export const BASE_DELAY_MS = 30_000;
export const MAX_DELAY_MS = 6 * 60 * 60 * 1000;
export const REQUEST_TIMEOUT_MS = 10_000;
/** How much of a failed response's body is kept for the log. */
const ERROR_BODY_LIMIT = 200;
const BATCH_SIZE = 20;

export interface DeliverOptions {
  /** The clock, for tests; defaults to the real time. */
  now?: Date;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  /** 0 ≤ random() < 1, for the jitter. */
  random?: () => number;
  batchSize?: number;
}

/** The wait before the next attempt, after `attempts` attempts have failed. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const exponential = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  // Jitter spreads out the retries of many deliveries that failed together (a receiver outage).
  return Math.round(exponential * (0.8 + 0.4 * random()));
}

type AttemptResult = { ok: true; statusCode: number } | { ok: false; statusCode: number | null; error: string };

function oneLine(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > limit ? `${flat.slice(0, limit)}…` : flat;
}

/** Reads at most `limit` bytes of a response body, then lets the rest go. */
async function readCapped(response: Response, limit: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body that breaks off says no more than its status code.
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `Timed out after ${timeoutMs / 1000} s`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return oneLine(`Request failed: ${detail}`, 300);
}

function deliveryId(delivery: ClaimedDelivery): string {
  try {
    const id: unknown = (JSON.parse(delivery.payload) as { id?: unknown }).id;
    if (typeof id === 'string') return id;
  } catch {
    // Payloads are written by enqueueVerdictEvent; fall back to the row id all the same.
  }
  return `dlv_${delivery.id}`;
}

async function attempt(delivery: ClaimedDelivery, now: Date, fetchImpl: typeof fetch, timeoutMs: number): Promise<AttemptResult> {
  const timestamp = Math.floor(now.getTime() / 1000);
  try {
    const response = await fetchImpl(delivery.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Claimbench-Webhooks/1',
        [EVENT_HEADER]: delivery.event,
        [DELIVERY_HEADER]: deliveryId(delivery),
        [SIGNATURE_HEADER]: signPayload(delivery.secret, timestamp, delivery.payload),
      },
      body: delivery.payload,
      // A redirect could send the signed body somewhere nobody registered.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status >= 200 && response.status < 300) {
      void response.body?.cancel().catch(() => undefined);
      return { ok: true, statusCode: response.status };
    }
    if (response.status >= 300 && response.status < 400) {
      void response.body?.cancel().catch(() => undefined);
      const location = response.headers.get('location');
      return { ok: false, statusCode: response.status, error: oneLine(`Redirect not followed${location ? ` (to ${location})` : ''}`, 300) };
    }
    const text = await readCapped(response, ERROR_BODY_LIMIT);
    return { ok: false, statusCode: response.status, error: oneLine(`HTTP ${response.status}${text ? `: ${text}` : ''}`, ERROR_BODY_LIMIT + 20) };
  } catch (error) {
    return { ok: false, statusCode: null, error: describeFailure(error, timeoutMs) };
  }
}

function outcomeOf(result: AttemptResult, attempts: number, at: Date, random: () => number): AttemptOutcome {
  if (result.ok) {
    return { status: 'delivered', statusCode: result.statusCode, error: null, nextAttemptAt: at.toISOString(), deliveredAt: at.toISOString() };
  }
  const giveUp = attempts >= MAX_ATTEMPTS;
  return {
    status: giveUp ? 'failed' : 'pending',
    statusCode: result.statusCode,
    error: giveUp ? `${result.error} (gave up after ${attempts} attempts)` : result.error,
    nextAttemptAt: giveUp ? at.toISOString() : new Date(at.getTime() + retryDelayMs(attempts, random)).toISOString(),
    deliveredAt: null,
  };
}

/**
 * Sends the deliveries that are due, once each, and records every attempt. Deliveries are claimed
 * in the database before sending (their next_attempt_at moves past the request timeout, as a
 * lease), so concurrent workers, or a worker after a restart, never send one twice at once; a
 * worker that dies mid-attempt leaves the delivery to be retried when the lease runs out.
 * Returns how many deliveries were attempted.
 */
export async function deliverDue(db: Db, options: DeliverOptions = {}): Promise<number> {
  const clock = () => options.now ?? new Date();
  const fetchImpl = options.fetchImpl ?? fetch;
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const random = options.random ?? Math.random;
  const started = clock();
  const leaseUntil = new Date(started.getTime() + timeoutMs + 60_000).toISOString();
  const claimed = claimDueDeliveries(db, started.toISOString(), leaseUntil, options.batchSize ?? BATCH_SIZE);
  await Promise.all(
    claimed.map(async (delivery) => {
      const result = await attempt(delivery, clock(), fetchImpl, timeoutMs);
      recordDeliveryAttempt(db, delivery.id, leaseUntil, outcomeOf(result, delivery.attempts, clock(), random));
    }),
  );
  return claimed.length;
}

const worker = globalThis as unknown as { claimbenchWebhookWorker?: ReturnType<typeof setInterval> };

/**
 * Runs deliverDue every few seconds for the life of the server (started once from lib/startup.ts;
 * kept across hot reloads). The timer is unref'd so it never holds a process open, and a run that
 * is still going is not overlapped. Returns a function that stops it.
 */
export function startWebhookWorker(getDb: () => Db, options: { intervalMs?: number } = {}): () => void {
  const stop = () => {
    clearInterval(worker.claimbenchWebhookWorker);
    worker.claimbenchWebhookWorker = undefined;
  };
  if (worker.claimbenchWebhookWorker) return stop;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void deliverDue(getDb())
      .catch((error: unknown) => console.error('Webhook delivery run failed:', error))
      .finally(() => {
        running = false;
      });
  }, options.intervalMs ?? 5_000);
  timer.unref();
  worker.claimbenchWebhookWorker = timer;
  return stop;
}
