import 'server-only';
import { getServerSession, type Session } from 'next-auth';
import { cookies, headers } from 'next/headers';
import { connection } from 'next/server';
import { redirect } from 'next/navigation';
import { getDb } from '@/lib/database';
import { bumpSessionGeneration, type SessionUser } from '@/db/queries/users';
import type { Actor } from '@/lib/auth/permissions';
import { safeCallbackPath } from './callback-url';
import { getAuthOptions, type CurrentSession } from './options';
import { recordSecurityEvent } from './security-log';

/** next-auth's cookie for where to go after signing in; see readSession. */
const CALLBACK_URL_COOKIE = /(^|\.)next-auth\.callback-url$/;

/**
 * The session from the request's cookies. next-auth checks its callback-URL cookie on every
 * session read and throws when it is not a web address, which would make one bad cookie (set by
 * hand, or by a sibling site of the same domain) fail every page; reading a session never needs
 * that cookie, so it is left out.
 */
async function readSession() {
  const jar = (await cookies()).getAll().filter((cookie) => !CALLBACK_URL_COOKIE.test(cookie.name));
  const req = { headers: Object.fromEntries(await headers()), cookies: Object.fromEntries(jar.map((cookie) => [cookie.name, cookie.value])) };
  const res = { getHeader() {}, setCookie() {}, setHeader() {} };
  const read = getServerSession as unknown as (req: unknown, res: unknown, options: ReturnType<typeof getAuthOptions>) => Promise<Session | null>;
  return read(req, res, getAuthOptions());
}

/**
 * The signed-in user, read from their row on this request (one primary-key read, in the session
 * callback of lib/auth/options.ts), so a disabled user, a changed role or a sign-out takes effect
 * at the next request rather than at token expiry.
 */
export async function getCurrentUser(): Promise<SessionUser | null> {
  // Per-request by nature: never prerendered at build time.
  await connection();
  const session = (await readSession()) as CurrentSession | null;
  const user = session?.user;
  if (!user || !Number.isSafeInteger(user.id)) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

export function userActor(user: SessionUser): Actor {
  return { kind: 'user', id: user.id, role: user.role, name: user.name, email: user.email };
}

export async function getCurrentActor(): Promise<Actor | null> {
  const user = await getCurrentUser();
  return user ? userActor(user) : null;
}

/** For pages: the user, or a redirect to sign-in that comes back to this page afterwards. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (user) return user;
  const path = (await headers()).get('x-claimbench-path') ?? '/';
  redirect(`/signin?callbackUrl=${encodeURIComponent(safeCallbackPath(path))}`);
}

/**
 * Ends every session of the signed-in user, if any: their session generation moves on, so a copy
 * of the cookie kept from before stops working too, which a stateless JWT alone would not do.
 */
export async function endCurrentUserSessions(): Promise<void> {
  const user = await getCurrentUser();
  if (!user) return;
  getDb().transaction((tx) => {
    bumpSessionGeneration(tx, user.id);
    recordSecurityEvent(tx, { kind: 'sign_out', userId: user.id, email: user.email });
  });
}
