import 'server-only';
import type { Db } from '@/db/open';
import { recordAuditEvent } from '@/db/queries/audit';
import { findUserByEmail, setPasswordHashEndingSessions } from '@/db/queries/users';
import { hashPassword } from '../auth/password';
import { recordSecurityEvent } from '../auth/security-log';
import { AppError, validationError } from '../errors';
import { UserCreate } from '../validation/user';

const ResetInput = UserCreate.pick({ email: true, password: true });

/**
 * The operator's break-glass reset (npm run user:reset-password), run on the server with the
 * database file's own permissions: a new password for an existing user, every session of theirs
 * ended, audited with no actor (like npm run user:create) and logged as a password change.
 */
export async function resetPasswordFromCommandLine(db: Db, input: unknown) {
  const parsed = ResetInput.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const user = findUserByEmail(db, parsed.data.email);
  if (!user) throw new AppError('not_found', `No user has the email ${parsed.data.email}.`, { email: ['No such user'] });
  const passwordHash = await hashPassword(parsed.data.password);
  db.transaction((tx) => {
    setPasswordHashEndingSessions(tx, user.id, passwordHash);
    recordAuditEvent(tx, { actorUserId: null, action: 'user.password', entityType: 'user', entityId: user.id, after: { sessionsEnded: true, via: 'command_line' } });
    recordSecurityEvent(tx, { kind: 'password_change', userId: user.id, email: user.email, detail: 'reset_from_command_line' });
  });
  return user;
}
