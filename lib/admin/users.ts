import 'server-only';
import type { Db, DbOrTx, Tx } from '@/db/open';
import { recordAuditEvent } from '@/db/queries/audit';
import {
  countActiveAdmins,
  findUserByEmail,
  getActiveUser,
  getUserRecord,
  insertUser,
  listUserRecords,
  updateUserAtVersion,
  type SessionUser,
  type UserChange,
  type UserRecord,
} from '@/db/queries/users';
import { suspendKeysOf } from '../api/keys';
import { hashPassword } from '../auth/password';
import { staleVersionError } from '../history/conflicts';
import { AppError, validationError } from '../errors';
import { assertCan, auditActor, roleCan, type Actor } from '../auth/permissions';
import { UserCreate, UserRoleChange, UserStatusChange } from '../validation/user';

export type { UserRecord };

const LABEL = 'user';
const LAST_ADMIN = 'This is the last active admin: make another user an admin first, so someone can still manage users.';

const duplicateEmail = () => new AppError('conflict', 'A user with that email already exists.', { email: ['Already in use'] });

/**
 * The actor's role was read at the start of the request; inside the transaction, make sure they
 * are still an active admin (another admin may have disabled or demoted them a moment ago).
 */
export function requireActingAdmin(tx: DbOrTx, actor: Actor): void {
  const current = actor.kind === 'user' ? getActiveUser(tx, actor.id) : undefined;
  if (current?.role !== 'admin') throw new AppError('forbidden', 'You do not have permission to do that.');
}

/** Every user, without password hashes. */
export function listUsers(db: DbOrTx, actor: Actor): UserRecord[] {
  assertCan(actor, 'user:manage');
  return listUserRecords(db);
}

/**
 * Creates a user. `actor` null means the operator's command line (npm run user:create), which
 * runs with the database file's own permissions; in the app an admin is required.
 */
export async function createUser(db: Db, actor: Actor | null, input: unknown): Promise<SessionUser> {
  if (actor) assertCan(actor, 'user:manage');
  const parsed = UserCreate.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const { password, ...profile } = parsed.data;
  if (findUserByEmail(db, profile.email)) throw duplicateEmail();
  // The slow part (scrypt) before the transaction, which must not span an await.
  const passwordHash = await hashPassword(password);
  try {
    return db.transaction((tx) => {
      if (actor) requireActingAdmin(tx, actor);
      return insertUser(tx, { ...profile, passwordHash }, actor ? auditActor(actor).actorUserId : null);
    });
  } catch (error) {
    // Another writer created the same email between the check and the insert.
    if (error instanceof Error && /UNIQUE constraint failed: users\.email/.test(error.message)) throw duplicateEmail();
    throw error;
  }
}

/**
 * One change to one user, by an admin, at the version they were shown: the guard rails decide
 * whether it may happen, then the row and its audit event are written together.
 */
function changeUser(
  db: Db,
  actor: Actor,
  input: { userId: number; version: number },
  change: {
    action: string;
    values: (before: UserRecord) => UserChange | null;
    guard: (tx: Tx, before: UserRecord) => void;
    /** What else the change brings about, in the same transaction (suspending the person's API keys). */
    then?: (tx: Tx, before: UserRecord, after: UserRecord) => void;
  },
): UserRecord {
  assertCan(actor, 'user:manage');
  return db.transaction((tx) => {
    requireActingAdmin(tx, actor);
    const before = getUserRecord(tx, input.userId);
    if (!before) throw new AppError('not_found', 'That user does not exist.');
    if (before.version !== input.version) throw staleVersionError(tx, { type: LABEL, id: before.id, label: LABEL }, input.version, before.version);
    change.guard(tx, before);
    const values = change.values(before);
    if (!values) return before;
    const after = updateUserAtVersion(tx, before.id, input.version, values);
    if (!after) throw staleVersionError(tx, { type: LABEL, id: before.id, label: LABEL }, input.version, input.version + 1);
    recordAuditEvent(tx, { ...auditActor(actor), action: change.action, entityType: LABEL, entityId: before.id, before, after });
    change.then?.(tx, before, after);
    return after;
  });
}

/**
 * Whether taking `user` out of the active admins would leave none. The acting admin is active and
 * may not change themself, so through the app this is the case of the sole admin acting on their
 * own account; checked first so they are told why, and kept as the rule whatever the caller.
 */
function isLastActiveAdmin(tx: Tx, user: UserRecord): boolean {
  return user.role === 'admin' && user.disabledAt === null && countActiveAdmins(tx, user.id) === 0;
}

/**
 * Gives a user another role. Admins cannot change their own, and the last active admin stays one.
 * A role that does not manage API keys (reviewer) suspends the keys the person holds.
 */
export function changeUserRole(db: Db, actor: Actor, input: unknown): UserRecord {
  assertCan(actor, 'user:manage');
  const parsed = UserRoleChange.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const { role } = parsed.data;
  return changeUser(db, actor, parsed.data, {
    action: 'user.role',
    guard: (tx, before) => {
      if (role !== 'admin' && isLastActiveAdmin(tx, before)) throw new AppError('conflict', LAST_ADMIN, { role: [LAST_ADMIN] });
      if (before.id === actor.id) {
        throw new AppError('forbidden', 'You cannot change your own role; ask another admin.', { role: ['Not your own'] });
      }
    },
    // The same role again changes nothing and records nothing.
    values: (before) => (before.role === role ? null : { role }),
    // A key acts with its holder's authority: one who no longer manages keys holds none that work.
    then: (tx, before, after) => {
      if (roleCan(before.role, 'apikey:manage') && !roleCan(after.role, 'apikey:manage')) suspendKeysOf(tx, actor, after.id);
    },
  });
}

/**
 * Disables a user: they cannot sign in, every session they hold ends at its next request, and the
 * API keys they hold are suspended (an admin can reassign them: lib/api/keys.ts).
 * Admins cannot disable themselves, and the last active admin cannot be disabled.
 */
export function disableUser(db: Db, actor: Actor, input: unknown): UserRecord {
  assertCan(actor, 'user:manage');
  const parsed = UserStatusChange.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  return changeUser(db, actor, parsed.data, {
    action: 'user.disable',
    guard: (tx, before) => {
      if (isLastActiveAdmin(tx, before)) throw new AppError('conflict', LAST_ADMIN);
      if (before.id === actor.id) throw new AppError('forbidden', 'You cannot disable your own account; ask another admin.');
      if (before.disabledAt !== null) throw new AppError('conflict', `${before.name} is already disabled.`);
    },
    values: () => ({ disabledAt: new Date().toISOString(), endSessions: true }),
    then: (tx, _before, after) => suspendKeysOf(tx, actor, after.id),
  });
}

/** Re-enables a disabled user: they can sign in again (their old sessions stay ended). */
export function enableUser(db: Db, actor: Actor, input: unknown): UserRecord {
  assertCan(actor, 'user:manage');
  const parsed = UserStatusChange.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  return changeUser(db, actor, parsed.data, {
    action: 'user.enable',
    guard: (_tx, before) => {
      if (before.disabledAt === null) throw new AppError('conflict', `${before.name} is already active.`);
    },
    values: () => ({ disabledAt: null }),
  });
}
