import { eq } from 'drizzle-orm';
import type { Db } from '../open';
import { users, type Role } from '../schema';
import { recordAuditEvent } from './audit';

/** What the session layer may know of a user: never the password hash. */
export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
}

const sessionColumns = { id: users.id, email: users.email, name: users.name, role: users.role };

/** The one primary-key read made on every request; disabled users are not returned. */
export function getActiveUser(db: Db, id: number): SessionUser | undefined {
  const row = db
    .select({ ...sessionColumns, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, id))
    .get();
  if (!row || row.disabledAt !== null) return undefined;
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}

/** Only the sign-in check reads the hash, and it never leaves lib/auth. */
export function findCredentials(db: Db, email: string) {
  return db
    .select({ id: users.id, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()))
    .get();
}

export function findUserByEmail(db: Db, email: string): SessionUser | undefined {
  return db.select(sessionColumns).from(users).where(eq(users.email, email.trim().toLowerCase())).get();
}

export interface NewUserInput {
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
}

/** Inserts a user and its audit event in one transaction. actorUserId null = a command-line tool. */
export function insertUser(db: Db, input: NewUserInput, actorUserId: number | null = null): SessionUser {
  return db.transaction((tx) => {
    const row = tx
      .insert(users)
      .values({ ...input, email: input.email.trim().toLowerCase() })
      .returning(sessionColumns)
      .get();
    recordAuditEvent(tx, {
      actorUserId,
      action: 'user.create',
      entityType: 'user',
      entityId: row.id,
      after: row,
    });
    return row;
  });
}

/** Disables a user (they lose access at their next request). */
export function disableUser(db: Db, id: number, actorUserId: number | null = null): void {
  db.transaction((tx) => {
    const at = new Date().toISOString();
    const updated = tx.update(users).set({ disabledAt: at, updatedAt: at }).where(eq(users.id, id)).returning(sessionColumns).get();
    if (!updated) return;
    recordAuditEvent(tx, { actorUserId, action: 'user.disable', entityType: 'user', entityId: id, after: { disabledAt: at } });
  });
}

export function setUserRole(db: Db, id: number, role: Role, actorUserId: number | null = null): void {
  db.transaction((tx) => {
    const before = tx.select(sessionColumns).from(users).where(eq(users.id, id)).get();
    if (!before) return;
    const at = new Date().toISOString();
    tx.update(users).set({ role, updatedAt: at }).where(eq(users.id, id)).run();
    recordAuditEvent(tx, {
      actorUserId,
      action: 'user.role',
      entityType: 'user',
      entityId: id,
      before: { role: before.role },
      after: { role },
    });
  });
}
