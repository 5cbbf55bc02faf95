import type { Db } from '@/db/open';
import { findCredentials, getActiveUser, type SessionUser } from '@/db/queries/users';
import { AppError } from '@/lib/errors';
import { RateLimiter } from '@/lib/rate-limit';
import { SignIn } from '@/lib/validation/sign-in';
import { INVALID_CREDENTIALS } from './messages';
import { getDummyHash, verifyPassword } from './password';

const FIFTEEN_MINUTES = 15 * 60 * 1000;
// Per address: generous enough for a newsroom behind one NAT. Per email: stops guessing one account.
const byAddress = new RateLimiter({ limit: 30, windowMs: FIFTEEN_MINUTES });
const byEmail = new RateLimiter({ limit: 8, windowMs: FIFTEEN_MINUTES });

function rateLimited(retryAfterSeconds: number): AppError {
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
  if (!user) throw new AppError('unauthorized', INVALID_CREDENTIALS);
  byEmail.reset(email);
  return user;
}
