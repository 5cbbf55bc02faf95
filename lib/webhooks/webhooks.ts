import 'server-only';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Db, DbOrTx } from '@/db/open';
import { recordAuditEvent } from '@/db/queries/audit';
import {
  deactivateWebhookRow,
  failPendingDeliveries,
  getWebhook,
  insertDeliveries,
  insertWebhook,
  listDeliveries,
  listSubscribedWebhookIds,
  listWebhookRows,
  type DeliveryLogEntry,
  type PublicWebhook,
} from '@/db/queries/webhooks';
import type { Verdict } from '@/db/schema';
import { getEnv } from '../env';
import { AppError, validationError } from '../errors';
import { assertCan, auditActor, type Actor, type Permission } from '../auth/permissions';
import { WebhookCreate, WebhookDeactivate } from '../validation/webhook';
import type { WebhookEvent } from './events';

export { VERDICT_WEBHOOK_EVENTS, WEBHOOK_EVENTS, type WebhookEvent } from './events';
export { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signPayload, verifySignature } from './signature';
export type { DeliveryLogEntry, PublicWebhook };

/** Who may register, list and deactivate webhooks: editors and admins, like API keys. */
export const WEBHOOK_PERMISSION: Permission = 'apikey:manage';

/** Deliveries shown in the settings page's log. */
export const DELIVERY_LOG_LIMIT = 50;

/** A fresh signing secret: 32 random bytes, base64url, with a prefix that says what it is. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * Registers a webhook and returns its secret — the only time the secret leaves the server. Unlike
 * an API key it is stored in clear, because every delivery is signed with it (HMAC needs the key
 * itself, a hash will not do); no list or audit event ever includes it.
 */
export function createWebhook(db: Db, actor: Actor, input: unknown): { webhook: PublicWebhook; secret: string } {
  assertCan(actor, WEBHOOK_PERMISSION);
  const parsed = WebhookCreate.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const secret = generateWebhookSecret();
  const webhook = db.transaction((tx) => {
    const row = insertWebhook(tx, {
      url: parsed.data.url,
      secret,
      events: parsed.data.events,
      createdBy: auditActor(actor).actorUserId,
    });
    recordAuditEvent(tx, { ...auditActor(actor), action: 'webhook.create', entityType: 'webhook', entityId: row.id, before: null, after: row });
    return row;
  });
  return { webhook, secret };
}

/** Every webhook, active first, without secrets. */
export function listWebhooks(db: DbOrTx, actor: Actor): PublicWebhook[] {
  assertCan(actor, WEBHOOK_PERMISSION);
  return listWebhookRows(db);
}

/** The latest deliveries, newest first. */
export function listDeliveryLog(db: DbOrTx, actor: Actor, limit = DELIVERY_LOG_LIMIT): DeliveryLogEntry[] {
  assertCan(actor, WEBHOOK_PERMISSION);
  return listDeliveries(db, limit);
}

/** Stops deliveries to a webhook; its queued deliveries are marked failed. The row stays for the log. */
export function deactivateWebhook(db: Db, actor: Actor, input: unknown): PublicWebhook {
  assertCan(actor, WEBHOOK_PERMISSION);
  const parsed = WebhookDeactivate.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const { webhookId } = parsed.data;
  return db.transaction((tx) => {
    const before = getWebhook(tx, webhookId);
    if (!before) throw new AppError('not_found', 'That webhook does not exist.', { webhookId: ['No such webhook'] });
    const after = deactivateWebhookRow(tx, webhookId);
    if (!after) throw new AppError('conflict', 'That webhook is already deactivated.');
    const abandoned = failPendingDeliveries(tx, webhookId, 'Webhook deactivated before delivery');
    recordAuditEvent(tx, {
      ...auditActor(actor),
      action: 'webhook.deactivate',
      entityType: 'webhook',
      entityId: webhookId,
      before,
      after: { ...after, abandonedDeliveries: abandoned },
    });
    return after;
  });
}

/** The `data` of a verdict event: what a CMS needs to update its article. */
export function verdictEventData(verdict: Pick<Verdict, 'claimId' | 'versionNumber' | 'kind' | 'label' | 'headline' | 'articleUrl' | 'note' | 'publishedAt'>) {
  return {
    claim_id: verdict.claimId,
    version: verdict.versionNumber,
    kind: verdict.kind,
    label: verdict.label,
    headline: verdict.headline,
    article_url: verdict.articleUrl,
    public_url: `${getEnv().PUBLIC_URL}/verdicts/${verdict.claimId}`,
    note: verdict.note,
    published_at: verdict.publishedAt,
  };
}

/** How many active webhooks an event would be sent to now (the publish confirmation says it). */
export function countSubscribedWebhooks(db: DbOrTx, event: WebhookEvent): number {
  return listSubscribedWebhookIds(db, event).length;
}

/**
 * The transactional outbox: queues one pending delivery per active webhook subscribed to `event`,
 * in the caller's transaction, so a verdict and its notifications commit (or roll back) together.
 * The worker in lib/webhooks/delivery.ts sends them. Each delivery's body carries its own id, which
 * is also its Claimbench-Delivery header: receivers dedupe on it. Returns how many were queued.
 */
export function enqueueVerdictEvent(tx: DbOrTx, event: WebhookEvent, data: object, occurredAt: Date = new Date()): number {
  const webhookIds = listSubscribedWebhookIds(tx, event);
  const at = occurredAt.toISOString();
  insertDeliveries(
    tx,
    webhookIds.map((webhookId) => ({
      webhookId,
      event,
      payload: JSON.stringify({ id: `dlv_${randomUUID()}`, event, occurred_at: at, data }),
      nextAttemptAt: at,
    })),
  );
  return webhookIds.length;
}
