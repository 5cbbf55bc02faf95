'use client';

import { signIn } from 'next-auth/react';
import { useState, type FormEvent } from 'react';
import { INVALID_CREDENTIALS } from '@/lib/auth/messages';

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn('credentials', {
      email: String(data.get('email') ?? ''),
      password: String(data.get('password') ?? ''),
      redirect: false,
      callbackUrl,
    });
    if (!result || result.error) {
      // next-auth reports a refused password as "CredentialsSignin"; other errors carry our message.
      const message = result?.error && result.error !== 'CredentialsSignin' ? result.error : INVALID_CREDENTIALS;
      setError(message);
      setPending(false);
      return;
    }
    window.location.assign(callbackUrl);
  }

  return (
    <form method="post" className="form card" onSubmit={(event) => void submit(event)} noValidate>
      {error ? (
        <p role="alert" className="form-alert">
          {error}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required autoFocus />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <button type="submit" className="button primary" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
