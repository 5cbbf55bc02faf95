import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, createNonce } from '@/lib/csp';

/**
 * Runs before every page and route: a fresh CSP nonce per request (Next reads it from the request's
 * CSP header and puts it on its own scripts), and the path so a sign-in redirect can come back.
 * Authorisation is not decided here; every page, action and route checks it next to the data.
 */
export function proxy(request: NextRequest) {
  const nonce = createNonce();
  const csp = contentSecurityPolicy(nonce, { development: process.env.NODE_ENV === 'development' });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  requestHeaders.set('x-claimbench-path', `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

export const config = {
  // Pages only: API routes answer JSON and get a fixed CSP from next.config.mjs, and skipping the
  // proxy saves about 1 ms of CPU per API request (tests/bench/api.ts).
  matcher: [{ source: '/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)' }],
};
