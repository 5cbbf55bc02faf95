import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { signInChoices } from '@/lib/auth/oidc';
import { getCurrentUser } from '@/lib/auth/session';
import { signInNotice } from '@/lib/auth/sign-in-notices';
import { SignInForm } from './_components/sign-in-form';
import { SignOnButton } from './_components/sign-on-button';

export const metadata: Metadata = { title: 'Sign in' };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const param = (value: string | string[] | undefined) => (typeof value === 'string' ? value : null);

/**
 * The sign-on button (when OIDC_ISSUER is set) above the password form (unless PASSWORD_SIGNIN=0).
 * What next-auth's endpoints send back with ?error= is said once, at the top (lib/auth/sign-in-notices.ts).
 */
export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(param(params.callbackUrl));
  if (await getCurrentUser()) redirect(callbackUrl);
  const { signOn, password } = signInChoices();
  const notice = signInNotice(param(params.error), param(params.retryAfter), signOn?.name ?? 'single sign-on');
  return (
    <main id="main" className="page narrow signin">
      <h1>Sign in to Claimbench</h1>
      <p className="lede">The claim-verification workbench of your fact-checking desk.</p>
      {signOn ? (
        <>
          {notice ? (
            <div role="alert" className="form-alert signin-notice">
              <p>{notice}</p>
            </div>
          ) : null}
          <SignOnButton name={signOn.name} callbackUrl={callbackUrl} />
          {password ? <p className="signin-or">Or sign in with your Claimbench password:</p> : null}
        </>
      ) : null}
      {password ? <SignInForm callbackUrl={callbackUrl} notice={signOn ? null : notice} /> : null}
    </main>
  );
}
