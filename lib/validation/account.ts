import { z } from 'zod';
import { SECURITY_EVENT_KINDS } from '@/db/enums';
import { positiveId } from './fields';
import { PASSWORD_MIN } from './user';

/** A person changes their own password: the current one proves it is them. */
export const PasswordChange = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password').max(1024),
    newPassword: z.string().min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters`).max(1024, 'Use at most 1,024 characters'),
    confirmPassword: z.string().max(1024),
  })
  .superRefine((value, ctx) => {
    if (value.confirmPassword !== value.newPassword) ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'Type the same new password twice' });
    if (value.newPassword === value.currentPassword) ctx.addIssue({ code: 'custom', path: ['newPassword'], message: 'Choose a password other than the current one' });
  });
export type PasswordChange = z.infer<typeof PasswordChange>;

/** An admin ends every session of one person without disabling them. */
export const EndSessions = z.object({ userId: positiveId });
export type EndSessions = z.infer<typeof EndSessions>;

export const SecurityEventKind = z.enum(SECURITY_EVENT_KINDS, { error: `Choose a kind: ${SECURITY_EVENT_KINDS.join(', ')}` });

/** The security log's filters and page, as its URL carries them; an empty value means "any". */
export const SecurityLogQuery = z.object({
  user: z.preprocess((value) => (value === '' ? undefined : value), positiveId.optional()),
  kind: z.preprocess((value) => (value === '' ? undefined : value), SecurityEventKind.optional()),
  cursor: z.preprocess((value) => (value === '' ? undefined : value), z.string().max(200).optional()),
});
export type SecurityLogQuery = z.infer<typeof SecurityLogQuery>;
