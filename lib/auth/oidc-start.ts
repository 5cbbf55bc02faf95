import 'server-only';
import NextAuth from 'next-auth';
import { NextRequest } from 'next/server';
import { getEnv } from '@/lib/env';
import { safeCallbackPath } from './callback-url';
import { OIDC_PROVIDER_ID, oidcConfig } from './oidc';
import { getAuthOptions } from './options';

type Handler = (req: NextRequest, ctx: { params: Promise<{ nextauth: string[] }> }, options: ReturnType<typeof getAuthOptions>) => Promise<Response>;
const nextAuth = NextAuth as unknown as Handler;

/** next-auth's CSRF cookie (`__Host-` over https), as a Set-Cookie line starts. */
const CSRF_COOKIE = /^(__Host-)?next-auth\.csrf-token=/;

/** A second pass after the browser has been given next-auth's CSRF cookie. */
const RETRY = 'retry';

/** next-auth's own answer to one of its endpoints, asked in-process with the browser's cookies (next/headers). */
function askNextAuth(base: string, action: string[], init: { method: 'GET' | 'POST'; body?: URLSearchParams }): Promise<Response> {
  const url = new URL(`/api/auth/${action.join('/')}`, base);
  const request = new NextRequest(url, {
    method: init.method,
    ...(init.body ? { body: init.body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
  });
  return nextAuth(request, { params: Promise.resolve({ nextauth: action }) }, getAuthOptions());
}

function redirect(location: string, status: 303 | 307, cookiesFrom?: Response): Response {
  const headers = new Headers({ location, 'cache-control': 'no-store' });
  for (const cookie of cookiesFrom?.headers.getSetCookie() ?? []) headers.append('set-cookie', cookie);
  return new Response(null, { status, headers });
}

/**
 * The sign-in page's "Sign in with …" button posts here (a plain form: it works without
 * JavaScript; proxy.ts refuses a post from another site). next-auth starts a sign-on only from a
 * POST carrying its CSRF token, which must match its CSRF cookie; a server-rendered page cannot
 * set that cookie. So: ask next-auth for its token (with the browser's cookies). If that made a
 * new cookie, hand it to the browser with a 307, which repeats this same POST, now with the
 * cookie. With the cookie in place, post the token to next-auth's sign-in endpoint for the
 * provider and pass its answer on: the state and PKCE cookies, and the redirect to the provider
 * (or, when the provider cannot be reached, to the sign-in page with the reason).
 */
export async function startSignOn(request: Request): Promise<Response> {
  const env = getEnv();
  const base = env.NEXTAUTH_URL ?? env.PUBLIC_URL;
  const here = new URL(request.url);
  const signInPage = new URL('/signin', base);
  if (!oidcConfig(env)) return redirect(signInPage.href, 303);
  const form = new URLSearchParams(await request.text().catch(() => ''));
  const callbackUrl = safeCallbackPath(form.get('callbackUrl'));

  const csrf = await askNextAuth(base, ['csrf'], { method: 'GET' });
  const token = ((await csrf.json().catch(() => null)) as { csrfToken?: unknown } | null)?.csrfToken;
  if (typeof token !== 'string') return redirect(`${signInPage.href}?error=OAuthSignin`, 303);
  if (csrf.headers.getSetCookie().some((cookie) => CSRF_COOKIE.test(cookie))) {
    // The browser had no valid CSRF cookie: give it one and have it post again (once).
    if (here.searchParams.has(RETRY)) return redirect(`${signInPage.href}?error=Cookies`, 303);
    return redirect(`${new URL('/signin/oidc', base).pathname}?${RETRY}=1`, 307, csrf);
  }
  const started = await askNextAuth(base, ['signin', OIDC_PROVIDER_ID], {
    method: 'POST',
    body: new URLSearchParams({ csrfToken: token, callbackUrl }),
  });
  const location = started.headers.get('location');
  if (!location) return redirect(`${signInPage.href}?error=OAuthSignin`, 303, started);
  return redirect(location, 303, started);
}
