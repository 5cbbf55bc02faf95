import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { rateLimited } from '@/lib/auth/sign-in-limits';
import { INVALID_CREDENTIALS, RATE_LIMITED_ERROR } from '@/lib/auth/messages';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { getCurrentUser } from '@/lib/auth/session';
import { SignInForm } from './_components/sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const param = (value: string | string[] | undefined) => (typeof value === 'string' ? value : null);

/**
 * What to say when next-auth's own endpoints send the browser back here with ?error=. Only known
 * codes are put into words; the query string is never echoed.
 */
function noticeFor(error: string | null, retryAfter: string | null): string | null {
  if (!error) return null;
  if (error === 'CredentialsSignin') return INVALID_CREDENTIALS;
  if (error === RATE_LIMITED_ERROR) {
    const seconds = Number(retryAfter);
    return rateLimited(Number.isSafeInteger(seconds) && seconds > 0 ? Math.min(seconds, 24 * 60 * 60) : 15 * 60).message;
  }
  return 'Sign-in did not work. Please try again.';
}

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(param(params.callbackUrl));
  if (await getCurrentUser()) redirect(callbackUrl);
  return (
    <main id="main" className="page narrow signin">
      <h1>Sign in to Claimbench</h1>
      <p className="lede">The claim-verification workbench of your fact-checking desk.</p>
      <SignInForm callbackUrl={callbackUrl} notice={noticeFor(param(params.error), param(params.retryAfter))} />
    </main>
  );
}
