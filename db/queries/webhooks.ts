import 'server-only';
import { and, asc, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../open';
import { webhookDeliveries, webhooks } from '../schema';

/** Every column a person may see: never the signing secret. */
const publicColumns = {
  id: webhooks.id,
  url: webhooks.url,
  events: webhooks.events,
  active: webhooks.active,
  createdBy: webhooks.createdBy,
  createdAt: webhooks.createdAt,
  version: webhooks.version,
};

export type PublicWebhook = {
  id: number;
  url: string;
  events: string[];
  active: boolean;
  createdBy: number | null;
  createdAt: string;
  version: number;
};

export function insertWebhook(
  tx: DbOrTx,
  values: { url: string; secret: string; events: string[]; createdBy: number | null },
): PublicWebhook {
  return tx.insert(webhooks).values(values).returning(publicColumns).get();
}

export function getWebhook(db: DbOrTx, id: number): PublicWebhook | undefined {
  return db.select(publicColumns).from(webhooks).where(eq(webhooks.id, id)).get();
}

export function listWebhookRows(db: DbOrTx): PublicWebhook[] {
  return db.select(publicColumns).from(webhooks).orderBy(desc(webhooks.active), desc(webhooks.id)).all();
}

/** Deactivates an active webhook; undefined when it is already inactive (or gone). */
export function deactivateWebhookRow(tx: DbOrTx, id: number): PublicWebhook | undefined {
  return tx
    .update(webhooks)
    .set({ active: false, version: sql`${webhooks.version} + 1` })
    .where(and(eq(webhooks.id, id), eq(webhooks.active, true)))
    .returning(publicColumns)
    .get();
}

/** Gives up on a webhook's queued deliveries (it was deactivated), so the log says why. */
export function failPendingDeliveries(tx: DbOrTx, webhookId: number, reason: string): number {
  return tx
    .update(webhookDeliveries)
    .set({ status: 'failed', lastError: reason })
    .where(and(eq(webhookDeliveries.webhookId, webhookId), eq(webhookDeliveries.status, 'pending')))
    .run().changes;
}

/** Ids of the active webhooks subscribed to an event. */
export function listSubscribedWebhookIds(tx: DbOrTx, event: string): number[] {
  return tx
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(and(eq(webhooks.active, true), sql`exists (select 1 from json_each(${webhooks.events}) where value = ${event})`))
    .orderBy(asc(webhooks.id))
    .all()
    .map((row) => row.id);
}

export function insertDeliveries(tx: DbOrTx, rows: { webhookId: number; event: string; payload: string; nextAttemptAt: string }[]): void {
  if (rows.length > 0) tx.insert(webhookDeliveries).values(rows).run();
}

export interface ClaimedDelivery {
  id: number;
  event: string;
  payload: string;
  attempts: number;
  url: string;
  secret: string;
}

/**
 * Claims up to `limit` due deliveries of active webhooks for one worker: a single UPDATE moves
 * their next_attempt_at to `leaseUntil` (the lease) and counts the attempt, so another worker —
 * in this process or another — no longer sees them as due. Returns them with where to send them.
 */
export function claimDueDeliveries(db: Db, now: string, leaseUntil: string, limit: number): ClaimedDelivery[] {
  return db.transaction(
    (tx) => {
      const due = tx
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
        .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now), eq(webhooks.active, true)))
        .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id))
        .limit(limit);
      const claimed = tx
        .update(webhookDeliveries)
        .set({ nextAttemptAt: leaseUntil, attempts: sql`${webhookDeliveries.attempts} + 1` })
        .where(
          and(
            inArray(webhookDeliveries.id, due),
            eq(webhookDeliveries.status, 'pending'),
            lte(webhookDeliveries.nextAttemptAt, now),
          ),
        )
        .returning({
          id: webhookDeliveries.id,
          webhookId: webhookDeliveries.webhookId,
          event: webhookDeliveries.event,
          payload: webhookDeliveries.payload,
          attempts: webhookDeliveries.attempts,
        })
        .all();
      if (claimed.length === 0) return [];
      const targets = new Map(
        tx
          .select({ id: webhooks.id, url: webhooks.url, secret: webhooks.secret })
          .from(webhooks)
          .where(inArray(webhooks.id, [...new Set(claimed.map((d) => d.webhookId))]))
          .all()
          .map((w) => [w.id, w]),
      );
      return claimed
        .sort((a, b) => a.id - b.id)
        .flatMap(({ webhookId, ...d }) => {
          const target = targets.get(webhookId);
          return target ? [{ ...d, url: target.url, secret: target.secret }] : [];
        });
    },
    { behavior: 'immediate' },
  );
}

export interface AttemptOutcome {
  statusCode: number | null;
  error: string | null;
  /** delivered: stop; pending: try again at nextAttemptAt; failed: give up. */
  status: 'delivered' | 'pending' | 'failed';
  nextAttemptAt: string;
  deliveredAt: string | null;
}

/** Records an attempt's outcome, only while this worker still holds the lease it claimed with. */
export function recordDeliveryAttempt(db: DbOrTx, id: number, leaseUntil: string, outcome: AttemptOutcome): boolean {
  return (
    db
      .update(webhookDeliveries)
      .set({
        status: outcome.status,
        lastStatusCode: outcome.statusCode,
        lastError: outcome.error,
        nextAttemptAt: outcome.nextAttemptAt,
        deliveredAt: outcome.deliveredAt,
      })
      .where(
        and(
          eq(webhookDeliveries.id, id),
          eq(webhookDeliveries.status, 'pending'),
          eq(webhookDeliveries.nextAttemptAt, leaseUntil),
        ),
      )
      .run().changes === 1
  );
}

/** The delivery log: newest first, with the webhook's URL. */
export function listDeliveries(db: DbOrTx, limit: number) {
  return db
    .select({
      id: webhookDeliveries.id,
      event: webhookDeliveries.event,
      webhookId: webhookDeliveries.webhookId,
      url: webhooks.url,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      lastStatusCode: webhookDeliveries.lastStatusCode,
      lastError: webhookDeliveries.lastError,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      createdAt: webhookDeliveries.createdAt,
      deliveredAt: webhookDeliveries.deliveredAt,
    })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .orderBy(desc(webhookDeliveries.id))
    .limit(limit)
    .all();
}

export type DeliveryLogEntry = ReturnType<typeof listDeliveries>[number];
