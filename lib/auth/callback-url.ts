import { getEnv } from '@/lib/env';

/** Where a refused or missing callback URL sends a person after signing in: their desk. */
export const DESK_PATH = '/';
const MAX_LENGTH = 2000;

/**
 * Control characters, any whitespace (browsers drop TAB and newlines from URLs, which turns
 * `/\t/evil.example` into `//evil.example`) and backslashes (which browsers read as slashes).
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const UNSAFE = /[\u0000-\u0020\u007f-\u009f\\\s\u200b-\u200f\u2028\u2029\ufeff]/u;

/** The origins this app is reached at: PUBLIC_URL's, and NEXTAUTH_URL's when it is set. */
export function ownOrigins(): string[] {
  const env = getEnv();
  const origins = [new URL(env.PUBLIC_URL).origin];
  if (env.NEXTAUTH_URL) origins.push(new URL(env.NEXTAUTH_URL).origin);
  return origins;
}

/** A path decoded as a browser or a server might decode it, until it no longer changes. */
function fullyDecoded(text: string): string | null {
  let current = text;
  for (let i = 0; i < 5; i += 1) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  return null;
}

/**
 * Where to send a person after signing in, as a path on this site (pathname, query and fragment),
 * or the desk when the value is anything else. Accepted: a path (`/claims?x=1`) or an http(s)
 * address on one of this app's own origins (PUBLIC_URL, NEXTAUTH_URL). Refused: control
 * characters, whitespace and backslashes anywhere, also percent-encoded in the path; a path that
 * starts with `//` before or after decoding; any other scheme or host.
 */
export function safeCallbackPath(value: string | null | undefined, origins: readonly string[] = ownOrigins()): string {
  if (!value || value.length > MAX_LENGTH || UNSAFE.test(value)) return DESK_PATH;
  const isPath = value.startsWith('/') && !value.startsWith('//');
  const isAbsolute = /^https?:\/\/[^/]/i.test(value);
  if (!isPath && !isAbsolute) return DESK_PATH;
  const base = origins[0];
  if (!base) return DESK_PATH;
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return DESK_PATH;
  }
  if (!origins.includes(url.origin) || url.username !== '' || url.password !== '') return DESK_PATH;
  const decodedPath = fullyDecoded(url.pathname);
  if (decodedPath === null || !decodedPath.startsWith('/') || decodedPath.startsWith('//') || UNSAFE.test(decodedPath)) return DESK_PATH;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Resolution can itself produce a protocol-relative path (`/.//x` becomes `//x`).
  if (!path.startsWith('/') || path.startsWith('//') || UNSAFE.test(path)) return DESK_PATH;
  return path;
}
