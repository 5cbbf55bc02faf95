type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(source: HeaderSource, name: string): string | undefined {
  if (source instanceof Headers) return source.get(name) ?? undefined;
  const value = source[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The client's address for rate limiting. Next's server fills X-Forwarded-For with the socket
 * address when the client sent none; behind a reverse proxy (TRUST_PROXY=1) the proxy's view, the
 * first entry, is used. Without a proxy a client can choose its own value, which is why sign-in is
 * also limited per email.
 */
export function clientAddress(headers: HeaderSource, trustProxy: boolean): string {
  const forwarded = header(headers, 'x-forwarded-for') ?? '';
  const entries = forwarded.split(',').map((s) => s.trim()).filter(Boolean);
  const chosen = trustProxy ? entries[0] : entries[entries.length - 1];
  return (chosen ?? header(headers, 'x-real-ip') ?? 'unknown').slice(0, 64);
}
