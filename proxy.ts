import { NextResponse, type NextRequest } from 'next/server';
import { crossSiteReason, crossSiteResponse } from '@/lib/http/cross-site';
import { contentSecurityPolicy, createNonce } from '@/lib/http/csp';
import { getEnv } from '@/lib/env';

/**
 * Runs before every page, server action and workbench route: refuses state-changing requests sent
 * by another site's pages (a clean 403 before any action runs; Next itself would answer 500), then
 * gives the request a fresh CSP nonce (Next reads it from the request's CSP header and puts it on
 * its own scripts), and the path so a sign-in redirect can come back.
 * Authorisation is not decided here; every page, action and route checks it next to the data.
 */
export function proxy(request: NextRequest) {
  const crossSite = crossSiteReason(request, () => getEnv().PUBLIC_URL);
  if (crossSite) return crossSiteResponse(crossSite);

  const nonce = createNonce();
  const issuer = getEnv().OIDC_ISSUER;
  const csp = contentSecurityPolicy(nonce, {
    development: process.env.NODE_ENV === 'development',
    ...(issuer ? { formActionOrigins: [new URL(issuer).origin] } : {}),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  requestHeaders.set('x-claimbench-path', `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

export const config = {
  // Pages, actions and workbench routes. API routes skip the proxy (it would cost about as much CPU
  // as a cached API read; BENCHMARKS.md) and get a fixed CSP from next.config.mjs: /api/v1 takes only API
  // keys, never the session cookie, so another site's page cannot act through it; next-auth's own
  // POSTs carry its CSRF token; session-reading /api routes refuse cross-site writes in sessionRoute.
  matcher: [{ source: '/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)' }],
};
