import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { findUserByEmail, getActiveUser, getUserRecord } from '@/db/queries/users';
import { auditEvents, users } from '@/db/schema';
import { verifyCredentials } from '@/lib/auth/credentials';
import { INVALID_CREDENTIALS } from '@/lib/auth/messages';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/permissions';
import { changeUserRole, createUser, disableUser } from '@/lib/admin/users';
import { createTestDb } from '../helpers/test-db';

let db: Db;
let cleanup: () => void;
let admin: Actor;
const PASSWORD = 'correct horse battery';

/** A unique email and address per test: the sign-in limiters are module-level state. */
const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.org`;
const uniqueAddress = () => `203.0.113.${randomUUID()}`;

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected the promise to reject');
}

const countRows = (table: 'users' | 'audit_events') =>
  (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

beforeAll(async () => {
  ({ db, cleanup } = createTestDb());
  const row = await createUser(db, null, { email: 'admin@example.org', name: 'Ada Admin', role: 'admin', password: PASSWORD });
  admin = { kind: 'user', ...row };
});
afterAll(() => cleanup());

describe('createUser', () => {
  it('stores a scrypt hash, never the password, under a lowercased email', async () => {
    const user = await createUser(db, admin, { email: '  Mixed.Case@Example.ORG ', name: 'Mia', role: 'reviewer', password: PASSWORD });
    expect(user).toEqual({ id: expect.any(Number), email: 'mixed.case@example.org', name: 'Mia', role: 'reviewer' });
    expect(user).not.toHaveProperty('passwordHash');
    const row = db.select().from(users).where(eq(users.id, user.id)).get()!;
    expect(row.email).toBe('mixed.case@example.org');
    expect(row.passwordHash.startsWith('scrypt$')).toBe(true);
    expect(row.passwordHash).not.toBe(PASSWORD);
    expect(row.passwordHash).not.toContain(PASSWORD);
  });

  it('writes a user.create audit event by the acting admin, without the hash', async () => {
    const user = await createUser(db, admin, { email: uniqueEmail('audit'), name: 'Audit Me', role: 'editor', password: PASSWORD });
    const events = db.select().from(auditEvents).where(eq(auditEvents.entityId, user.id)).all().filter((e) => e.entityType === 'user');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'user.create', actorUserId: admin.id });
    const raw = db.$client.prepare('SELECT before, after FROM audit_events WHERE id = ?').get(events[0]!.id) as { before: string | null; after: string };
    expect(raw.after).toContain(user.email);
    expect(`${raw.before}${raw.after}`).not.toContain('scrypt$');
    expect(raw.after).not.toContain(PASSWORD);
  });

  it('refuses a duplicate email, in any case, as a conflict naming email', async () => {
    const email = uniqueEmail('dup');
    await createUser(db, admin, { email, name: 'First', role: 'reviewer', password: PASSWORD });
    const before = countRows('users');
    const error = await rejection(createUser(db, admin, { email: email.toUpperCase(), name: 'Second', role: 'reviewer', password: PASSWORD }));
    expect(error.code).toBe('conflict');
    expect(Object.keys(error.fieldErrors)).toEqual(['email']);
    expect(countRows('users')).toBe(before);
  });

  it('refuses invalid input naming the field, writing nothing', async () => {
    const before = [countRows('users'), countRows('audit_events')];
    const cases: [Record<string, unknown>, string][] = [
      [{ password: 'short' }, 'password'],
      [{ role: 'superuser' }, 'role'],
      [{ email: 'not-an-email' }, 'email'],
      [{ name: '  ' }, 'name'],
    ];
    for (const [override, field] of cases) {
      const body = { email: uniqueEmail('bad'), name: 'Bad Input', role: 'reviewer', password: PASSWORD, ...override };
      const error = await rejection(createUser(db, admin, body));
      expect(error.code, field).toBe('bad_request');
      expect(Object.keys(error.fieldErrors), field).toEqual([field]);
      expect(error.message).toContain(field);
    }
    expect([countRows('users'), countRows('audit_events')]).toEqual(before);
  });

  it('forbids a reviewer or editor from creating users', async () => {
    const before = countRows('users');
    for (const role of ['reviewer', 'editor'] as const) {
      const actor: Actor = { kind: 'user', id: admin.id, role, name: 'Not Admin', email: 'x@example.org' };
      const error = await rejection(createUser(db, actor, { email: uniqueEmail(role), name: 'N', role: 'admin', password: PASSWORD }));
      expect(error.code).toBe('forbidden');
    }
    expect(countRows('users')).toBe(before);
  });
});

describe('verifyCredentials', () => {
  async function newUser(label: string, role: 'reviewer' | 'editor' = 'reviewer') {
    return createUser(db, null, { email: uniqueEmail(label), name: label, role, password: PASSWORD });
  }

  it('returns the session user for the right password, in any email case, without the hash', async () => {
    const user = await newUser('right');
    const result = await verifyCredentials(db, { email: ` ${user.email.toUpperCase()} `, password: PASSWORD }, uniqueAddress());
    expect(result).toEqual(user);
    expect(result).not.toHaveProperty('passwordHash');
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    const user = await newUser('wrong');
    const address = uniqueAddress();
    const wrong = await rejection(verifyCredentials(db, { email: user.email, password: `${PASSWORD}!` }, address));
    const unknown = await rejection(verifyCredentials(db, { email: uniqueEmail('nobody'), password: PASSWORD }, address));
    for (const error of [wrong, unknown]) {
      expect(error.code).toBe('unauthorized');
      expect(error.message).toBe(INVALID_CREDENTIALS);
      expect(error.fieldErrors).toEqual({});
    }
  });

  it('refuses malformed input with the same message', async () => {
    for (const body of [null, {}, { email: 'x' }, { email: 'a@b.org', password: '' }, 'text']) {
      const error = await rejection(verifyCredentials(db, body, uniqueAddress()));
      expect(error.code).toBe('unauthorized');
      expect(error.message).toBe(INVALID_CREDENTIALS);
    }
  });

  it('refuses a disabled user with the same message, and getActiveUser stops returning them', async () => {
    const user = await newUser('disabled');
    expect(getActiveUser(db, user.id)).toEqual(user);
    disableUser(db, admin, { userId: user.id, version: getUserRecord(db, user.id)!.version });
    expect(getActiveUser(db, user.id)).toBeUndefined();
    expect(findUserByEmail(db, user.email)?.id).toBe(user.id);
    const error = await rejection(verifyCredentials(db, { email: user.email, password: PASSWORD }, uniqueAddress()));
    expect(error.code).toBe('unauthorized');
    expect(error.message).toBe(INVALID_CREDENTIALS);
    const actions = db.select().from(auditEvents).where(eq(auditEvents.entityId, user.id)).all().map((e) => e.action);
    expect(actions).toContain('user.disable');
  });

  it('reflects a role change on the next read', async () => {
    const user = await newUser('promoted');
    changeUserRole(db, admin, { userId: user.id, role: 'editor', version: getUserRecord(db, user.id)!.version });
    expect(getActiveUser(db, user.id)?.role).toBe('editor');
    expect((await verifyCredentials(db, { email: user.email, password: PASSWORD }, uniqueAddress())).role).toBe('editor');
    expect(getActiveUser(db, 987_654)).toBeUndefined();
  });

  it('slows then locks an email after 8 wrong passwords, even against the right one', async () => {
    const user = await newUser('locked');
    const address = uniqueAddress();
    const took: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const started = performance.now();
      const error = await rejection(verifyCredentials(db, { email: user.email, password: `guess-${i}` }, address));
      took.push(performance.now() - started);
      expect(error.code).toBe('unauthorized');
    }
    // From the fourth failure on, each answer is held back: 200, 400, 800, 1600, 1600 ms.
    expect(took[5]).toBeGreaterThanOrEqual(800);
    expect(took[6]).toBeGreaterThanOrEqual(1600);
    expect(took[7]).toBeGreaterThanOrEqual(1600);
    // Another address and another case of the same email: still the same account, still locked.
    const error = await rejection(verifyCredentials(db, { email: user.email.toUpperCase(), password: PASSWORD }, uniqueAddress()));
    expect(error.code).toBe('rate_limited');
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    expect(error.message).toMatch(/Try again in \d+ minutes?/);
    // Other accounts are untouched.
    const other = await newUser('unlocked');
    await expect(verifyCredentials(db, { email: other.email, password: PASSWORD }, address)).resolves.toEqual(other);
  }, 90_000);

  it('holds the per-email limit against simultaneous guesses', async () => {
    const user = await newUser('simultaneous');
    const attempts = Array.from({ length: 20 }, (_, i) =>
      verifyCredentials(db, { email: user.email, password: i === 19 ? PASSWORD : `guess-${i}` }, uniqueAddress()),
    );
    const results = await Promise.allSettled(attempts);
    const checked = results.filter((r) => r.status === 'rejected' && (r.reason as AppError).code === 'unauthorized');
    expect(checked.length).toBeLessThanOrEqual(8);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(0);
  }, 120_000);

  it('forgives earlier failures after a successful sign-in', async () => {
    const user = await newUser('forgiven');
    const address = uniqueAddress();
    for (let i = 0; i < 7; i += 1) await rejection(verifyCredentials(db, { email: user.email, password: 'nope' }, address));
    await verifyCredentials(db, { email: user.email, password: PASSWORD }, address);
    for (let i = 0; i < 7; i += 1) await rejection(verifyCredentials(db, { email: user.email, password: 'nope' }, address));
    await expect(verifyCredentials(db, { email: user.email, password: PASSWORD }, address)).resolves.toEqual(user);
  }, 90_000);

  it('limits one address to 30 attempts across emails', async () => {
    const address = uniqueAddress();
    for (let i = 0; i < 30; i += 1) {
      const error = await rejection(verifyCredentials(db, { email: uniqueEmail('spray'), password: 'x' }, address));
      expect(error.code).toBe('unauthorized');
    }
    const user = await newUser('behind-nat');
    const error = await rejection(verifyCredentials(db, { email: user.email, password: PASSWORD }, address));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    await expect(verifyCredentials(db, { email: user.email, password: PASSWORD }, uniqueAddress())).resolves.toEqual(user);
  }, 120_000);

  it('does the scrypt work for unknown emails as well as wrong passwords', async () => {
    const user = await newUser('timing');
    const timed = async (email: string) => {
      const start = performance.now();
      await rejection(verifyCredentials(db, { email, password: 'wrong password' }, uniqueAddress()));
      return performance.now() - start;
    };
    await timed(uniqueEmail('warmup')); // computes the dummy hash once
    expect(await timed(user.email)).toBeGreaterThanOrEqual(5);
    expect(await timed(uniqueEmail('unknown'))).toBeGreaterThanOrEqual(5);
  });
});
