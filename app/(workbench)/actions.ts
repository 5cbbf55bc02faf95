'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { endCurrentUserSessions } from '@/lib/auth/session';
import { sessionCookie } from '@/lib/auth/session-token';

/**
 * Signs out: ends every session of the signed-in user (a copy of the cookie kept from before stops
 * working too, which a stateless JWT alone would not do) and clears this browser's cookie. Like
 * sign-in it needs no permission, so it does not go through runAction; Next checks its Origin.
 */
export async function signOutAction(): Promise<void> {
  await endCurrentUserSessions();
  const cookie = sessionCookie();
  (await cookies()).set(cookie.name, '', { ...cookie.options, maxAge: 0 });
  redirect('/signin');
}
