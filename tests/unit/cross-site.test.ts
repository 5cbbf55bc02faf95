import { describe, expect, it } from 'vitest';
import { crossSiteReason, crossSiteResponse } from '@/lib/http/cross-site';

const PUBLIC_URL = 'https://claims.newsroom.example';

function reason(method: string, headers: Record<string, string>): string | undefined {
  return crossSiteReason({ method, headers: new Headers(headers) }, () => PUBLIC_URL);
}

describe('crossSiteReason', () => {
  it('lets every safe method through, whatever site sent it (a link from elsewhere)', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'get']) {
      expect(reason(method, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', host: 'app:3000' })).toBeUndefined();
    }
  });

  it('lets a write through from the same origin, from a typed URL, and from clients that send neither header', () => {
    expect(reason('POST', { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' })).toBeUndefined();
    expect(reason('POST', { host: '127.0.0.1:3000', 'sec-fetch-site': 'none' })).toBeUndefined();
    expect(reason('PUT', { host: '127.0.0.1:3000' })).toBeUndefined();
  });

  it('takes the forwarded host behind a proxy, and PUBLIC_URL, as this site', () => {
    expect(reason('POST', { host: 'internal:3000', 'x-forwarded-host': 'desk.example, proxy.local', origin: 'https://desk.example' })).toBeUndefined();
    expect(reason('POST', { host: 'internal:3000', origin: PUBLIC_URL })).toBeUndefined();
    expect(reason('POST', { host: 'desk.example:443', origin: 'https://desk.example' })).toBeUndefined();
  });

  it('refuses a write with a foreign, opaque or unreadable Origin, or a cross-site or same-site fetch', () => {
    expect(reason('POST', { host: '127.0.0.1:3000', origin: 'https://evil.example' })).toMatch(/evil\.example is not this site/);
    expect(reason('POST', { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3001' })).toMatch(/not this site/);
    expect(reason('DELETE', { host: '127.0.0.1:3000', origin: 'null' })).toMatch(/opaque/);
    expect(reason('POST', { host: '127.0.0.1:3000', origin: 'not a url' })).toMatch(/not a URL/);
    expect(reason('POST', { host: '127.0.0.1:3000', 'sec-fetch-site': 'cross-site' })).toMatch(/cross-site/);
    expect(reason('PATCH', { host: 'a.example.com', origin: 'https://a.example.com', 'sec-fetch-site': 'same-site' })).toMatch(/same-site/);
  });

  it('answers 403 problem+json that no one caches or renders', async () => {
    const response = crossSiteResponse('the Origin https://evil.example is not this site');
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await response.json()).toMatchObject({ status: 403, title: 'Not allowed', detail: expect.stringMatching(/^Cross-site requests are not accepted/) });
  });
});
