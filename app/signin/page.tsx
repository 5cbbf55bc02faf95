import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getCurrentUser, safeCallbackPath } from '@/lib/auth/session';
import { SignInForm } from './_components/sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(typeof params.callbackUrl === 'string' ? params.callbackUrl : null);
  if (await getCurrentUser()) redirect(callbackUrl);
  return (
    <main id="main" className="page narrow signin">
      <h1>Sign in to Claimbench</h1>
      <p className="lede">The claim-verification workbench of your fact-checking desk.</p>
      <SignInForm callbackUrl={callbackUrl} />
    </main>
  );
}
