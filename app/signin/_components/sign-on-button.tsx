/**
 * The sign-on provider's button: a plain form post (no JavaScript needed) to /signin/oidc, which
 * hands the browser to the provider (lib/auth/oidc-start.ts).
 */
export function SignOnButton({ name, callbackUrl }: { name: string; callbackUrl: string }) {
  return (
    <form method="post" action="/signin/oidc" className="form card signin-sign-on">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <button type="submit" className="button primary">
        Sign in with {name}
      </button>
    </form>
  );
}
