import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '@/db/open';
import { findCredentials, getActiveUser, type SessionUser } from '@/db/queries/users';
import { AppError } from '@/lib/errors';
import { RateLimiter } from '@/lib/rate-limit';
import { SignIn } from '@/lib/validation/sign-in';
import { INVALID_CREDENTIALS } from './messages';
import { getDummyHash, verifyPassword } from './password';

const FIFTEEN_MINUTES = 15 * 60 * 1000;
/** Per address: generous enough for a newsroom behind one NAT. Per email: stops guessing one account. */
export const SIGN_IN_LIMITS = { perAddress: 30, perEmail: 8 } as const;
/** Failures tolerated at full speed before each further failure is answered more slowly. */
const SLOW_AFTER = { email: 3, address: 24 } as const;
const FIRST_DELAY_MS = 200;
const MAX_DELAY_MS = 1600;

/**
 * One set of counters per process, kept on globalThis: Next bundles the sign-in action and
 * next-auth's route separately, each with its own copy of this module, and a guesser must not get
 * a fresh allowance by switching between them.
 */
const shared = globalThis as unknown as {
  claimbenchSignInLimiters?: { byAddress: RateLimiter; byEmail: RateLimiter; failuresByAddress: RateLimiter };
};
const { byAddress, byEmail, failuresByAddress } = (shared.claimbenchSignInLimiters ??= {
  byAddress: new RateLimiter({ limit: SIGN_IN_LIMITS.perAddress, windowMs: FIFTEEN_MINUTES }),
  byEmail: new RateLimiter({ limit: SIGN_IN_LIMITS.perEmail, windowMs: FIFTEEN_MINUTES }),
  // Failures only (byAddress counts every attempt): a colleague's success does not forgive a guesser.
  failuresByAddress: new RateLimiter({ limit: SIGN_IN_LIMITS.perAddress, windowMs: FIFTEEN_MINUTES }),
});

/**
 * How long to hold back the answer to the n-th failure in a window: nothing up to `slowAfter`,
 * then 200 ms doubling to a 1.6 s ceiling. Guessing gets slow before it is refused outright.
 */
export function failureDelayMs(failures: number, slowAfter: number): number {
  if (failures <= slowAfter) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (failures - slowAfter - 1));
}

/** The refusal of a sign-in attempt while the limit holds, with the seconds until it lifts. */
export function rateLimited(retryAfterSeconds: number): AppError {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return new AppError(
    'rate_limited',
    `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    {},
    retryAfterSeconds,
  );
}

/**
 * Checks an email and password. Unknown email, wrong password and disabled user all do the same
 * scrypt work and fail with the same message, so neither timing nor wording tells them apart.
 * Repeated failures for one email or from one address are answered ever more slowly, then refused
 * (rate_limited, with the seconds to wait) before any password is checked.
 */
export async function verifyCredentials(db: Db, input: unknown, address: string): Promise<SessionUser> {
  const parsed = SignIn.safeParse(input);
  if (!parsed.success) throw new AppError('unauthorized', INVALID_CREDENTIALS);
  const { email, password } = parsed.data;

  const addressCheck = byAddress.hit(address);
  if (!addressCheck.allowed) throw rateLimited(addressCheck.retryAfterSeconds);
  // Counted before the password check, so simultaneous guesses cannot all slip under the limit;
  // a successful sign-in clears the count.
  const emailCheck = byEmail.hit(email);
  if (!emailCheck.allowed) throw rateLimited(emailCheck.retryAfterSeconds);

  const row = findCredentials(db, email);
  const ok = await verifyPassword(password, row?.passwordHash ?? (await getDummyHash()));
  const user = ok && row && row.disabledAt === null ? getActiveUser(db, row.id) : undefined;
  if (!user) {
    const emailFailures = SIGN_IN_LIMITS.perEmail - emailCheck.remaining;
    const addressFailures = SIGN_IN_LIMITS.perAddress - failuresByAddress.hit(address).remaining;
    const delay = Math.max(failureDelayMs(emailFailures, SLOW_AFTER.email), failureDelayMs(addressFailures, SLOW_AFTER.address));
    if (delay > 0) await sleep(delay);
    throw new AppError('unauthorized', INVALID_CREDENTIALS);
  }
  byEmail.reset(email);
  return user;
}
