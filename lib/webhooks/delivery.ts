import 'server-only';
import type dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { Db } from '@/db/open';
import { claimDueDeliveries, recordDeliveryAttempt, type AttemptOutcome, type ClaimedDelivery } from '@/db/queries/webhooks';
import { getEnv } from '../env';
import { guardedLookup, literalAddressRefusal, RefusedAddressError, type WebhookAddressPolicy } from './address-policy';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signPayload } from './signature';

/** The retry schedule (docs/webhooks.md): 30 s × 2^(attempt − 1), capped at 6 h, ±20 % jitter, 10 attempts. */
export const MAX_ATTEMPTS = 10;
export const BASE_DELAY_MS = 30_000;
export const MAX_DELAY_MS = 6 * 60 * 60 * 1000;
export const REQUEST_TIMEOUT_MS = 10_000;
const BATCH_SIZE = 20;

export interface DeliverOptions {
  /** The clock, for tests; defaults to the real time. */
  now?: Date;
  timeoutMs?: number;
  /** 0 ≤ random() < 1, for the jitter. */
  random?: () => number;
  batchSize?: number;
  /** Which addresses may be reached; defaults to WEBHOOK_ALLOW_PRIVATE and WEBHOOK_ALLOWED_HOSTS. */
  addressPolicy?: WebhookAddressPolicy;
  /** Resolves host names; dns.lookup unless a test answers for a name of its own. */
  resolve?: typeof dns.lookup;
}

/** The wait before the next attempt, after `attempts` attempts have failed. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const exponential = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  // Jitter spreads out the retries of many deliveries that failed together (a receiver outage).
  return Math.round(exponential * (0.8 + 0.4 * random()));
}

/** `refused`: the address is not one webhooks may reach; trying again would only probe it again. */
type AttemptResult = { ok: true; statusCode: number } | { ok: false; statusCode: number | null; error: string; refused?: boolean };

function oneLine(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > limit ? `${flat.slice(0, limit)}…` : flat;
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `Timed out after ${timeoutMs / 1000} s`;
  }
  const code = (error as { code?: unknown } | null)?.code;
  const detail = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
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

interface Answer {
  statusCode: number;
  location: string | undefined;
}

/**
 * POSTs `body` to `url` over a fresh connection whose address comes from guardedLookup (or is the
 * literal address already checked), and resolves with the status as soon as the headers arrive.
 * The response body is never read: what a receiver answers is not ours to keep, and keeping it
 * would turn the delivery log into a window on whatever the URL reaches. Redirects are not
 * followed (http.request never follows them).
 */
function post(url: URL, headers: Record<string, string>, body: string, timeoutMs: number, lookup: ReturnType<typeof guardedLookup>): Promise<Answer> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<Answer>((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup,
        agent: false,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        resolve({ statusCode: response.statusCode ?? 0, location: response.headers.location });
        response.destroy();
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function attempt(delivery: ClaimedDelivery, now: Date, options: { timeoutMs: number; policy: WebhookAddressPolicy; resolve?: typeof dns.lookup }): Promise<AttemptResult> {
  const timestamp = Math.floor(now.getTime() / 1000);
  const started = performance.now();
  const took = () => `${Math.round(performance.now() - started)} ms`;
  try {
    const url = new URL(delivery.url);
    // Webhooks saved before the address policy, or under a policy since withdrawn, are checked again here.
    const literal = literalAddressRefusal(url, options.policy);
    if (literal) throw literal;
    const answer = await post(
      url,
      {
        'content-type': 'application/json',
        'user-agent': 'Claimbench-Webhooks/1',
        [EVENT_HEADER]: delivery.event,
        [DELIVERY_HEADER]: deliveryId(delivery),
        [SIGNATURE_HEADER]: signPayload(delivery.secret, timestamp, delivery.payload),
      },
      delivery.payload,
      options.timeoutMs,
      guardedLookup(url, options.policy, options.resolve),
    );
    const status = answer.statusCode;
    if (status >= 200 && status < 300) return { ok: true, statusCode: status };
    if (status >= 300 && status < 400) {
      // A redirect could send the signed body somewhere nobody registered.
      return { ok: false, statusCode: status, error: oneLine(`Redirect not followed${answer.location ? ` (to ${answer.location})` : ''}, after ${took()}`, 300) };
    }
    return { ok: false, statusCode: status, error: `HTTP ${status} after ${took()}` };
  } catch (error) {
    if (error instanceof RefusedAddressError) {
      return { ok: false, statusCode: null, refused: true, error: `Refused: ${error.message}; webhooks go only to public addresses unless the operator allows the host (WEBHOOK_ALLOWED_HOSTS)` };
    }
    return { ok: false, statusCode: null, error: describeFailure(error, options.timeoutMs) };
  }
}

function outcomeOf(result: AttemptResult, attempts: number, at: Date, random: () => number): AttemptOutcome {
  if (result.ok) {
    return { status: 'delivered', statusCode: result.statusCode, error: null, nextAttemptAt: at.toISOString(), deliveredAt: at.toISOString() };
  }
  if (result.refused) {
    return { status: 'failed', statusCode: null, error: `${result.error} (not retried)`, nextAttemptAt: at.toISOString(), deliveredAt: null };
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

function envAddressPolicy(): WebhookAddressPolicy {
  const env = getEnv();
  return { allowPrivate: env.WEBHOOK_ALLOW_PRIVATE, allowedHosts: env.WEBHOOK_ALLOWED_HOSTS };
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
  const policy = options.addressPolicy ?? envAddressPolicy();
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const random = options.random ?? Math.random;
  const started = clock();
  const leaseUntil = new Date(started.getTime() + timeoutMs + 60_000).toISOString();
  const claimed = claimDueDeliveries(db, started.toISOString(), leaseUntil, options.batchSize ?? BATCH_SIZE);
  await Promise.all(
    claimed.map(async (delivery) => {
      const result = await attempt(delivery, clock(), { timeoutMs, policy, resolve: options.resolve });
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
