import 'server-only';
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { classifyAddress, literalAddressOf } from './network-address';

/*
 * Where webhooks may be sent. Editors register the URLs, but the server makes the requests, from
 * inside its own network: without this policy a webhook to 169.254.169.254, 10.0.0.5:9200 or a
 * name resolving to 127.0.0.1 would let an editor probe what the server can reach. Addresses on
 * the public internet are allowed; loopback, private, link-local, unique-local, CGNAT, multicast
 * and the like are refused — an address written in the URL when the webhook is saved, a name at
 * every delivery, against every address it resolves to — unless the operator allows them.
 */

export interface AllowedHost {
  /** Lower-case host as the URL parser writes it: a name, a dotted IPv4 address or [IPv6]. */
  host: string;
  /** Only this port, or every port when null. */
  port: number | null;
}

export interface WebhookAddressPolicy {
  /** WEBHOOK_ALLOW_PRIVATE: every address is allowed. */
  allowPrivate: boolean;
  /** WEBHOOK_ALLOWED_HOSTS: these hosts (and ports) are allowed whatever they resolve to. */
  allowedHosts: AllowedHost[];
}

export class RefusedAddressError extends Error {
  readonly code = 'EWEBHOOKADDRESS';
  constructor(readonly address: string, readonly kind: string) {
    super(`address ${address} is ${kind}`);
    this.name = 'RefusedAddressError';
  }
}

function effectivePort(url: URL): number {
  return Number(url.port || (url.protocol === 'https:' ? 443 : 80));
}

function normalHost(hostname: string): string {
  return hostname.toLowerCase().replace(/\.+$/, '');
}

/**
 * Parses one WEBHOOK_ALLOWED_HOSTS entry, `host` or `host:port` (IPv6 in brackets), into the form
 * URLs are compared in; null when it is not one. IPv4 literals in any notation are normalised the
 * way the URL parser normalises them, so `127.1:8080` allows http://127.0.0.1:8080/.
 */
export function parseAllowedHost(entry: string): AllowedHost | null {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^\s:/?#@[\]\\]+)(?::(\d{1,5}))?$/.exec(entry.trim());
  if (!match) return null;
  const port = match[2] === undefined ? null : Number(match[2]);
  if (port !== null && (port < 1 || port > 65535)) return null;
  try {
    return { host: normalHost(new URL(`http://${match[1]}/`).hostname), port };
  } catch {
    return null;
  }
}

/** True when the operator allows `url` whatever address it leads to. */
export function isAllowedByOperator(url: URL, policy: WebhookAddressPolicy): boolean {
  if (policy.allowPrivate) return true;
  const host = normalHost(url.hostname);
  const port = effectivePort(url);
  return policy.allowedHosts.some((allowed) => allowed.host === host && (allowed.port === null || allowed.port === port));
}

/**
 * Why `url`, whose host is an IP address written in the URL, may not receive webhooks — "address
 * 10.0.0.5 is private" — or null when it may (a public address, a host name, or allowed by the
 * operator). Names are judged at delivery (guardedLookup), when they are resolved.
 */
export function literalAddressRefusal(url: URL, policy: WebhookAddressPolicy): RefusedAddressError | null {
  const address = literalAddressOf(url);
  if (address === null || isAllowedByOperator(url, policy)) return null;
  const kind = classifyAddress(address);
  return kind ? new RefusedAddressError(address, kind) : null;
}

/**
 * A `lookup` for http(s).request that resolves the URL's host and refuses the connection when any
 * address it resolves to is not public (an attacker's DNS can mix a public and a private answer).
 * The socket connects to the addresses checked here, so nothing can re-resolve in between (no DNS
 * rebinding window). `resolve` is dns.lookup unless a test gives another resolver.
 */
export function guardedLookup(url: URL, policy: WebhookAddressPolicy, resolve: typeof dns.lookup = dns.lookup): LookupFunction {
  const allowed = isAllowedByOperator(url, policy);
  return (hostname, options, callback) => {
    resolve(hostname, { family: options.family, hints: options.hints, all: true }, (error, addresses) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      const list = addresses.map(({ address, family }) => ({ address, family }));
      if (!allowed) {
        for (const { address } of list) {
          const kind = classifyAddress(address);
          if (kind) {
            callback(new RefusedAddressError(address, kind) as NodeJS.ErrnoException, '', 0);
            return;
          }
        }
      }
      if (list.length === 0) {
        callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
        return;
      }
      if (options.all) {
        (callback as unknown as (error: null, addresses: dns.LookupAddress[]) => void)(null, list);
      } else {
        callback(null, list[0]!.address, list[0]!.family);
      }
    });
  };
}
