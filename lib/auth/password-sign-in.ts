import 'server-only';
import { getDb } from '@/lib/database';
import type { SignIn } from '@/lib/validation/sign-in';
import { verifyCredentials } from './credentials';
import { issueDeviceCookie } from './device-cookie';
import { issueSessionCookie } from './session-token';

/**
 * The sign-in form's check: the email and password as next-auth's credentials endpoint checks
 * them (same rate limits, same generic refusal, thrown as an AppError), then the cookies to set
 * for the person who proved who they are: the session, and the device cookie that lets this
 * browser past a lock on the account (lib/auth/device-cookie.ts). `deviceCookie` is the one the
 * browser sent, if any. Sign-in has no actor yet, so this is where the database is opened.
 */
export async function signInWithPassword(input: SignIn, address: string, deviceCookie: string | undefined) {
  const db = getDb();
  const user = await verifyCredentials(db, input, address, deviceCookie);
  const session = await issueSessionCookie(db, user);
  return { session, device: issueDeviceCookie(user.id, deviceCookie) };
}
