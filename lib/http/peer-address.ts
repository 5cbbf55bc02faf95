import 'server-only';
import diagnosticsChannel from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { PEER_ADDRESS_HEADER } from './client-address';

/**
 * Writes each HTTP request's socket address into PEER_ADDRESS_HEADER, for lib/http/client-address.ts.
 * Node publishes `http.server.request.start` for every request before the server's own handler
 * (Next's) sees it, so the value replaces anything a client sent under that name. Route handlers,
 * server actions and next-auth only see headers; this is how they learn the real peer.
 * Idempotent; the channel is kept on globalThis so its subscription lives as long as the process.
 */
export function stampPeerAddresses(): void {
  const shared = globalThis as unknown as { claimbenchPeerChannel?: diagnosticsChannel.Channel };
  if (shared.claimbenchPeerChannel) return;
  const channel = diagnosticsChannel.channel('http.server.request.start');
  channel.subscribe((message) => {
    const { request } = message as { request: IncomingMessage };
    request.headers[PEER_ADDRESS_HEADER] = request.socket?.remoteAddress ?? '';
  });
  shared.claimbenchPeerChannel = channel;
}
