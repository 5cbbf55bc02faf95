import 'server-only';
import { getServerSession } from 'next-auth';
import { headers } from 'next/headers';
import { connection } from 'next/server';
import { redirect } from 'next/navigation';
import type { SessionUser } from '@/db/queries/users';
import type { Actor } from '@/lib/permissions';
import { getAuthOptions, type CurrentSession } from './options';

/**
 * The signed-in user, read from their row on this request (one primary-key read, in the session
 * callback of lib/auth/options.ts), so a disabled user, a changed role or a sign-out takes effect
 * at the next request rather than at token expiry.
 */
export async function getCurrentUser(): Promise<SessionUser | null> {
  // Per-request by nature: never prerendered at build time.
  await connection();
  const session = (await getServerSession(getAuthOptions())) as CurrentSession | null;
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

/** Only same-site paths may be returned to after sign-in. */
export function safeCallbackPath(value: string | undefined | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value.slice(0, 2000);
}
