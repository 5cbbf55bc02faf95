import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { getSessionGeneration, getSessionUser } from '@/db/queries/users';
import { createUser } from '@/lib/admin/users';
import { endSessionsOf } from '@/lib/admin/user-sessions';
import { resetPasswordFromCommandLine } from '@/lib/admin/password-reset';
import { accountOverview, changeOwnPassword } from '@/lib/auth/account';
import { verifyCredentials } from '@/lib/auth/credentials';
import { securityLog } from '@/lib/auth/security-log';
import { AppError } from '@/lib/errors';
import { decode } from 'next-auth/jwt';
import { getEnv } from '@/lib/env';
import { createTestDb } from '../helpers/test-db';
import { userActor, type UserActor } from '../helpers/actors';
import { tableCounts } from '../helpers/table-counts';

/**
 * The account basics on a real database: changing one's own password (every other session ends,
 * this one goes on), the security log (append-only, filtered, keyset pages, admins only), an admin
 * ending someone's sessions without disabling them, and the break-glass reset.
 */

const OLD = 'the old password, long';
const NEW = 'a brand new password';
let db: Db;
let cleanup: () => void;
let admin: UserActor;
let reviewer: UserActor;

async function refusal(promise: Promise<unknown> | (() => unknown)): Promise<AppError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  ({ db, cleanup } = createTestDb());
  admin = userActor(await createUser(db, null, { email: 'admin@desk.example', name: 'Ada Admin', role: 'admin', password: 'admin-password-long' }));
  reviewer = userActor(await createUser(db, null, { email: 'rita@desk.example', name: 'Rita Reviewer', role: 'reviewer', password: OLD }));
});

afterAll(() => cleanup());

describe('changing one’s own password', () => {
  it('needs the current password, 12+ characters and the same new password twice; a refusal writes only the log of a wrong guess', async () => {
    const before = tableCounts(db);
    expect((await refusal(changeOwnPassword(db, reviewer, { currentPassword: OLD, newPassword: 'short', confirmPassword: 'short' }, null))).fieldErrors.newPassword).toBeDefined();
    expect((await refusal(changeOwnPassword(db, reviewer, { currentPassword: OLD, newPassword: NEW, confirmPassword: `${NEW}!` }, null))).fieldErrors.confirmPassword).toBeDefined();
    expect(tableCounts(db)).toEqual(before);
    const wrong = await refusal(changeOwnPassword(db, reviewer, { currentPassword: 'not the password', newPassword: NEW, confirmPassword: NEW }, '203.0.113.1'));
    expect(wrong.fieldErrors.currentPassword).toEqual(['Not your current password']);
    expect(tableCounts(db)).toEqual({ ...before, security_events: before.security_events! + 1 });
    await expect(verifyCredentials(db, { email: reviewer.email, password: OLD }, '203.0.113.2')).resolves.toMatchObject({ id: reviewer.id });
  });

  it('changes it, ends every other session and gives this browser a session of the new generation', async () => {
    const generation = getSessionGeneration(db, reviewer.id)!;
    expect(getSessionUser(db, reviewer.id, generation)).toBeDefined();
    const cookie = await changeOwnPassword(db, reviewer, { currentPassword: OLD, newPassword: NEW, confirmPassword: NEW }, null);
    // The sessions issued before (under the old generation) are refused from their next request …
    expect(getSessionUser(db, reviewer.id, generation)).toBeUndefined();
    // … and the cookie handed back carries the new one.
    const token = await decode({ token: cookie.value, secret: getEnv().AUTH_SECRET });
    expect(token?.gen).toBe(generation + 1);
    expect(getSessionUser(db, reviewer.id, token!.gen as number)).toMatchObject({ id: reviewer.id });
    await expect(verifyCredentials(db, { email: reviewer.email, password: OLD }, '203.0.113.3')).rejects.toBeInstanceOf(AppError);
    await expect(verifyCredentials(db, { email: reviewer.email, password: NEW }, '203.0.113.3')).resolves.toMatchObject({ id: reviewer.id });
    const audit = db.$client.prepare("SELECT action, actor_user_id AS actor, after FROM audit_events WHERE action = 'user.password'").all();
    expect(audit).toEqual([{ action: 'user.password', actor: reviewer.id, after: '{"sessionsEnded":true}' }]);
    expect(JSON.stringify(db.$client.prepare('SELECT * FROM security_events').all())).not.toContain('scrypt$');
  });

  it('shows the last sign-ins on the account page', () => {
    const overview = accountOverview(db, reviewer);
    expect(overview.hasPassword).toBe(true);
    expect(overview.lastSignIn).toMatchObject({ method: 'password' });
    expect(overview.previousSignIn).toMatchObject({ method: 'password' });
    expect(overview.lastSignIn!.createdAt >= overview.previousSignIn!.createdAt).toBe(true);
  });
});

describe('ending a person’s sessions and the break-glass reset', () => {
  it('lets an admin end every session of someone without disabling them; a reviewer may not', async () => {
    const generation = getSessionGeneration(db, reviewer.id)!;
    expect((await refusal(() => endSessionsOf(db, reviewer, { userId: admin.id }))).code).toBe('forbidden');
    expect((await refusal(() => endSessionsOf(db, admin, { userId: 'x' }))).fieldErrors.userId).toBeDefined();
    expect((await refusal(() => endSessionsOf(db, admin, { userId: 99_999 }))).code).toBe('not_found');
    endSessionsOf(db, admin, { userId: reviewer.id });
    expect(getSessionUser(db, reviewer.id, generation)).toBeUndefined();
    expect(getSessionUser(db, reviewer.id, generation + 1)).toMatchObject({ id: reviewer.id, role: 'reviewer' });
    await expect(verifyCredentials(db, { email: reviewer.email, password: NEW }, '203.0.113.4')).resolves.toMatchObject({ id: reviewer.id });
  });

  it('resets a password from the command line, ending the sessions', async () => {
    const generation = getSessionGeneration(db, reviewer.id)!;
    await resetPasswordFromCommandLine(db, { email: reviewer.email, password: 'reset by the operator' });
    expect(getSessionGeneration(db, reviewer.id)).toBe(generation + 1);
    await expect(verifyCredentials(db, { email: reviewer.email, password: 'reset by the operator' }, '203.0.113.5')).resolves.toMatchObject({ id: reviewer.id });
    expect((await refusal(resetPasswordFromCommandLine(db, { email: 'nobody@desk.example', password: 'long enough password' }))).code).toBe('not_found');
  });
});

describe('the security log', () => {
  it('is for admins, newest first, filtered by person and kind, in keyset pages', () => {
    expect(() => securityLog(db, reviewer, {})).toThrow(AppError);
    const all = securityLog(db, admin, {}, 1000).events;
    expect(all.map((event) => event.id)).toEqual([...all.map((event) => event.id)].sort((a, b) => b - a));
    const kinds = new Set(all.map((event) => event.kind));
    for (const kind of ['sign_in', 'sign_in_failed', 'password_change', 'sessions_ended']) expect(kinds).toContain(kind);
    const ended = securityLog(db, admin, { kind: 'sessions_ended' }).events;
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({ userName: 'Rita Reviewer', actorName: 'Ada Admin' });
    const mine = securityLog(db, admin, { user: String(reviewer.id), kind: 'password_change' }).events;
    expect(mine.map((event) => event.detail)).toEqual(['reset_from_command_line', null]);
    // Pages of two, by cursor, cover the filtered log exactly once.
    const seen: number[] = [];
    let cursor = '';
    for (let page = 0; page < 50; page += 1) {
      const result = securityLog(db, admin, { user: String(reviewer.id), cursor }, 2);
      seen.push(...result.events.map((event) => event.id));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen).toEqual(securityLog(db, admin, { user: String(reviewer.id) }, 1000).events.map((event) => event.id));
    expect(() => securityLog(db, admin, { kind: 'everything' })).toThrow(AppError);
    expect(() => securityLog(db, admin, { cursor: 'not-a-cursor!' })).toThrow(AppError);
  });

  it('refuses UPDATE and DELETE', () => {
    expect(() => db.$client.prepare("UPDATE security_events SET detail = 'x'").run()).toThrow(/append-only/);
    expect(() => db.$client.prepare('DELETE FROM security_events').run()).toThrow(/append-only/);
  });
});
