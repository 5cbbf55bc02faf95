import 'server-only';
import type { Db } from '@/db/open';
import { recordAuditEvent } from '@/db/queries/audit';
import { findCredentials, setPasswordHashEndingSessions, type SessionUser } from '@/db/queries/users';
import { AppError, validationError } from '@/lib/errors';
import { getEnv } from '@/lib/env';
import { PasswordChange } from '@/lib/validation/account';
import { oidcConfig } from './oidc';
import { hashPassword, verifyPassword } from './password';
import { assertCan, type Actor } from './permissions';
import { recentSignIns, recordSecurityEvent } from './security-log';
import { issueSessionCookie } from './session-token';

function personOf(actor: Actor): SessionUser {
  assertCan(actor, 'account:manage');
  if (actor.kind !== 'user') throw new AppError('forbidden', 'Only a person has an account.');
  return { id: actor.id, email: actor.email, name: actor.name, role: actor.role };
}

/** What the account page shows: who you are, your last sign-ins, whether you have a password to change. */
export function accountOverview(db: Db, actor: Actor) {
  const user = personOf(actor);
  const [current, previous] = recentSignIns(db, actor, 2);
  return {
    user,
    /** This session's sign-in (the most recent), and the one before it. */
    lastSignIn: current ?? null,
    previousSignIn: previous ?? null,
    hasPassword: findCredentials(db, user.email)?.passwordHash.startsWith('scrypt$') ?? false,
    signOnName: oidcConfig(getEnv())?.name ?? null,
  };
}

/**
 * A person changes their own password. The current one must be right (a session left open on a
 * shared computer is not enough); the new one is 12+ characters. In one transaction: the new hash,
 * every session of theirs ended (the session generation moves on), the audit event (without any
 * hash) and the security log. Returns a fresh session cookie for this browser, so only the OTHER
 * sessions end.
 */
export async function changeOwnPassword(db: Db, actor: Actor, input: unknown, address: string | null) {
  const user = personOf(actor);
  const parsed = PasswordChange.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const stored = findCredentials(db, user.email);
  if (!stored?.passwordHash.startsWith('scrypt$')) {
    throw new AppError('conflict', 'Your account signs in through single sign-on and has no password here to change.');
  }
  // The slow parts (scrypt) before the transaction, which must not span an await.
  if (!(await verifyPassword(parsed.data.currentPassword, stored.passwordHash))) {
    recordSecurityEvent(db, { kind: 'sign_in_failed', method: 'password', userId: user.id, email: user.email, detail: 'wrong_current_password', address });
    throw new AppError('bad_request', 'Your current password is not right.', { currentPassword: ['Not your current password'] });
  }
  const passwordHash = await hashPassword(parsed.data.newPassword);
  db.transaction((tx) => {
    const generation = setPasswordHashEndingSessions(tx, user.id, passwordHash);
    if (generation === undefined) throw new AppError('not_found', 'Your account no longer exists.');
    recordAuditEvent(tx, { actorUserId: user.id, action: 'user.password', entityType: 'user', entityId: user.id, after: { sessionsEnded: true } });
    recordSecurityEvent(tx, { kind: 'password_change', userId: user.id, email: user.email, actorUserId: user.id, address });
  });
  return issueSessionCookie(db, user);
}
