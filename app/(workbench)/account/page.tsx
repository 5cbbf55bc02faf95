import type { Metadata } from 'next';
import { accountOverview } from '@/lib/auth/account';
import { formatDateTime } from '@/lib/display/format-time';
import { signedInPage } from '@/lib/http/page-context';
import { PasswordForm } from './_components/password-form';
import '../settings/settings.css';

export const metadata: Metadata = { title: 'Your account' };

const METHOD: Record<string, string> = { password: 'with your password', oidc: 'through single sign-on' };

function SignInLine({ label, at }: { label: string; at: { createdAt: string; method: string | null } | null }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>
        {at ? (
          <>
            <time dateTime={at.createdAt}>{formatDateTime(at.createdAt)}</time> {at.method ? METHOD[at.method] ?? '' : ''}
          </>
        ) : (
          'No sign-in recorded'
        )}
      </dd>
    </>
  );
}

/** Your account: who you are, when you last signed in, and changing your password. */
export default async function AccountPage() {
  const { actor, db } = await signedInPage('account:manage');
  const account = accountOverview(db, actor);
  return (
    <div className="account-page">
      <h1>Your account</h1>
      <section aria-labelledby="account-heading" className="panel">
        <h2 id="account-heading">You</h2>
        <dl className="account-facts">
          <dt>Name</dt>
          <dd>{account.user.name}</dd>
          <dt>Email</dt>
          <dd>{account.user.email}</dd>
          <dt>Role</dt>
          <dd>{account.user.role}</dd>
          <SignInLine label="This sign-in" at={account.lastSignIn} />
          <SignInLine label="The sign-in before" at={account.previousSignIn} />
        </dl>
        <p className="muted">If you do not recognise a sign-in, change your password and tell an admin.</p>
      </section>
      <section aria-labelledby="password-heading" className="panel">
        <h2 id="password-heading">Password</h2>
        {account.hasPassword ? (
          <>
            <p className="lede">Changing it ends every other session of yours, on every device.</p>
            <PasswordForm />
          </>
        ) : (
          <p>
            You sign in through {account.signOnName ?? 'single sign-on'}; your account has no password here. Your organisation’s
            account settings are where you change how you sign in.
          </p>
        )}
      </section>
    </div>
  );
}
