import { problemResponse } from '@/lib/errors';
import { rateLimited } from './sign-in-limits';
import { RATE_LIMITED_ERROR } from './messages';

const CODE = new RegExp(`^${RATE_LIMITED_ERROR}:(\\d{1,9})$`);

/** Where next-auth sends the browser after a sign-in attempt: its Location, or `url` in a JSON answer. */
async function redirectTarget(response: Response): Promise<string | null> {
  const location = response.headers.get('location');
  if (location) return location;
  if (!response.headers.get('content-type')?.includes('application/json')) return null;
  const body: unknown = await response.clone().json().catch(() => null);
  const url = body && typeof body === 'object' ? (body as { url?: unknown }).url : null;
  return typeof url === 'string' ? url : null;
}

/**
 * next-auth answers a refused credentials sign-in with a redirect (or, for its own client, a 401
 * whose JSON names the redirect) and has no notion of "try later". When the refusal is the
 * rate limiter's, answer 429 with Retry-After and problem+json instead, keeping next-auth's
 * cookies and, for its client, a `url` back to the sign-in page that explains the wait.
 */
export async function rateLimitedAs429(response: Response, requestUrl: string): Promise<Response> {
  const target = await redirectTarget(response);
  if (!target) return response;
  const url = new URL(target, requestUrl);
  const seconds = CODE.exec(url.searchParams.get('error') ?? '')?.[1];
  if (seconds === undefined) return response;
  const signIn = new URL('/signin', url.origin);
  signIn.searchParams.set('error', RATE_LIMITED_ERROR);
  signIn.searchParams.set('retryAfter', seconds);
  const refusal = problemResponse(rateLimited(Number(seconds)), { headers: { 'cache-control': 'no-store' } });
  const body = { ...((await refusal.json()) as Record<string, unknown>), url: signIn.href };
  const headers = new Headers(refusal.headers);
  for (const cookie of response.headers.getSetCookie()) headers.append('set-cookie', cookie);
  return new Response(JSON.stringify(body), { status: 429, headers });
}
