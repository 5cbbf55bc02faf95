import 'server-only';
import { encode, type JWT } from 'next-auth/jwt';
import type { Db } from '@/db/open';
import { getSessionGeneration, getSessionUser, type SessionUser } from '@/db/queries/users';
import { getEnv } from '@/lib/env';

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/**
 * The session cookie, named and set exactly as next-auth does for its JWT strategy, fixed here so
 * that next-auth's own routes and our sign-in action agree on it. Secure (with next-auth's
 * `__Secure-` prefix) when the app is served over https.
 */
export function sessionCookie(): { name: string; options: { httpOnly: true; sameSite: 'lax'; path: '/'; secure: boolean } } {
  const env = getEnv();
  const secure = (env.NEXTAUTH_URL ?? env.PUBLIC_URL).startsWith('https://');
  return {
    name: `${secure ? '__Secure-' : ''}next-auth.session-token`,
    options: { httpOnly: true, sameSite: 'lax', path: '/', secure },
  };
}

/** What a session token carries: who (sub) and the session generation it was issued under. */
export function sessionClaims(user: Pick<SessionUser, 'id' | 'name' | 'email'>, generation: number): JWT {
  return { sub: String(user.id), name: user.name, email: user.email, gen: generation };
}

/**
 * The user a decoded session token stands for on this request: read from their row, and only while
 * they are active and the token's generation is current (signing out and being disabled move it on).
 */
export function userOfToken(db: Db, token: JWT | null | undefined): SessionUser | undefined {
  const id = Number(token?.sub);
  const generation = token?.gen;
  if (!Number.isSafeInteger(id) || id <= 0 || typeof generation !== 'number') return undefined;
  return getSessionUser(db, id, generation);
}

/** A fresh session cookie for a user who has just proved who they are. */
export async function issueSessionCookie(db: Db, user: SessionUser) {
  const env = getEnv();
  const generation = getSessionGeneration(db, user.id) ?? 0;
  const value = await encode({ token: sessionClaims(user, generation), secret: env.AUTH_SECRET, maxAge: SESSION_MAX_AGE_SECONDS });
  const cookie = sessionCookie();
  return { name: cookie.name, value, options: { ...cookie.options, expires: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000) } };
}
