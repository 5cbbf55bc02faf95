'use server';

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { deviceCookieName } from '@/lib/auth/device-cookie';
import { signInWithPassword } from '@/lib/auth/password-sign-in';
import { clientAddress } from '@/lib/http/client-address';
import { getEnv } from '@/lib/env';
import { AppError, fieldErrorsFromZod, type FieldErrors } from '@/lib/errors';
import { formValues } from '@/lib/http/server-action';
import { SignIn } from '@/lib/validation/sign-in';

/** Only the email comes back to the form; a password is never echoed. */
export type SignInState = { message: string; fieldErrors: FieldErrors; email: string } | null;

/**
 * Signs in with email and password: the same check (and the same per-address and per-email rate
 * limits) as next-auth's credentials endpoint, then the same session cookie next-auth would set.
 * It is a server action so the form works as a plain HTML POST without JavaScript too (Next checks
 * the Origin of every action, which keeps other sites from signing a browser in). It is the one
 * action without runAction: there is no one signed in to authorise yet.
 */
export async function signInAction(_: SignInState, formData: FormData): Promise<SignInState> {
  const values = formValues(formData);
  const email = (values.email ?? '').slice(0, 320);
  const callbackUrl = safeCallbackPath(values.callbackUrl);
  const parsed = SignIn.safeParse(values);
  if (!parsed.success) return { message: 'Enter your email and password.', fieldErrors: fieldErrorsFromZod(parsed.error), email };
  try {
    const jar = await cookies();
    const device = jar.get(deviceCookieName())?.value;
    const issued = await signInWithPassword(parsed.data, clientAddress(await headers(), getEnv().TRUST_PROXY), device);
    jar.set(issued.session.name, issued.session.value, issued.session.options);
    // Marks this browser as one its user signs in from: the account lock lets it through.
    jar.set(issued.device.name, issued.device.value, issued.device.options);
  } catch (error) {
    // Unknown email, wrong password and disabled account read alike; a rate limit says how long to wait.
    if (error instanceof AppError) return { message: error.message, fieldErrors: {}, email };
    console.error(error);
    return { message: 'Something went wrong; you are not signed in. Please try again.', fieldErrors: {}, email };
  }
  redirect(callbackUrl);
}
