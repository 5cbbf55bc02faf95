import 'server-only';
import type { Db } from '@/db/open';
import { recordAuditEvent } from '@/db/queries/audit';
import { bumpSessionGeneration, getUserRecord, type UserRecord } from '@/db/queries/users';
import { recordSecurityEvent } from '../auth/security-log';
import { assertCan, type Actor } from '../auth/permissions';
import { AppError, validationError } from '../errors';
import { EndSessions } from '../validation/account';
import { requireActingAdmin } from './users';

/**
 * An admin ends every session of one person without disabling them (a lost laptop, a shared
 * computer): their session generation moves on, so each of their sessions is refused from its
 * next request, and they can sign in again. With the audit event and the security log, in one
 * transaction. Not a version-checked edit: it changes no detail of the person an admin reads.
 */
export function endSessionsOf(db: Db, actor: Actor, input: unknown): UserRecord {
  assertCan(actor, 'user:manage');
  const parsed = EndSessions.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  return db.transaction((tx) => {
    requireActingAdmin(tx, actor);
    const user = getUserRecord(tx, parsed.data.userId);
    if (!user) throw new AppError('not_found', 'That user does not exist.');
    bumpSessionGeneration(tx, user.id);
    recordAuditEvent(tx, { actorUserId: actor.id, action: 'user.end_sessions', entityType: 'user', entityId: user.id });
    recordSecurityEvent(tx, { kind: 'sessions_ended', userId: user.id, email: user.email, actorUserId: actor.id });
    return user;
  });
}
