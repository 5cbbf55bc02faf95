import { describe, expect, it } from 'vitest';
import { safeCallbackPath } from '@/lib/auth/callback-url';

const ORIGINS = ['https://desk.example.org', 'http://127.0.0.1:4000'];

describe('safeCallbackPath', () => {
  // Each of these, given to a browser as a Location or a link, can leave the site.
  it.each([
    ['a TAB the browser drops (/%09/x in the query)', '/\t/evil.example'],
    ['a percent-encoded TAB', '/%09/evil.example'],
    ['a newline', '/\n/evil.example'],
    ['a backslash after the slash', '/\\evil.example'],
    ['backslashes for slashes', '\\/\\/evil.example'],
    ['a percent-encoded backslash', '/%5Cevil.example'],
    ['percent-encoded slashes', '/%2F%2Fevil.example'],
    ['one percent-encoded slash', '/%2F/evil.example'],
    ['doubly encoded slashes', '/%252F%252Fevil.example'],
    ['a protocol-relative URL', '//evil.example'],
    ['three slashes', '///evil.example'],
    ['a path that resolves to two slashes', '/.//evil.example'],
    ['a scheme without slashes', 'https:evil.example'],
    ['a scheme with one slash', 'https:/evil.example'],
    ['javascript:', 'javascript:alert(document.cookie)'],
    ['javascript: in mixed case', 'JaVaScRiPt:alert(1)'],
    ['javascript: after a space', ' javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['a header injection', '/\r\nLocation: https://evil.example'],
    ['a percent-encoded header injection', '/%0d%0aLocation:evil.example'],
    ['another host', 'https://evil.example/phish'],
    ['a host that starts like ours', 'https://desk.example.org.evil.example/'],
    ['our host as a user name', 'https://desk.example.org@evil.example/'],
    ['credentials on our host', 'https://user:pass@desk.example.org/'],
    ['our host over another scheme', 'http://desk.example.org/'],
    ['our host on another port', 'https://desk.example.org:8443/'],
    ['a bare host name', 'evil.example'],
    ['a bare query', '?x=1'],
    ['a no-break space', '/\u00a0/evil.example'],
    ['a line separator', '/\u2028/evil.example'],
    ['a NUL', '/claims\u0000'],
    ['nothing', ''],
    ['an over-long path', `/${'a'.repeat(2001)}`],
  ])('sends %s to the desk', (_, value) => {
    expect(safeCallbackPath(value, ORIGINS)).toBe('/');
  });

  it('sends null and undefined to the desk', () => {
    expect(safeCallbackPath(null, ORIGINS)).toBe('/');
    expect(safeCallbackPath(undefined, ORIGINS)).toBe('/');
  });

  it.each([
    ['/', '/'],
    ['/claims?x=1', '/claims?x=1'],
    ['/claims/12#evidence', '/claims/12#evidence'],
    ['/claims?q=a%20b', '/claims?q=a%20b'],
    ['/claims/./12', '/claims/12'],
    ['https://desk.example.org/claims?x=1', '/claims?x=1'],
    ['HTTPS://DESK.EXAMPLE.ORG/claims', '/claims'],
    ['http://127.0.0.1:4000/settings/users', '/settings/users'],
  ])('keeps %j as %j', (value, expected) => {
    expect(safeCallbackPath(value, ORIGINS)).toBe(expected);
  });

  it('reads the app own origins from PUBLIC_URL by default', () => {
    // The test environment leaves PUBLIC_URL at its default, http://localhost:3000.
    expect(safeCallbackPath('http://localhost:3000/claims')).toBe('/claims');
    expect(safeCallbackPath('http://evil.example/claims')).toBe('/');
  });
});
