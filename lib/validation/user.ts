import { z } from 'zod';
import { ROLES } from '@/db/enums';
import { requiredText } from './fields';

export const PASSWORD_MIN = 12;

export const UserCreate = z.object({
  email: z.string().trim().toLowerCase().max(320).pipe(z.email('Enter a valid email')),
  name: requiredText('name', 200),
  role: z.enum(ROLES, { error: `Choose a role: ${ROLES.join(', ')}` }),
  password: z
    .string()
    .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters`)
    .max(1024, 'Use at most 1,024 characters'),
});
export type UserCreate = z.infer<typeof UserCreate>;
