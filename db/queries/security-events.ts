import 'server-only';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { DbOrTx } from '../open';
import { securityEvents, users, type NewSecurityEvent, type SecurityEventKind } from '../schema';

/** Appends one event to the security log (append-only: its triggers refuse UPDATE and DELETE). */
export function insertSecurityEvent(tx: DbOrTx, event: NewSecurityEvent): void {
  tx.insert(securityEvents).values(event).run();
}

export interface SecurityLogFilter {
  userId?: number;
  kind?: SecurityEventKind;
  /** The id of the last event of the previous page: this page starts after it. */
  beforeId?: number;
  limit: number;
}

const actorUsers = alias(users, 'actor_users');

/** One page of the security log, newest first, by id (keyset), with the names of who and by whom. */
export function listSecurityEvents(db: DbOrTx, filter: SecurityLogFilter) {
  const conditions: SQL[] = [];
  if (filter.userId !== undefined) conditions.push(eq(securityEvents.userId, filter.userId));
  if (filter.kind !== undefined) conditions.push(eq(securityEvents.kind, filter.kind));
  if (filter.beforeId !== undefined) conditions.push(lt(securityEvents.id, filter.beforeId));
  return db
    .select({
      id: securityEvents.id,
      kind: securityEvents.kind,
      userId: securityEvents.userId,
      userName: users.name,
      email: securityEvents.email,
      actorName: actorUsers.name,
      method: securityEvents.method,
      detail: securityEvents.detail,
      address: securityEvents.address,
      createdAt: securityEvents.createdAt,
    })
    .from(securityEvents)
    .leftJoin(users, eq(users.id, securityEvents.userId))
    .leftJoin(actorUsers, eq(actorUsers.id, securityEvents.actorUserId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(securityEvents.id))
    .limit(filter.limit)
    .all();
}

export type SecurityEventRow = ReturnType<typeof listSecurityEvents>[number];

/** A person's most recent sign-ins, newest first (through security_events_user_kind_idx). */
export function listRecentSignIns(db: DbOrTx, userId: number, limit: number) {
  return db
    .select({ createdAt: securityEvents.createdAt, method: securityEvents.method })
    .from(securityEvents)
    .where(and(eq(securityEvents.userId, userId), eq(securityEvents.kind, 'sign_in')))
    .orderBy(desc(securityEvents.id))
    .limit(limit)
    .all();
}
