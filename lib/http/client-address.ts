import 'server-only';
import { isIPv4, isIPv6 } from 'node:net';

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

/**
 * The address of the connection's other end, as the server's socket saw it. Written onto every
 * request by lib/http/peer-address.ts (started from instrumentation.ts) before Next reads it, replacing
 * whatever a client sent under this name, so no client can choose it.
 */
export const PEER_ADDRESS_HEADER = 'x-claimbench-peer-address';

function header(source: HeaderSource, name: string): string | undefined {
  if (source instanceof Headers) return source.get(name) ?? undefined;
  const value = source[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The eight 16-bit groups of an IPv6 address (which net.isIPv6 has accepted). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const front = head ? head.split(':') : [];
  const back = tail ? tail.split(':') : [];
  const zeros = Array<string>(Math.max(0, 8 - front.length - back.length)).fill('0');
  return [...front, ...(tail === undefined ? [] : zeros), ...back].map((group) => parseInt(group, 16));
}

/**
 * The key one client is counted under: an IPv4 address as it is (also when written IPv4-mapped,
 * `::ffff:192.0.2.1`); an IPv6 address by its /64 network, since one subscriber usually holds a
 * whole /64 and could otherwise take a new address for every attempt.
 */
export function addressKey(raw: string | undefined | null): string {
  let text = (raw ?? '').trim();
  if (text.startsWith('[')) text = text.slice(1, text.includes(']') ? text.indexOf(']') : undefined);
  const zone = text.indexOf('%');
  if (zone > 0 && isIPv6(text.slice(0, zone))) text = text.slice(0, zone);
  if (!text) return 'unknown';
  if (isIPv4(text)) return text;
  if (!isIPv6(text)) return text.slice(0, 64);
  const groups = ipv6Groups(text);
  const mapped = groups.slice(0, 6).join(':') === '0:0:0:0:0:65535';
  if (mapped) return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join('.');
  return `${groups.slice(0, 4).map((group) => group.toString(16)).join(':')}::/64`;
}

/**
 * The client's address for rate limiting. Without a trusted proxy it is the socket's address,
 * never a header the client could write; behind a reverse proxy (TRUST_PROXY=1) the first entry of
 * X-Forwarded-For, which the proxy sets (docs/deploy/nginx.conf replaces any value a client sent).
 */
export function clientAddress(headers: HeaderSource, trustProxy: boolean): string {
  const peer = header(headers, PEER_ADDRESS_HEADER);
  if (!trustProxy) return addressKey(peer);
  const forwarded = (header(headers, 'x-forwarded-for') ?? '').split(',').map((entry) => entry.trim()).find(Boolean);
  return addressKey(forwarded ?? header(headers, 'x-real-ip') ?? peer);
}
