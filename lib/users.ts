import type { Db } from '@/db/open';
import { findUserByEmail, insertUser, type SessionUser } from '@/db/queries/users';
import { hashPassword } from './auth/password';
import { AppError, validationError } from './errors';
import { assertCan, type Actor } from './permissions';
import { UserCreate } from './validation/user';

/**
 * Creates a user. `actor` null means the operator's command line (npm run user:create), which
 * runs with the database file's own permissions; in the app an admin is required.
 */
export async function createUser(db: Db, actor: Actor | null, input: unknown): Promise<SessionUser> {
  if (actor) assertCan(actor, 'user:manage');
  const parsed = UserCreate.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const { password, ...profile } = parsed.data;
  if (findUserByEmail(db, profile.email)) {
    throw new AppError('conflict', 'A user with that email already exists.', { email: ['Already in use'] });
  }
  const passwordHash = await hashPassword(password);
  try {
    return insertUser(db, { ...profile, passwordHash }, actor?.kind === 'user' ? actor.id : null);
  } catch (error) {
    // Another writer created the same email between the check and the insert.
    if (error instanceof Error && /UNIQUE constraint failed: users\.email/.test(error.message)) {
      throw new AppError('conflict', 'A user with that email already exists.', { email: ['Already in use'] });
    }
    throw error;
  }
}
