import 'server-only';
import { z } from 'zod';
import type { DbOrTx } from '@/db/open';
import { insertSecurityEvent, listRecentSignIns, listSecurityEvents, type SecurityEventRow } from '@/db/queries/security-events';
import type { SecurityEventKind } from '@/db/enums';
import { validationError } from '@/lib/errors';
import { cursorCodec } from '@/lib/validation/cursor';
import { SecurityLogQuery } from '@/lib/validation/account';
import { assertCan, type Actor } from './permissions';

export type { SecurityEventRow };

export type SignInMethod = 'password' | 'oidc';

export interface SecurityEventInput {
  kind: SecurityEventKind;
  userId?: number | null;
  email?: string | null;
  actorUserId?: number | null;
  method?: SignInMethod | null;
  detail?: string | null;
  address?: string | null;
}

/**
 * Appends one event to the security log, in the caller's transaction when there is one. The log is
 * append-only (triggers refuse UPDATE and DELETE); it never holds a password or a token.
 */
export function recordSecurityEvent(tx: DbOrTx, event: SecurityEventInput): void {
  insertSecurityEvent(tx, {
    kind: event.kind,
    userId: event.userId ?? null,
    email: event.email?.slice(0, 320) ?? null,
    actorUserId: event.actorUserId ?? null,
    method: event.method ?? null,
    detail: event.detail ?? null,
    address: event.address ?? null,
  });
}

/** A person's last sign-ins, newest first: this one, then the one before. */
export function recentSignIns(db: DbOrTx, actor: Actor, limit = 2) {
  assertCan(actor, 'account:manage');
  if (actor.kind !== 'user') return [];
  return listRecentSignIns(db, actor.id, limit);
}

export const SECURITY_LOG_PAGE_SIZE = 50;
const logCursor = cursorCodec({
  fields: { id: z.number().int().positive() },
  maxLength: 200,
  hint: 'This page link is broken or out of date; start again from the first page.',
});

export interface SecurityLogPage {
  events: SecurityEventRow[];
  /** The cursor of the next (older) page, when there is one. */
  nextCursor: string | null;
  filter: { user?: number; kind?: SecurityEventKind };
}

/**
 * One page of the security log for admins, newest first, filtered by person and kind, paged by the
 * id of the last event shown (keyset: a page link stays right while new events arrive).
 */
export function securityLog(db: DbOrTx, actor: Actor, query: unknown, pageSize = SECURITY_LOG_PAGE_SIZE): SecurityLogPage {
  assertCan(actor, 'security_log:read');
  const parsed = SecurityLogQuery.safeParse(query);
  if (!parsed.success) throw validationError(parsed.error);
  const { user, kind, cursor } = parsed.data;
  const beforeId = cursor === undefined ? undefined : logCursor.decode(cursor).id;
  const rows = listSecurityEvents(db, {
    ...(user === undefined ? {} : { userId: user }),
    ...(kind === undefined ? {} : { kind }),
    ...(beforeId === undefined ? {} : { beforeId }),
    limit: pageSize + 1,
  });
  const events = rows.slice(0, pageSize);
  const last = events[events.length - 1];
  return {
    events,
    nextCursor: rows.length > pageSize && last ? logCursor.encode({ id: last.id }) : null,
    filter: { ...(user === undefined ? {} : { user }), ...(kind === undefined ? {} : { kind }) },
  };
}
