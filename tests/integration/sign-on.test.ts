import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { createUser, disableUser, listUsers } from '@/lib/admin/users';
import { verifyCredentials } from '@/lib/auth/credentials';
import { decideSignOn } from '@/lib/auth/oidc-sign-in';
import { AppError } from '@/lib/errors';
import { createTestDb } from '../helpers/test-db';
import { userActor, type UserActor } from '../helpers/actors';
import { tableCounts } from '../helpers/table-counts';

/**
 * The sign-on decision (lib/auth/oidc-sign-in.ts) on a real database: who gets in on the ID token's
 * claims, with what role, and what is written — the account and its audit event only for a new
 * person of an allowed domain, a security event always.
 */

const ISSUER = 'https://idp.newsroom.example/realms/desk';
const CONFIG = { issuer: ISSUER, allowedDomains: ['newsroom.example'], defaultRole: 'reviewer' as const };
let db: Db;
let cleanup: () => void;
let admin: UserActor;

const claims = (email: string, extra: Record<string, unknown> = {}) => ({ iss: ISSUER, sub: `sub-${email}`, email, email_verified: true, name: 'Pat Person', ...extra });
const lastEvent = () => db.$client.prepare('SELECT kind, method, detail, email, user_id AS userId FROM security_events ORDER BY id DESC LIMIT 1').get();

beforeAll(async () => {
  ({ db, cleanup } = createTestDb());
  const first = await createUser(db, null, { email: 'admin@newsroom.example', name: 'Ada Admin', role: 'admin', password: 'admin-password-long' });
  admin = userActor(first);
  await createUser(db, null, { email: 'ed@elsewhere.example', name: 'Ed Editor', role: 'editor', password: 'editor-password-long' });
});

afterAll(() => cleanup());

describe('decideSignOn', () => {
  it('lets an existing user in by verified email, as themself with their own role, whatever their domain', () => {
    const decision = decideSignOn(db, claims('Ed@Elsewhere.example', { name: 'Someone Else' }), CONFIG, '203.0.113.5');
    expect(decision).toMatchObject({ ok: true, created: false, user: { email: 'ed@elsewhere.example', name: 'Ed Editor', role: 'editor' } });
    expect(lastEvent()).toMatchObject({ kind: 'sign_in', method: 'oidc', detail: null });
  });

  it('creates a new person of an allowed domain with the default role, audited as made by sign-on, without a usable password', async () => {
    const decision = decideSignOn(db, claims('nadia@newsroom.example', { name: 'Nadia New', role: 'admin', groups: ['admins'] }), CONFIG, null);
    expect(decision).toMatchObject({ ok: true, created: true, user: { email: 'nadia@newsroom.example', name: 'Nadia New', role: 'reviewer' } });
    const audit = db.$client.prepare("SELECT action, actor_user_id AS actor, json_extract(after, '$.via') AS via FROM audit_events WHERE entity_type = 'user' ORDER BY id DESC LIMIT 1").get();
    expect(audit).toEqual({ action: 'user.create', actor: null, via: 'sign_on' });
    const kinds = db.$client.prepare("SELECT kind FROM security_events WHERE email = 'nadia@newsroom.example' ORDER BY id").all();
    expect(kinds).toEqual([{ kind: 'sign_on_account_created' }, { kind: 'sign_in' }]);
    // No password signs in to an account made by sign-on.
    await expect(verifyCredentials(db, { email: 'nadia@newsroom.example', password: '!sign-on' }, '203.0.113.9')).rejects.toBeInstanceOf(AppError);
    // The second time, the same account.
    expect(decideSignOn(db, claims('nadia@newsroom.example'), CONFIG, null)).toMatchObject({ ok: true, created: false });
  });

  it.each([
    ['an issuer that differs by a trailing slash', claims('nadia@newsroom.example', { iss: `${ISSUER}/` }), 'issuer_mismatch'],
    ['another issuer', claims('nadia@newsroom.example', { iss: 'https://evil.example' }), 'issuer_mismatch'],
    ['an unverified email', claims('uma@newsroom.example', { email_verified: false }), 'unverified_email'],
    ['an email without email_verified', claims('uma@newsroom.example', { email_verified: undefined }), 'unverified_email'],
    ['no email at all', { iss: ISSUER, sub: 'x', email_verified: true }, 'unverified_email'],
    ['an existing user whose email is not verified', claims('ed@elsewhere.example', { email_verified: 'false' }), 'unverified_email'],
    ['another domain', claims('otto@elsewhere.example'), 'domain_not_allowed'],
    ['a subdomain of an allowed domain', claims('sam@sub.newsroom.example'), 'domain_not_allowed'],
    ['an allowed domain as a suffix of another', claims('sam@fakenewsroom.example'), 'domain_not_allowed'],
  ])('refuses %s, and creates nothing', (_label, given, reason) => {
    const before = tableCounts(db);
    expect(decideSignOn(db, given, CONFIG, '203.0.113.7')).toEqual({ ok: false, reason });
    const after = tableCounts(db);
    expect({ ...after, security_events: 0 }).toEqual({ ...before, security_events: 0 });
    expect(after.security_events).toBe(before.security_events! + 1);
    expect(lastEvent()).toMatchObject({ kind: 'sign_in_failed', method: 'oidc', detail: reason });
  });

  it('refuses a disabled user, who keeps their account as it is', () => {
    const target = listUsers(db, admin).find((user) => user.email === 'ed@elsewhere.example')!;
    disableUser(db, admin, { userId: target.id, version: target.version });
    expect(decideSignOn(db, claims('ed@elsewhere.example'), CONFIG, null)).toEqual({ ok: false, reason: 'disabled' });
    expect(lastEvent()).toMatchObject({ kind: 'sign_in_failed', detail: 'disabled', userId: target.id });
  });

  it('with no allowed domains, lets only existing users in', () => {
    expect(decideSignOn(db, claims('zoe@newsroom.example'), { ...CONFIG, allowedDomains: [] }, null)).toEqual({ ok: false, reason: 'domain_not_allowed' });
    expect(decideSignOn(db, claims('admin@newsroom.example'), { ...CONFIG, allowedDomains: [] }, null)).toMatchObject({ ok: true, user: { role: 'admin' } });
  });
});
