import 'server-only';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '@/db/open';
import { findCredentials, getActiveUser, type SessionUser } from '@/db/queries/users';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { SignIn } from '@/lib/validation/sign-in';
import { readDeviceCookie } from './device-cookie';
import { INVALID_CREDENTIALS, PASSWORD_SIGN_IN_OFF } from './messages';
import { getDummyHash, verifyPassword } from './password';
import { recordSecurityEvent } from './security-log';
import { beginSignInAttempt, rateLimited, SIGN_IN_LIMITS } from './sign-in-limits';

export { rateLimited, SIGN_IN_LIMITS };

/** Failures tolerated at full speed before each further failure is answered more slowly. */
const SLOW_AFTER = { account: 3, address: 24 } as const;
const FIRST_DELAY_MS = 200;
const MAX_DELAY_MS = 1600;

/**
 * How long to hold back the answer to the n-th failure in a window: nothing up to `slowAfter`,
 * then 200 ms doubling to a 1.6 s ceiling. Guessing gets slow before it is refused outright.
 */
export function failureDelayMs(failures: number, slowAfter: number): number {
  if (failures <= slowAfter) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (failures - slowAfter - 1));
}

/**
 * Checks an email and password. Unknown email, wrong password and disabled user all do the same
 * scrypt work and fail with the same message, so neither timing nor wording tells them apart.
 * Failed sign-ins are counted per email, per address and for the whole app a minute
 * (lib/auth/sign-in-limits.ts); repeated failures are answered ever more slowly, then refused
 * (rate_limited, with the seconds to wait) before any password is checked. `deviceCookie` is the
 * browser's device cookie (lib/auth/device-cookie.ts): when it was issued to the account tried, the
 * account and address limits give way to the device's own.
 */
export async function verifyCredentials(db: Db, input: unknown, address: string, deviceCookie?: string | null): Promise<SessionUser> {
  // PASSWORD_SIGNIN=0: sign-on only. Refused before anything is counted or checked.
  if (!getEnv().PASSWORD_SIGNIN) throw new AppError('forbidden', PASSWORD_SIGN_IN_OFF);
  const parsed = SignIn.safeParse(input);
  if (!parsed.success) throw new AppError('unauthorized', INVALID_CREDENTIALS);
  const { email, password } = parsed.data;

  const row = findCredentials(db, email);
  const device = readDeviceCookie(deviceCookie);
  const knownDevice = device !== null && row !== undefined && device.userId === row.id ? device.deviceId : undefined;
  const attempt = beginSignInAttempt(db, {
    address,
    email,
    ...(knownDevice === undefined ? {} : { deviceId: knownDevice }),
    globalPerMinute: getEnv().SIGN_IN_MAX_FAILURES_PER_MINUTE,
  });

  const ok = await verifyPassword(password, row?.passwordHash ?? (await getDummyHash()));
  const user = ok && row && row.disabledAt === null ? getActiveUser(db, row.id) : undefined;
  if (!user) {
    // For the admins' security log only; the person is told the same thing whatever the reason.
    const detail = !row ? 'unknown_email' : !ok ? 'wrong_password' : 'disabled';
    recordSecurityEvent(db, { kind: 'sign_in_failed', method: 'password', userId: row?.id ?? null, email, detail, address });
    const delay = Math.max(failureDelayMs(attempt.accountFailures, SLOW_AFTER.account), failureDelayMs(attempt.addressFailures, SLOW_AFTER.address));
    if (delay > 0) await sleep(delay);
    throw new AppError('unauthorized', INVALID_CREDENTIALS);
  }
  attempt.succeeded();
  recordSecurityEvent(db, { kind: 'sign_in', method: 'password', userId: user.id, email: user.email, address });
  return user;
}
