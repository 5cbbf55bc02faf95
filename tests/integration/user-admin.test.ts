import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { getSessionGeneration, getSessionUser, getUserRecord, type SessionUser } from '@/db/queries/users';
import { auditEvents, users } from '@/db/schema';
import { verifyCredentials } from '@/lib/auth/credentials';
import { ConflictError } from '@/lib/history/conflicts';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/permissions';
import { changeUserRole, createUser, disableUser, enableUser, listUsers } from '@/lib/admin/users';
import { createTestDb } from '../helpers/test-db';

/**
 * User administration (admins manage users): every change is an admin's, made
 * at the version they were shown, with one audit event and never a password hash in sight.
 */

const PASSWORD = 'correct horse battery';
let db: Db;
let cleanup: () => void;
type UserActor = Extract<Actor, { kind: 'user' }>;
let admin: UserActor;

const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.org`;
const uniqueAddress = () => `198.51.100.${randomUUID()}`;
const asActor = (user: SessionUser): UserActor => ({ kind: 'user', ...user });

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a throw');
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected the promise to reject');
}

const version = (id: number) => getUserRecord(db, id)!.version;
const userEvents = (id: number) =>
  db.select().from(auditEvents).where(and(eq(auditEvents.entityType, 'user'), eq(auditEvents.entityId, id))).all();
const rawUserAudit = () =>
  db.$client.prepare(`SELECT before, after FROM audit_events WHERE entity_type = 'user'`).all() as { before: string | null; after: string | null }[];
const snapshot = () => ({
  users: db.$client.prepare('SELECT id, role, disabled_at, version, session_generation FROM users ORDER BY id').all(),
  audit: (db.$client.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n,
});

async function newUser(role: 'reviewer' | 'editor' | 'admin', label: string = role): Promise<SessionUser> {
  return createUser(db, admin, { email: uniqueEmail(label), name: `${label} person`, role, password: PASSWORD });
}

/** Nothing in the value, however deep, is a password hash or names one. */
function expectNoHash(value: unknown): void {
  const text = JSON.stringify(value);
  expect(text).not.toContain('scrypt$');
  expect(text).not.toMatch(/password/i);
  expect(text).not.toMatch(/session_?generation/i);
}

beforeAll(async () => {
  ({ db, cleanup } = createTestDb());
  admin = asActor(await createUser(db, null, { email: 'first-admin@example.org', name: 'Ada Admin', role: 'admin', password: PASSWORD }));
});
afterAll(() => cleanup());

describe('listUsers', () => {
  it('lists every user with role and status for an admin, without hashes', async () => {
    const reviewer = await newUser('reviewer', 'listed');
    const list = listUsers(db, admin);
    const row = list.find((u) => u.id === reviewer.id);
    expect(row).toEqual({
      ...reviewer,
      disabledAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      version: 1,
    });
    expectNoHash(list);
  });

  it('is refused to reviewers, editors and API keys', async () => {
    for (const role of ['reviewer', 'editor'] as const) {
      expect(thrown(() => listUsers(db, ({ ...admin, role }))).code).toBe('forbidden');
    }
    expect(thrown(() => listUsers(db, { kind: 'api_key', id: 1, scopes: ['verdicts:read'], name: 'cms' })).code).toBe('forbidden');
  });
});

describe('createUser in the app', () => {
  it('writes one user.create event by the admin with the record and no hash', async () => {
    const user = await newUser('editor', 'created');
    expectNoHash(user);
    const events = userEvents(user.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'user.create', actorUserId: admin.id, before: null });
    expect(events[0]!.after).toMatchObject({ email: user.email, role: 'editor', disabledAt: null, version: 1 });
    expectNoHash(events[0]);
  });

  it('is refused to an admin disabled since their page loaded, writing nothing', async () => {
    const other = asActor(await newUser('admin', 'was-admin'));
    disableUser(db, admin, { userId: other.id, version: version(other.id) });
    const before = snapshot();
    const error = await rejection(createUser(db, other, { email: uniqueEmail('late'), name: 'Late', role: 'reviewer', password: PASSWORD }));
    expect(error.code).toBe('forbidden');
    expect(snapshot()).toEqual(before);
  });
});

describe('changeUserRole', () => {
  it('changes the role at the version shown, bumps the version and writes one audit event', async () => {
    const user = await newUser('reviewer', 'promote');
    const after = changeUserRole(db, admin, { userId: user.id, role: 'editor', version: 1 });
    expect(after).toMatchObject({ id: user.id, role: 'editor', version: 2, disabledAt: null });
    expectNoHash(after);
    const events = userEvents(user.id).filter((e) => e.action === 'user.role');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorUserId: admin.id, before: { role: 'reviewer', version: 1 }, after: { role: 'editor', version: 2 } });
    expectNoHash(events[0]);
    // Read on the next request: the role now comes from the row.
    expect(getSessionUser(db, user.id, getSessionGeneration(db, user.id)!)?.role).toBe('editor');
  });

  it('refuses a save made on a stale page with who changed what, writing nothing', async () => {
    const user = await newUser('reviewer', 'stale-role');
    changeUserRole(db, admin, { userId: user.id, role: 'editor', version: 1 });
    const before = snapshot();
    const error = thrown(() => changeUserRole(db, admin, { userId: user.id, role: 'admin', version: 1 }));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).currentVersion).toBe(2);
    expect(error.message).toContain('Ada Admin changed role');
    expect(snapshot()).toEqual(before);
  });

  it('changes nothing and records nothing when the role is the same', async () => {
    const user = await newUser('editor', 'same-role');
    const before = snapshot();
    expect(changeUserRole(db, admin, { userId: user.id, role: 'editor', version: 1 })).toMatchObject({ role: 'editor', version: 1 });
    expect(snapshot()).toEqual(before);
  });

  it('refuses an admin changing their own role while another admin exists', async () => {
    const second = await newUser('admin', 'second-admin');
    const before = snapshot();
    const error = thrown(() => changeUserRole(db, admin, { userId: admin.id, role: 'editor', version: version(admin.id) }));
    expect(error.code).toBe('forbidden');
    expect(error.message).toContain('your own role');
    expect(Object.keys(error.fieldErrors)).toEqual(['role']);
    expect(snapshot()).toEqual(before);
    // Tidy up: the second admin steps down (by the first) so later tests know who the admins are.
    changeUserRole(db, admin, { userId: second.id, role: 'reviewer', version: version(second.id) });
  });

  it('refuses invalid input naming the field, and unknown users, writing nothing', async () => {
    const user = await newUser('reviewer', 'bad-role');
    const before = snapshot();
    const cases: [Record<string, unknown>, string][] = [
      [{ userId: user.id, role: 'superuser', version: 1 }, 'role'],
      [{ userId: 'abc', role: 'editor', version: 1 }, 'userId'],
      [{ userId: user.id, role: 'editor' }, 'version'],
      [{ userId: user.id, role: 'editor', version: 0 }, 'version'],
    ];
    for (const [input, field] of cases) {
      const error = thrown(() => changeUserRole(db, admin, input));
      expect(error.code, field).toBe('bad_request');
      expect(Object.keys(error.fieldErrors), field).toEqual([field]);
    }
    expect(thrown(() => changeUserRole(db, admin, { userId: 987_654, role: 'editor', version: 1 })).code).toBe('not_found');
    expect(snapshot()).toEqual(before);
  });

  it('is refused to editors and reviewers', async () => {
    const target = await newUser('reviewer', 'target');
    const before = snapshot();
    for (const role of ['reviewer', 'editor'] as const) {
      const actor = asActor(await newUser(role, `not-admin-${role}`));
      const error = thrown(() => changeUserRole(db, actor, { userId: target.id, role: 'admin', version: 1 }));
      expect(error.code).toBe('forbidden');
    }
    // Only the two users just created were added.
    expect(snapshot().users.length).toBe(before.users.length + 2);
    expect(getUserRecord(db, target.id)?.role).toBe('reviewer');
  });
});

describe('the last active admin', () => {
  it('can be neither demoted nor disabled, even by themself', async () => {
    const admins = listUsers(db, admin).filter((u) => u.role === 'admin' && u.disabledAt === null);
    expect(admins.map((u) => u.id)).toEqual([admin.id]);
    const before = snapshot();
    for (const role of ['editor', 'reviewer'] as const) {
      const error = thrown(() => changeUserRole(db, admin, { userId: admin.id, role, version: version(admin.id) }));
      expect(error.code).toBe('conflict');
      expect(error.message).toContain('last active admin');
      expect(Object.keys(error.fieldErrors)).toEqual(['role']);
    }
    const error = thrown(() => disableUser(db, admin, { userId: admin.id, version: version(admin.id) }));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('last active admin');
    expect(snapshot()).toEqual(before);
  });

  it('survives two admins disabling each other at once: the second is no longer an admin to act', async () => {
    const second = asActor(await newUser('admin', 'duel'));
    // Both pages were loaded while both were admins; the first save wins.
    const secondVersion = version(second.id);
    const firstVersion = version(admin.id);
    disableUser(db, admin, { userId: second.id, version: secondVersion });
    const before = snapshot();
    const error = thrown(() => disableUser(db, second, { userId: admin.id, version: firstVersion }));
    expect(error.code).toBe('forbidden');
    expect(snapshot()).toEqual(before);
    expect(getUserRecord(db, admin.id)?.disabledAt).toBeNull();
  });
});

describe('disableUser and enableUser', () => {
  it('disables: no sign-in, every session ended, one audit event; re-enabling lets them sign in again', async () => {
    const user = await newUser('reviewer', 'disable-me');
    const generation = getSessionGeneration(db, user.id)!;
    expect(getSessionUser(db, user.id, generation)).toEqual(user);

    const disabled = disableUser(db, admin, { userId: user.id, version: 1 });
    expect(disabled).toMatchObject({ id: user.id, version: 2, disabledAt: expect.any(String) });
    expectNoHash(disabled);
    expect(getSessionUser(db, user.id, generation)).toBeUndefined();
    expect(getSessionGeneration(db, user.id)).toBe(generation + 1);
    expect((await rejection(verifyCredentials(db, { email: user.email, password: PASSWORD }, uniqueAddress()))).code).toBe('unauthorized');

    const enabled = enableUser(db, admin, { userId: user.id, version: 2 });
    expect(enabled).toMatchObject({ version: 3, disabledAt: null });
    // The session from before stays ended; signing in again works.
    expect(getSessionUser(db, user.id, generation)).toBeUndefined();
    expect(await verifyCredentials(db, { email: user.email, password: PASSWORD }, uniqueAddress())).toEqual(user);

    const events = userEvents(user.id).filter((e) => e.action !== 'user.create');
    expect(events.map((e) => e.action)).toEqual(['user.disable', 'user.enable']);
    expect(events[0]).toMatchObject({ actorUserId: admin.id, before: { disabledAt: null, version: 1 }, after: { version: 2 } });
    expect(events[1]).toMatchObject({ before: { version: 2 }, after: { disabledAt: null, version: 3 } });
    expectNoHash(events);
  });

  it('refuses an admin disabling themself while another admin exists', async () => {
    const second = await newUser('admin', 'self-disable-guard');
    const before = snapshot();
    const error = thrown(() => disableUser(db, admin, { userId: admin.id, version: version(admin.id) }));
    expect(error.code).toBe('forbidden');
    expect(error.message).toContain('your own account');
    expect(snapshot()).toEqual(before);
    disableUser(db, admin, { userId: second.id, version: version(second.id) });
  });

  it('refuses stale versions, repeats and bad input, writing nothing', async () => {
    const user = await newUser('editor', 'status-refusals');
    changeUserRole(db, admin, { userId: user.id, role: 'reviewer', version: 1 });
    const before = snapshot();
    const stale = thrown(() => disableUser(db, admin, { userId: user.id, version: 1 }));
    expect(stale).toBeInstanceOf(ConflictError);
    expect(stale.message).toContain('changed role');
    expect(thrown(() => enableUser(db, admin, { userId: user.id, version: 2 })).message).toContain('already active');
    expect(thrown(() => disableUser(db, admin, { userId: user.id })).fieldErrors).toHaveProperty('version');
    expect(thrown(() => disableUser(db, admin, { version: 2 })).fieldErrors).toHaveProperty('userId');
    expect(thrown(() => disableUser(db, admin, { userId: 987_654, version: 1 })).code).toBe('not_found');
    expect(snapshot()).toEqual(before);

    disableUser(db, admin, { userId: user.id, version: 2 });
    const disabledState = snapshot();
    expect(thrown(() => disableUser(db, admin, { userId: user.id, version: 3 })).message).toContain('already disabled');
    expect(snapshot()).toEqual(disabledState);
  });

  it('is refused to editors and reviewers', async () => {
    const user = await newUser('reviewer', 'not-yours');
    const before = snapshot();
    for (const role of ['reviewer', 'editor'] as const) {
      const actor = ({ ...admin, role });
      expect(thrown(() => disableUser(db, actor, { userId: user.id, version: 1 })).code).toBe('forbidden');
    }
    expect(snapshot()).toEqual(before);
  });
});

describe('audit rows', () => {
  it('never hold a password hash, whatever was done to users', () => {
    const rows = rawUserAudit();
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) expect(`${row.before}${row.after}`).not.toContain('scrypt$');
    // The hashes are real, so the check above could have failed.
    const hashes = db.select({ hash: users.passwordHash }).from(users).all();
    expect(hashes.every((h) => h.hash.startsWith('scrypt$'))).toBe(true);
  });
});
