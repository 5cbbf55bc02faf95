import 'server-only';
import { rateLimited } from './sign-in-limits';
import { INVALID_CREDENTIALS, PASSWORD_SIGN_IN_OFF, PASSWORD_SIGN_IN_OFF_ERROR, RATE_LIMITED_ERROR } from './messages';

/** What to tell a person the rate limiter holds back, in the limiter's own words. */
function waitNotice(retryAfter: string | null): string {
  const seconds = Number(retryAfter);
  return rateLimited(Number.isSafeInteger(seconds) && seconds > 0 ? Math.min(seconds, 24 * 60 * 60) : 15 * 60).message;
}

/**
 * What the sign-in page says when next-auth (or the sign-on decision, lib/auth/oidc-sign-in.ts)
 * sends the browser back with ?error=. Only known codes are put into words; the query string is
 * never echoed. `provider` is OIDC_NAME, the sign-on button's label.
 */
export function signInNotice(error: string | null, retryAfter: string | null, provider: string): string | null {
  if (!error) return null;
  switch (error) {
    case 'CredentialsSignin':
      return INVALID_CREDENTIALS;
    case RATE_LIMITED_ERROR:
      return waitNotice(retryAfter);
    case PASSWORD_SIGN_IN_OFF_ERROR:
      return PASSWORD_SIGN_IN_OFF;
    case 'OAuthSignin':
      return `${provider} could not be reached, so signing in with it could not start. Try again in a minute; if it keeps happening, tell whoever runs Claimbench.`;
    case 'OAuthCallback':
      return `Signing in with ${provider} could not be completed: it was started in another browser or tab, took too long, or the provider’s answer could not be checked. Start again from this page.`;
    case 'SignOnIssuer':
      return `Signing in was refused: the provider that answered is not the one this desk is set up to trust (its issuer differs). Tell whoever runs Claimbench.`;
    case 'SignOnUnverified':
      return `Signing in was refused: ${provider} did not confirm that your email address is verified, so Claimbench cannot tell who you are. Verify your address with ${provider}, then try again.`;
    case 'SignOnDomain':
      return `Signing in was refused: your email address is not in a domain this desk accepts for new accounts. Ask an admin to add you.`;
    case 'SignOnDisabled':
      return `Signing in was refused: your Claimbench account is disabled. Ask an admin to re-enable it.`;
    case 'Cookies':
      return 'Your browser did not keep the cookies signing in needs. Allow cookies for this site and try again.';
    default:
      return 'Sign-in did not work. Please try again.';
  }
}
