import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type ReceiverHandler = (request: ReceivedRequest, response: http.ServerResponse) => void;

/**
 * A real HTTP server on 127.0.0.1 and a free port that records what it receives. 127.0.0.1 is
 * loopback, which webhooks may reach only when the operator allows it: start the app with
 * `WEBHOOK_ALLOWED_HOSTS: receiver.allowedHost`.
 */
export async function startReceiver(handler: ReceiverHandler = (_, res) => res.writeHead(204).end()) {
  const received: ReceivedRequest[] = [];
  let current = handler;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(request);
      current(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/claimbench`,
    port,
    /** The WEBHOOK_ALLOWED_HOSTS entry that lets the app deliver here. */
    allowedHost: `127.0.0.1:${port}`,
    received,
    setHandler(next: ReceiverHandler) {
      current = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
