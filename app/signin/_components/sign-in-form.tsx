'use client';

import { useActionState, useEffect, useRef } from 'react';
import { signInAction } from '../actions';

/**
 * Email and password, posted to a server action: with JavaScript the page stays put and shows the
 * outcome; without it the browser posts the form and the page comes back with the same message.
 */
export function SignInForm({ callbackUrl, notice }: { callbackUrl: string; notice: string | null }) {
  const [state, formAction, pending] = useActionState(signInAction, null);
  const alertRef = useRef<HTMLDivElement>(null);
  const message = state?.message ?? notice;
  const errors = state?.fieldErrors ?? {};

  useEffect(() => {
    if (state) alertRef.current?.focus();
  }, [state]);

  const describedBy = (name: string) => (errors[name]?.length ? `${name}-error` : undefined);
  return (
    <form action={formAction} className="form card" noValidate>
      {message ? (
        <div role="alert" className="form-alert" tabIndex={-1} ref={alertRef}>
          <p>{message}</p>
        </div>
      ) : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <div className={`field${errors.email?.length ? ' has-error' : ''}`}>
        <label htmlFor="email">Email</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          maxLength={320}
          defaultValue={state?.email ?? ''}
          aria-invalid={errors.email?.length ? true : undefined}
          aria-describedby={describedBy('email')}
        />
        {errors.email?.length ? (
          <p id="email-error" className="field-error">
            {errors.email[0]}
          </p>
        ) : null}
      </div>
      <div className={`field${errors.password?.length ? ' has-error' : ''}`}>
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={1024}
          aria-invalid={errors.password?.length ? true : undefined}
          aria-describedby={describedBy('password')}
        />
        {errors.password?.length ? (
          <p id="password-error" className="field-error">
            {errors.password[0]}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button primary" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
