import 'server-only';
import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { users, type Role } from '../schema';
import { recordAuditEvent } from './audit';

/** What the session layer may know of a user: never the password hash. */
export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
}

/** What the user administration shows and audits: still never the hash, nor the session generation. */
export interface UserRecord extends SessionUser {
  disabledAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

const sessionColumns = { id: users.id, email: users.email, name: users.name, role: users.role };
const recordColumns = {
  ...sessionColumns,
  disabledAt: users.disabledAt,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
  version: users.version,
};

/** A primary-key read; disabled users are not returned. */
export function getActiveUser(db: DbOrTx, id: number): SessionUser | undefined {
  const row = db
    .select({ ...sessionColumns, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, id))
    .get();
  if (!row || row.disabledAt !== null) return undefined;
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}

/**
 * The one primary-key read made on every signed-in request: the user behind a session token, if
 * they are still active and the token was issued under their current session generation.
 */
export function getSessionUser(db: DbOrTx, id: number, generation: number): SessionUser | undefined {
  const row = db
    .select({ ...sessionColumns, disabledAt: users.disabledAt, sessionGeneration: users.sessionGeneration })
    .from(users)
    .where(eq(users.id, id))
    .get();
  if (!row || row.disabledAt !== null || row.sessionGeneration !== generation) return undefined;
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}

export function getSessionGeneration(db: DbOrTx, id: number): number | undefined {
  return db.select({ generation: users.sessionGeneration }).from(users).where(eq(users.id, id)).get()?.generation;
}

/** Ends every session of a user: tokens issued under the old generation are refused from now on. */
export function bumpSessionGeneration(db: DbOrTx, id: number): void {
  db.update(users)
    .set({ sessionGeneration: sql`${users.sessionGeneration} + 1` })
    .where(eq(users.id, id))
    .run();
}

/**
 * Sets a user's password hash and ends every session they hold (their generation moves on), in the
 * caller's transaction. Returns the new generation, for the one session that is to continue.
 */
export function setPasswordHashEndingSessions(db: DbOrTx, id: number, passwordHash: string): number | undefined {
  return db
    .update(users)
    .set({ passwordHash, sessionGeneration: sql`${users.sessionGeneration} + 1`, updatedAt: new Date().toISOString() })
    .where(eq(users.id, id))
    .returning({ generation: users.sessionGeneration })
    .get()?.generation;
}

/** Only the sign-in check reads the hash, and it never leaves lib/auth. */
export function findCredentials(db: DbOrTx, email: string) {
  return db
    .select({ id: users.id, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()))
    .get();
}

export function findUserByEmail(db: DbOrTx, email: string): SessionUser | undefined {
  return db.select(sessionColumns).from(users).where(eq(users.email, email.trim().toLowerCase())).get();
}

/** Every user for the administration page: active first, then by name. */
export function listUserRecords(db: DbOrTx): UserRecord[] {
  return db
    .select(recordColumns)
    .from(users)
    .orderBy(sql`${users.disabledAt} IS NOT NULL`, asc(users.name), asc(users.id))
    .all();
}

export function getUserRecord(db: DbOrTx, id: number): UserRecord | undefined {
  return db.select(recordColumns).from(users).where(eq(users.id, id)).get();
}

/** Active admins, leaving out one user (the one about to lose the role or be disabled). */
export function countActiveAdmins(db: DbOrTx, excludingId: number): number {
  const row = db
    .select({ n: sql<number>`count(*)` })
    .from(users)
    .where(and(eq(users.role, 'admin'), isNull(users.disabledAt), ne(users.id, excludingId)))
    .get();
  return row?.n ?? 0;
}

export interface UserChange {
  role?: Role;
  disabledAt?: string | null;
  /** Disabling ends the user's sessions too. */
  endSessions?: boolean;
}

/** Applies a change only at the version the editor read; undefined when it has moved on. */
export function updateUserAtVersion(db: DbOrTx, id: number, version: number, change: UserChange): UserRecord | undefined {
  const { endSessions, ...values } = change;
  return db
    .update(users)
    .set({
      ...values,
      ...(endSessions ? { sessionGeneration: sql`${users.sessionGeneration} + 1` } : {}),
      updatedAt: new Date().toISOString(),
      version: sql`${users.version} + 1`,
    })
    .where(and(eq(users.id, id), eq(users.version, version)))
    .returning(recordColumns)
    .get();
}

export interface NewUserInput {
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
}

/**
 * Inserts a user and its audit event in one transaction (a savepoint when called inside one).
 * actorUserId null = a command-line tool.
 */
export function insertUser(db: DbOrTx, input: NewUserInput, actorUserId: number | null = null, via?: 'sign_on'): SessionUser {
  return db.transaction((tx) => {
    const row = tx
      .insert(users)
      .values({ ...input, email: input.email.trim().toLowerCase() })
      .returning(recordColumns)
      .get();
    recordAuditEvent(tx, {
      actorUserId,
      action: 'user.create',
      entityType: 'user',
      entityId: row.id,
      // `via: 'sign_on'`: created at the person's first single sign-on, by no one (lib/auth/oidc-sign-in.ts).
      after: via ? { ...row, via } : row,
    });
    return { id: row.id, email: row.email, name: row.name, role: row.role };
  });
}
