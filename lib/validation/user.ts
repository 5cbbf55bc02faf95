import { z } from 'zod';
import { ROLES } from '@/db/enums';
import { Version } from './evidence';
import { positiveId, requiredText } from './fields';

export const PASSWORD_MIN = 12;

export const Role = z.enum(ROLES, { error: `Choose a role: ${ROLES.join(', ')}` });

export const UserCreate = z.object({
  email: z.string().trim().toLowerCase().max(320).pipe(z.email('Enter a valid email')),
  name: requiredText('name', 200),
  role: Role,
  password: z
    .string()
    .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters`)
    .max(1024, 'Use at most 1,024 characters'),
});
export type UserCreate = z.infer<typeof UserCreate>;

/** An admin gives a user another role, at the version of the user they were shown. */
export const UserRoleChange = z.object({ userId: positiveId, version: Version, role: Role });
export type UserRoleChange = z.infer<typeof UserRoleChange>;

/** Disabling or re-enabling a user, at the version they were shown. */
export const UserStatusChange = z.object({ userId: positiveId, version: Version });
export type UserStatusChange = z.infer<typeof UserStatusChange>;
