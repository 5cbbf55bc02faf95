import 'server-only';
import { createHash } from 'node:crypto';

/** A weak ETag over the exact bytes sent; equal bodies get equal tags on every server. */
export function etagOf(bytes: Uint8Array): string {
  return `W/"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
}

/** Whether If-None-Match names this tag (weak comparison, RFC 9110 section 13.1.2) or is `*`. */
export function clientHolds(request: Request, etag: string): boolean {
  const header = request.headers.get('if-none-match');
  if (!header) return false;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((raw) => {
    const tag = raw.trim();
    return tag === '*' || tag.replace(/^W\//, '') === opaque;
  });
}
