import { describe, expect, it } from 'vitest';
import { failureDelayMs } from '@/lib/auth/credentials';
import { rateLimitedAs429 } from '@/lib/auth/sign-in-refusal';

const BASE = 'http://127.0.0.1:3000';
const REQUEST = `${BASE}/api/auth/callback/credentials`;

describe('failureDelayMs', () => {
  it('answers at full speed up to the threshold, then 200 ms doubling to 1.6 s', () => {
    expect([1, 2, 3].map((n) => failureDelayMs(n, 3))).toEqual([0, 0, 0]);
    expect([4, 5, 6, 7, 8, 30].map((n) => failureDelayMs(n, 3))).toEqual([200, 400, 800, 1600, 1600, 1600]);
    expect(failureDelayMs(24, 24)).toBe(0);
    expect(failureDelayMs(25, 24)).toBe(200);
  });
});

describe('rateLimitedAs429', () => {
  it("turns next-auth's JSON refusal by the rate limiter into 429 with Retry-After, keeping its cookies", async () => {
    const headers = new Headers({ 'content-type': 'application/json' });
    headers.append('set-cookie', 'next-auth.csrf-token=abc; Path=/; HttpOnly');
    const refused = new Response(JSON.stringify({ url: `${BASE}/api/auth/error?error=RateLimited%3A840` }), { status: 401, headers });
    const response = await rateLimitedAs429(refused, REQUEST);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('840');
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.getSetCookie()).toEqual(['next-auth.csrf-token=abc; Path=/; HttpOnly']);
    const body = (await response.json()) as { status: number; detail: string; url: string };
    expect(body.status).toBe(429);
    expect(body.detail).toBe('Too many sign-in attempts. Try again in 14 minutes.');
    // next-auth's client reads the error code from this absolute URL.
    expect(new URL(body.url).pathname).toBe('/signin');
    expect(new URL(body.url).searchParams.get('error')).toBe('RateLimited');
    expect(new URL(body.url).searchParams.get('retryAfter')).toBe('840');
  });

  it('turns the redirect of a plain form post into 429 as well', async () => {
    const refused = new Response(null, { status: 302, headers: { location: `${BASE}/api/auth/error?error=RateLimited%3A60` } });
    const response = await rateLimitedAs429(refused, REQUEST);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('60');
    expect(response.headers.get('location')).toBeNull();
  });

  it('leaves every other answer as it was', async () => {
    const wrongPassword = new Response(JSON.stringify({ url: `${BASE}/api/auth/error?error=CredentialsSignin&provider=credentials` }), {
      status: 401,
      headers: { 'content-type': 'application/json' },
    });
    const signedIn = new Response(null, { status: 302, headers: { location: `${BASE}/claims` } });
    const forged = new Response(null, { status: 302, headers: { location: `${BASE}/api/auth/error?error=RateLimited%3Asoon` } });
    const session = new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
    for (const original of [wrongPassword, signedIn, forged, session]) {
      expect(await rateLimitedAs429(original, REQUEST)).toBe(original);
    }
  });
});
