import { z } from 'zod';

export const SignIn = z.object({
  email: z.string().trim().toLowerCase().min(1, 'Enter your email').max(320).pipe(z.email('Enter a valid email')),
  password: z.string().min(1, 'Enter your password').max(1024),
});
export type SignIn = z.infer<typeof SignIn>;
