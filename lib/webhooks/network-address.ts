import 'server-only';
import net from 'node:net';

/*
 * Which IP addresses lead into the server's own network rather than the public internet: the
 * classifier behind the webhook address policy (lib/webhooks/address-policy.ts). Written out by hand (not
 * net.BlockList) because IPv6 forms that carry an IPv4 address — mapped ::ffff:a.b.c.d, the old
 * compatible ::a.b.c.d, NAT64 64:ff9b::/96 and 6to4 2002::/16 — must be judged by the IPv4
 * address inside them.
 */

/** Why an address is not on the public internet, as a phrase: "address 10.0.0.5 is private". */
export type AddressKind =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'carrier-grade NAT (shared address space)'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

type Range4 = [base: number, prefix: number, kind: AddressKind];

const ipv4 = (a: number, b: number, c: number, d: number) => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;

const IPV4_RANGES: Range4[] = [
  [ipv4(255, 255, 255, 255), 32, 'broadcast'],
  [ipv4(0, 0, 0, 0), 32, 'unspecified'],
  // "This network": 0.0.0.x reaches the local host on Linux.
  [ipv4(0, 0, 0, 0), 8, 'unspecified'],
  [ipv4(127, 0, 0, 0), 8, 'loopback'],
  [ipv4(10, 0, 0, 0), 8, 'private'],
  [ipv4(172, 16, 0, 0), 12, 'private'],
  [ipv4(192, 168, 0, 0), 16, 'private'],
  [ipv4(100, 64, 0, 0), 10, 'carrier-grade NAT (shared address space)'],
  [ipv4(169, 254, 0, 0), 16, 'link-local'],
  [ipv4(192, 0, 0, 0), 24, 'reserved'],
  [ipv4(198, 18, 0, 0), 15, 'reserved'],
  [ipv4(224, 0, 0, 0), 4, 'multicast'],
  [ipv4(240, 0, 0, 0), 4, 'reserved'],
];

function inRange(value: number, base: number, prefix: number): boolean {
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return ((value & mask) >>> 0) === ((base & mask) >>> 0);
}

function classifyIpv4Number(value: number): AddressKind | null {
  return IPV4_RANGES.find(([base, prefix]) => inRange(value, base, prefix))?.[2] ?? null;
}

/** Dotted-quad IPv4 only (a.b.c.d, each 0–255, no leading zeros): the form net.isIPv4 accepts. */
function parseDottedIpv4(text: string): number | null {
  if (!net.isIPv4(text)) return null;
  const [a, b, c, d] = text.split('.').map(Number) as [number, number, number, number];
  return ipv4(a, b, c, d);
}

/** An IPv6 address as eight 16-bit groups; null when `text` is not one. Accepts a zone (%eth0). */
export function parseIpv6(text: string): number[] | null {
  const address = text.replace(/%.*$/, '');
  if (!net.isIPv6(address)) return null;
  let head = address;
  let tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted) {
    const value = parseDottedIpv4(dotted[1]!);
    if (value === null) return null;
    tail = [value >>> 16, value & 0xffff];
    head = address.slice(0, -dotted[1]!.length);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const [left, right] = head.split('::') as [string, string | undefined];
  const before = groups(left);
  const after = right === undefined ? [] : groups(right);
  const missing = 8 - tail.length - before.length - after.length;
  if (right === undefined ? missing !== 0 : missing < 0) return null;
  return [...before, ...Array<number>(right === undefined ? 0 : missing).fill(0), ...after, ...tail];
}

function embeddedIpv4(high: number, low: number): number {
  return ((high << 16) | low) >>> 0;
}

function classifyIpv6Groups(g: number[]): AddressKind | null {
  const zeroes = (from: number, to: number) => g.slice(from, to).every((group) => group === 0);
  if (zeroes(0, 8)) return 'unspecified';
  if (zeroes(0, 7) && g[7] === 1) return 'loopback';
  // IPv4-mapped ::ffff:a.b.c.d (Linux connects these to the IPv4 address) and the deprecated
  // IPv4-compatible ::a.b.c.d: judged by the IPv4 address; a public one inside ::/96 is still no
  // address anyone should send a webhook to.
  if (zeroes(0, 5) && g[5] === 0xffff) return classifyIpv4Number(embeddedIpv4(g[6]!, g[7]!));
  if (zeroes(0, 6)) return classifyIpv4Number(embeddedIpv4(g[6]!, g[7]!)) ?? 'reserved';
  // NAT64 (64:ff9b::/96) translates to the IPv4 address in its last 32 bits; 64:ff9b:1::/48 is for local use.
  if (g[0] === 0x64 && g[1] === 0xff9b && zeroes(2, 6)) return classifyIpv4Number(embeddedIpv4(g[6]!, g[7]!));
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return 'private';
  // 6to4 (2002::/16) carries an IPv4 address in bits 16–47.
  if (g[0] === 0x2002) return classifyIpv4Number(embeddedIpv4(g[1]!, g[2]!));
  const first = g[0]!;
  if ((first & 0xffc0) === 0xfe80) return 'link-local';
  // Site-local fec0::/10 is deprecated but still routed inside some networks.
  if ((first & 0xffc0) === 0xfec0) return 'private';
  if ((first & 0xfe00) === 0xfc00) return 'unique-local';
  if ((first & 0xff00) === 0xff00) return 'multicast';
  // 100::/64, the discard prefix.
  if (first === 0x100 && zeroes(1, 4)) return 'reserved';
  return null;
}

/**
 * What kind of non-public address `address` is (dotted IPv4 or any IPv6 text, as DNS answers and
 * URL parsers give them), or null when it is a public address. Anything that is not an IP
 * address at all counts as 'reserved', so a caller can never mistake garbage for public.
 */
export function classifyAddress(address: string): AddressKind | null {
  const v4 = parseDottedIpv4(address);
  if (v4 !== null) return classifyIpv4Number(v4);
  const v6 = parseIpv6(address);
  if (v6) return classifyIpv6Groups(v6);
  return 'reserved';
}

/**
 * The IP address a URL's host is written as, or null when the host is a name. The WHATWG URL
 * parser (the one fetch, http.request and the browser use) has already turned every IPv4
 * notation — 2130706433, 0177.0.0.1, 0x7f.1, 127.1 — into a dotted quad and wraps IPv6 in
 * brackets, so the literal is judged in the form the connection will use.
 */
export function literalAddressOf(url: URL): string | null {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return net.isIP(host) ? host : null;
}
