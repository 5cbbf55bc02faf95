/**
 * The Content-Security-Policy for a response: scripts only from this origin and carrying this
 * request's nonce ('strict-dynamic' lets Next's own loader add its chunks); nothing may frame us.
 * `formActionOrigins`: where a form post may end up besides this origin (the sign-on provider).
 */
export function contentSecurityPolicy(nonce: string, options: { development: boolean; formActionOrigins?: readonly string[] }): string {
  const scriptSrc = [`'self'`, `'nonce-${nonce}'`, `'strict-dynamic'`];
  if (options.development) scriptSrc.push(`'unsafe-eval'`);
  return [
    `default-src 'self'`,
    `script-src ${scriptSrc.join(' ')}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data:`,
    `font-src 'self'`,
    `connect-src 'self'`,
    `object-src 'none'`,
    `base-uri 'self'`,
    // Forms post here only; a sign-on provider's origin too, since the sign-on button's post is
    // redirected there and browsers hold the redirect of a form post to this directive.
    `form-action ${["'self'", ...(options.formActionOrigins ?? [])].join(' ')}`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
