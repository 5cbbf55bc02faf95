import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { auditEvents, users, type NewAuditEvent } from '../schema';

/** Writes one audit event; call inside the same transaction as the change it records. */
export function recordAuditEvent(tx: DbOrTx, event: NewAuditEvent): void {
  tx.insert(auditEvents).values(event).run();
}

/** A claim's history, oldest first, with the actor's display name. */
export function listClaimHistory(db: DbOrTx, claimId: number) {
  return db
    .select({
      id: auditEvents.id,
      action: auditEvents.action,
      entityType: auditEvents.entityType,
      entityId: auditEvents.entityId,
      before: auditEvents.before,
      after: auditEvents.after,
      createdAt: auditEvents.createdAt,
      actorName: users.name,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(eq(auditEvents.claimId, claimId))
    .orderBy(asc(auditEvents.id))
    .all();
}
