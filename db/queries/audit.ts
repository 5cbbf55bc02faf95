import 'server-only';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { auditEvents, users, type NewAuditEvent } from '../schema';

/** Writes one audit event; call inside the same transaction as the change it records. */
export function recordAuditEvent(tx: DbOrTx, event: NewAuditEvent): void {
  tx.insert(auditEvents).values(event).run();
}

/** What a history list shows of each event, with the actor's display name. */
const historyColumns = {
  id: auditEvents.id,
  action: auditEvents.action,
  entityType: auditEvents.entityType,
  entityId: auditEvents.entityId,
  before: auditEvents.before,
  after: auditEvents.after,
  createdAt: auditEvents.createdAt,
  actorName: users.name,
  actorUserId: auditEvents.actorUserId,
};

/** A claim's history, oldest first, with the actor's display name. */
export function listClaimHistory(db: DbOrTx, claimId: number) {
  return db
    .select(historyColumns)
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(eq(auditEvents.claimId, claimId))
    .orderBy(asc(auditEvents.id))
    .all();
}

/** Audit events for one entity written after the version a person read (by their `after.version`). */
export function listChangesSince(db: DbOrTx, entityType: string, entityId: number, version: number) {
  return db
    .select({
      action: auditEvents.action,
      before: auditEvents.before,
      after: auditEvents.after,
      createdAt: auditEvents.createdAt,
      actorName: users.name,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(
      and(
        eq(auditEvents.entityType, entityType),
        eq(auditEvents.entityId, entityId),
        sql`coalesce(json_extract(${auditEvents.after}, '$.version'), 0) > ${version}`,
      ),
    )
    .orderBy(asc(auditEvents.id))
    .all();
}

/** The most recent events of one entity (a source, say), newest first, through the entity index. */
export function listEntityHistory(db: DbOrTx, entityType: string, entityId: number, limit: number) {
  return db
    .select(historyColumns)
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(and(eq(auditEvents.entityType, entityType), eq(auditEvents.entityId, entityId)))
    .orderBy(desc(auditEvents.id))
    .limit(limit)
    .all();
}
