import NextAuth from 'next-auth';
import { otherMethods } from '@/lib/http/methods';
import { getAuthOptions } from '@/lib/auth/options';
import { rateLimitedAs429 } from '@/lib/auth/sign-in-refusal';
import { AppError, ERROR_STATUS, problemResponse, type ErrorCode } from '@/lib/errors';

type RouteContext = { params: Promise<{ nextauth: string[] }> };

/** next-auth reads a JSON body with request.json() and turns a parse error into a 500. */
async function unreadableJson(request: Request): Promise<AppError | undefined> {
  if (request.method !== 'POST' || !/application\/json/i.test(request.headers.get('content-type') ?? '')) return undefined;
  try {
    const value: unknown = JSON.parse(await request.clone().text());
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return undefined;
  } catch {
    // Reported below.
  }
  return new AppError('bad_request', 'The body is not a JSON object.', { body: ['Expected a JSON object'] });
}

/** next-auth's own test for a callback URL: a path on this site, or an http(s) address. */
function isCallbackUrl(value: string, origin: string): boolean {
  try {
    return /^https?:$/.test(new URL(value, value.startsWith('/') ? origin : undefined).protocol);
  } catch {
    return false;
  }
}

/**
 * next-auth answers a callbackUrl it will not use (in the query or its cookie) with a 500 about
 * its configuration; it is the request that is wrong.
 */
function invalidCallbackUrl(request: Request): Response | undefined {
  const url = new URL(request.url);
  const refusal = new AppError('bad_request', 'The callbackUrl must be a path on this site or an http(s) address.', { callbackUrl: ['Not a web address'] });
  const query = url.searchParams.get('callbackUrl');
  if (query && !isCallbackUrl(query, url.origin)) return problemResponse(refusal);
  // A Cookie header may name the cookie more than once; next-auth reads one of them.
  const cookies = [...(request.headers.get('cookie') ?? '').matchAll(/(?:^|;)\s*((?:__Secure-)?next-auth\.callback-url)=([^;]*)/g)];
  const bad = cookies.filter(([, , raw]) => {
    let value = raw!;
    try {
      value = decodeURIComponent(value);
    } catch {
      // Left as it is, and refused.
    }
    return value !== '' && !isCallbackUrl(value, url.origin);
  });
  if (bad.length === 0) return undefined;
  // Expire the bad cookie too, or every later sign-in attempt from this browser would fail the same way.
  const response = problemResponse(refusal);
  for (const name of new Set(bad.map(([, cookieName]) => cookieName!))) {
    response.headers.append('set-cookie', `${name}=; Path=/; Max-Age=0; SameSite=Lax${name.startsWith('__Secure-') ? '; Secure' : ''}`);
  }
  return response;
}

/**
 * next-auth refuses an unknown action with a plain-text 400; that becomes problem+json like every
 * other refusal. Its JSON answers are left alone: a refused sign-in is a 401 whose body
 * ({ url }) the sign-in form reads to show its message.
 */
async function asProblem(response: Response): Promise<Response> {
  if (response.status < 400 || /json/i.test(response.headers.get('content-type') ?? '')) return response;
  const code = (Object.keys(ERROR_STATUS) as ErrorCode[]).find((candidate) => ERROR_STATUS[candidate] === response.status) ?? 'bad_request';
  const detail = (await response.text()).replace(/^Error:\s*/, '').trim().slice(0, 300) || 'The sign-in service refused the request.';
  return problemResponse(new AppError(code, detail, code === 'bad_request' ? { path: ['Not a sign-in endpoint'] } : {}));
}

// Options are built per request so `next build` needs no secret; NextAuth's App Router form.
async function handler(request: Request, context: RouteContext): Promise<Response> {
  const badCallback = invalidCallbackUrl(request);
  if (badCallback) return badCallback;
  const unreadable = await unreadableJson(request);
  if (unreadable) return problemResponse(unreadable);
  const run = NextAuth as unknown as (req: Request, ctx: RouteContext, options: ReturnType<typeof getAuthOptions>) => Promise<Response>;
  const response = await run(request, context, getAuthOptions());
  // A credentials sign-in refused by the rate limiter becomes a 429 with Retry-After.
  return asProblem(request.method === 'POST' ? await rateLimitedAs429(response, request.url) : response);
}

export { handler as GET, handler as POST };

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods(['GET', 'POST']);
