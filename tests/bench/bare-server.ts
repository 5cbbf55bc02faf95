/**
 * The API benchmark's floor: node:http and better-sqlite3 with nothing else, serving the same three
 * public reads as /api/v1 with the same query and serialisation functions (lib/api/verdicts.ts,
 * db/queries/claimreview.ts, lib/verdicts/claimreview-jsonld.ts) but no framework, no validation, no rate limit and
 * no ETag. Started by tests/bench/api.ts as its own process:
 *   node --import tsx tests/bench/bare-server.ts --db <file> --public-url <url> --org-name <name> --org-url <url>
 * It listens on a free loopback port and prints {"port": n} on stdout once ready.
 */
import http from 'node:http';
import { openDatabase } from '@/db/open';
import { getClaimReviewInput } from '@/db/queries/claimreview';
import { listVerdicts, readApiClaim } from '@/lib/api/verdicts';
import { buildClaimReview } from '@/lib/verdicts/claimreview-jsonld';
import { AppError } from '@/lib/errors';

function argument(name: string): string {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? undefined : process.argv[index + 1];
  if (!value) throw new Error(`Usage: bare-server.ts --db <file> --public-url <url> --org-name <name> --org-url <url> (missing --${name})`);
  return value;
}

const db = openDatabase(argument('db'), { migrate: false });
const publicUrl = argument('public-url');
const org = { name: argument('org-name'), url: argument('org-url') };
const CLAIM_PATH = /^\/api\/v1\/claims\/(\d+)(\/claimreview)?$/;

function send(response: http.ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

function route(url: URL): { type: string; body: string } | null {
  if (url.pathname === '/api/health') return { type: 'application/json', body: JSON.stringify({ ok: true }) };
  if (url.pathname === '/api/v1/verdicts') {
    const limit = Number(url.searchParams.get('limit') ?? '25');
    const cursor = url.searchParams.get('cursor') ?? undefined;
    return { type: 'application/json; charset=utf-8', body: JSON.stringify(listVerdicts(db, publicUrl, { limit, cursor })) };
  }
  const match = CLAIM_PATH.exec(url.pathname);
  if (!match) return null;
  const id = Number(match[1]);
  if (!match[2]) return { type: 'application/json; charset=utf-8', body: JSON.stringify(readApiClaim(db, publicUrl, id, false)) };
  const input = getClaimReviewInput(db, id);
  const review = input ? buildClaimReview(input, org, publicUrl) : null;
  return review ? { type: 'application/ld+json; charset=utf-8', body: JSON.stringify(review) } : null;
}

const server = http.createServer((request, response) => {
  try {
    const found = route(new URL(request.url ?? '/', 'http://bare.invalid'));
    if (found) send(response, 200, found.type, found.body);
    else send(response, 404, 'application/json', '{"error":"not_found"}');
  } catch (error) {
    const status = error instanceof AppError && error.code === 'not_found' ? 404 : 500;
    send(response, status, 'application/json', JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
  }
});
server.keepAliveTimeout = 60_000;

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});

const stop = () => {
  server.close(() => {
    db.$client.close();
    process.exit(0);
  });
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
