import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '@/db/open';
import { signInCounters } from '@/db/schema';
import { verifyCredentials } from '@/lib/auth/credentials';
import { issueDeviceCookie, readDeviceCookie } from '@/lib/auth/device-cookie';
import { beginSignInAttempt } from '@/lib/auth/sign-in-limits';
import { AppError } from '@/lib/errors';
import { createUser } from '@/lib/admin/users';
import { createTestDb } from '../helpers/test-db';

const PASSWORD = 'correct horse battery';
let db: Db;
let file: string;
let cleanup: () => void;

const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.org`;
const uniqueAddress = () => `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:${Math.floor(Math.random() * 0xffff).toString(16)}::/64`;

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a rejection');
}

async function newUser(label: string) {
  return createUser(db, null, { email: uniqueEmail(label), name: label, role: 'reviewer', password: PASSWORD });
}

beforeAll(() => {
  ({ db, file, cleanup } = createTestDb());
});

afterAll(() => cleanup());

describe('sign-in limits count failures only', () => {
  it('lets 40 people behind one address sign in within 15 minutes', async () => {
    const address = uniqueAddress();
    const people = await Promise.all(Array.from({ length: 4 }, (_, i) => newUser(`newsroom-${i}`)));
    for (let i = 0; i < 40; i += 1) {
      const person = people[i % people.length]!;
      await expect(verifyCredentials(db, { email: person.email, password: PASSWORD }, address)).resolves.toEqual(person);
    }
    // A mistyped password after all that is an ordinary failure, not a rate limit.
    expect((await rejection(verifyCredentials(db, { email: people[0]!.email, password: 'typo' }, address))).code).toBe('unauthorized');
  }, 120_000);

  it("does not forgive an address's failures when someone there signs in", async () => {
    const address = uniqueAddress();
    for (let i = 0; i < 29; i += 1) await rejection(verifyCredentials(db, { email: uniqueEmail('spray'), password: 'x' }, address));
    const colleague = await newUser('colleague');
    await verifyCredentials(db, { email: colleague.email, password: PASSWORD }, address);
    expect((await rejection(verifyCredentials(db, { email: uniqueEmail('spray'), password: 'x' }, address))).code).toBe('unauthorized');
    expect((await rejection(verifyCredentials(db, { email: colleague.email, password: PASSWORD }, address))).code).toBe('rate_limited');
  }, 120_000);
});

describe('sign-in counters in the database', () => {
  it('are shared by every connection to the file (every process) and outlive the one that wrote them', async () => {
    const user = await newUser('two-processes');
    const other = openDatabase(file);
    try {
      for (let i = 0; i < 4; i += 1) await rejection(verifyCredentials(db, { email: user.email, password: `a-${i}` }, uniqueAddress()));
      for (let i = 0; i < 4; i += 1) await rejection(verifyCredentials(other, { email: user.email, password: `b-${i}` }, uniqueAddress()));
    } finally {
      other.$client.close();
    }
    // Eight failures in all, half through a connection that is gone now.
    expect((await rejection(verifyCredentials(db, { email: user.email, password: PASSWORD }, uniqueAddress()))).code).toBe('rate_limited');
    const row = db.$client.prepare('SELECT count FROM sign_in_counters WHERE key = ?').get(`email:${user.email}`) as { count: number };
    expect(row.count).toBe(8);
  }, 60_000);

  it('evicts expired windows only', () => {
    const { db: own, cleanup: done } = createTestDb();
    try {
      const start = Date.UTC(2030, 0, 1);
      const scope = (n: number) => ({ address: `192.0.2.${n}`, email: `e${n}@example.org`, globalPerMinute: 1000 });
      for (let n = 0; n < 5; n += 1) beginSignInAttempt(own, scope(n), start);
      // Ten minutes on: nothing has expired but the global minute, which the next attempt renews.
      beginSignInAttempt(own, scope(9), start + 10 * 60_000);
      expect(own.select().from(signInCounters).all()).toHaveLength(13);
      // Sixteen minutes on: the first five attempts' windows have ended, the later one's have not.
      beginSignInAttempt(own, scope(10), start + 16 * 60_000);
      const keys = own.select({ key: signInCounters.key }).from(signInCounters).all().map((row) => row.key).sort();
      expect(keys).toEqual(['address:192.0.2.10', 'address:192.0.2.9', 'email:e10@example.org', 'email:e9@example.org', 'global']);
    } finally {
      done();
    }
  });
});

describe('the global ceiling on failed sign-ins a minute', () => {
  it('refuses everyone once reached, until the minute is over, but lets a known device through', () => {
    const { db: own, cleanup: done } = createTestDb();
    try {
      const now = Date.UTC(2030, 0, 1);
      const scope = (n: number) => ({ address: `198.51.100.${n}`, email: `spray${n}@example.org`, globalPerMinute: 5 });
      for (let n = 0; n < 5; n += 1) beginSignInAttempt(own, scope(n), now + n);
      let refused: unknown;
      try {
        beginSignInAttempt(own, scope(99), now + 10);
      } catch (error) {
        refused = error;
      }
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).code).toBe('rate_limited');
      expect((refused as AppError).retryAfterSeconds).toBeLessThanOrEqual(60);
      expect(() => beginSignInAttempt(own, { ...scope(99), deviceId: 'known-device' }, now + 10)).not.toThrow();
      expect(() => beginSignInAttempt(own, scope(99), now + 60_000)).not.toThrow();
    } finally {
      done();
    }
  });

  it('counts only failures: successes give their count back', () => {
    const { db: own, cleanup: done } = createTestDb();
    try {
      const scope = (n: number) => ({ address: `198.51.100.${n}`, email: `person${n}@example.org`, globalPerMinute: 3 });
      for (let n = 0; n < 10; n += 1) beginSignInAttempt(own, scope(n)).succeeded();
      expect(() => beginSignInAttempt(own, scope(11))).not.toThrow();
    } finally {
      done();
    }
  });
});

describe('a known device and the account lock', () => {
  async function lockedUser(label: string) {
    const user = await newUser(label);
    for (let i = 0; i < 8; i += 1) await rejection(verifyCredentials(db, { email: user.email, password: `guess-${i}` }, uniqueAddress()));
    expect((await rejection(verifyCredentials(db, { email: user.email, password: PASSWORD }, uniqueAddress()))).code).toBe('rate_limited');
    return user;
  }

  it('lets the account holder sign in from a browser they signed in from before', async () => {
    const user = await newUser('device-owner');
    const cookie = issueDeviceCookie(user.id);
    expect(cookie.options).toMatchObject({ httpOnly: true, sameSite: 'lax', path: '/' });
    expect(cookie.options.maxAge).toBeGreaterThanOrEqual(180 * 24 * 60 * 60);
    for (let i = 0; i < 8; i += 1) await rejection(verifyCredentials(db, { email: user.email, password: `guess-${i}` }, uniqueAddress()));
    expect((await rejection(verifyCredentials(db, { email: user.email, password: PASSWORD }, uniqueAddress()))).code).toBe('rate_limited');
    await expect(verifyCredentials(db, { email: user.email, password: PASSWORD }, uniqueAddress(), cookie.value)).resolves.toEqual(user);
    // Still locked for everyone else.
    expect((await rejection(verifyCredentials(db, { email: user.email, password: PASSWORD }, uniqueAddress()))).code).toBe('rate_limited');
  }, 90_000);

  it("does not let one account's device cookie, a forged one or a tampered one through another's lock", async () => {
    const victim = await lockedUser('victim');
    const attacker = await newUser('attacker');
    const attackersCookie = issueDeviceCookie(attacker.id).value;
    const [version, , deviceId, signature] = attackersCookie.split('.');
    const relabelled = [version, victim.id, deviceId, signature].join('.');
    for (const cookie of [attackersCookie, relabelled, `v1.${victim.id}.${'A'.repeat(22)}.${'B'.repeat(43)}`, 'junk']) {
      expect(readDeviceCookie(cookie)?.userId === victim.id).toBe(false);
      expect((await rejection(verifyCredentials(db, { email: victim.email, password: PASSWORD }, uniqueAddress(), cookie))).code).toBe('rate_limited');
    }
  }, 90_000);

  it("limits a known device's own failures, so its cookie is no licence to guess", async () => {
    const user = await newUser('device-guess');
    const cookie = issueDeviceCookie(user.id).value;
    for (let i = 0; i < 8; i += 1) {
      expect((await rejection(verifyCredentials(db, { email: user.email, password: `guess-${i}` }, uniqueAddress(), cookie))).code).toBe('unauthorized');
    }
    expect((await rejection(verifyCredentials(db, { email: user.email, password: PASSWORD }, uniqueAddress(), cookie))).code).toBe('rate_limited');
    // Another browser of the same person has its own count.
    await expect(verifyCredentials(db, { email: user.email, password: PASSWORD }, uniqueAddress(), issueDeviceCookie(user.id).value)).resolves.toEqual(user);
  }, 90_000);

  it('keeps the device id when the same user signs in again, and starts a new one for another user', async () => {
    const user = await newUser('same-device');
    const other = await newUser('other-user');
    const first = issueDeviceCookie(user.id);
    expect(readDeviceCookie(issueDeviceCookie(user.id, first.value).value)?.deviceId).toBe(readDeviceCookie(first.value)?.deviceId);
    const switched = readDeviceCookie(issueDeviceCookie(other.id, first.value).value);
    expect(switched?.userId).toBe(other.id);
    expect(switched?.deviceId).not.toBe(readDeviceCookie(first.value)?.deviceId);
  });
});
