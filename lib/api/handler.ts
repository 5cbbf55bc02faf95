import 'server-only';
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { getDb } from '@/db/client';
import type { Db } from '@/db/open';
import { authenticateApiKey } from '@/lib/api-keys';
import { clientAddress } from '@/lib/client-address';
import { getEnv } from '@/lib/env';
import { AppError, problemResponse, validationError } from '@/lib/errors';
import { assertCan, type Actor, type Permission } from '@/lib/permissions';
import { RateLimiter } from '@/lib/rate-limit';
import { withIdempotency } from './idempotency';

export { jsonResponse } from './json-response';

/** Largest JSON body accepted; a claim submission is a few kilobytes. */
export const MAX_BODY_BYTES = 64 * 1024;

const limiters = new Map<string, RateLimiter>();
function limiter(kind: 'key' | 'address'): RateLimiter {
  let found = limiters.get(kind);
  if (!found) {
    found = new RateLimiter({ limit: getEnv().API_RATE_LIMIT, windowMs: 60_000 });
    limiters.set(kind, found);
  }
  return found;
}

export interface ApiContext<Q, B> {
  request: Request;
  db: Db;
  /** The API key's actor, or null for an anonymous read of public data. */
  actor: Actor | null;
  query: Q;
  body: B;
  params: Record<string, string>;
}

export interface ApiRouteOptions<QS extends z.ZodType, BS extends z.ZodType> {
  /** Required permission; with `anonymous`, checked only when a key is presented. */
  permission: Permission;
  /** Public data (published verdicts): answer without a key too. */
  anonymous?: boolean;
  query?: QS;
  body?: BS;
  /** For GETs: the response may be cached by browsers and shared caches. */
  cache?: 'public' | 'private';
  /** A streamed body: no ETag (that would buffer it) and no caching. */
  stream?: boolean;
}

type Handler<Q, B> = (ctx: ApiContext<Q, B>) => Response | Promise<Response>;

function authorization(request: Request, db: Db): Actor | null {
  const header = request.headers.get('authorization');
  if (header === null) return null;
  const match = /^Bearer ([^\s]+)$/i.exec(header.trim());
  if (!match?.[1]) {
    throw new AppError('unauthorized', 'Send the key as "Authorization: Bearer <key>".', { Authorization: ['Malformed'] });
  }
  return authenticateApiKey(db, match[1]);
}

function rateLimit(request: Request, actor: Actor | null): void {
  const result = actor
    ? limiter('key').hit(`key:${actor.id}`)
    : limiter('address').hit(clientAddress(request.headers, getEnv().TRUST_PROXY));
  if (!result.allowed) {
    throw new AppError('rate_limited', 'Too many requests; slow down and retry after the given time.', {}, result.retryAfterSeconds);
  }
}

/** Query parameters as an object; a repeated parameter is an error rather than a silent pick. */
function parseQuery<QS extends z.ZodType>(url: URL, schema: QS | undefined): z.output<QS> {
  const raw: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of url.searchParams) {
    if (Object.hasOwn(raw, key)) throw new AppError('bad_request', `Give ${key} once.`, { [key]: ['Repeated parameter'] });
    raw[key] = value;
  }
  if (!schema) {
    const unknown = Object.keys(raw);
    if (unknown.length > 0) {
      const name = unknown[0] as string;
      throw new AppError('bad_request', name === '' ? 'Unknown parameter with an empty name.' : `Unknown parameter ${name}.`, { [name]: [name === '' ? 'Unknown parameter with an empty name' : 'Unknown parameter'] });
    }
    return undefined as z.output<QS>;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

async function readJson(request: Request): Promise<{ value: unknown; text: string }> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new AppError('unsupported_media_type', 'Send the body as application/json.', { 'Content-Type': ['Expected application/json'] });
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw new AppError('payload_too_large', `The body is larger than ${MAX_BODY_BYTES} bytes.`);
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new AppError('payload_too_large', `The body is larger than ${MAX_BODY_BYTES} bytes.`);
    }
    chunks.push(value);
  }
  let text: string;
  try {
    // RFC 8259: JSON is UTF-8. Buffer#toString would turn broken bytes into U+FFFD and store them.
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError('bad_request', 'The body is not valid UTF-8.', { body: ['Invalid UTF-8'] });
  }
  try {
    return { value: JSON.parse(text) as unknown, text };
  } catch {
    throw new AppError('bad_request', 'The body is not valid JSON.', { body: ['Invalid JSON'] });
  }
}

/** A weak ETag over the body, and 304 when the client already holds it. */
function withEtag(request: Request, response: Response, body: string): Response {
  const etag = `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  response.headers.set('etag', etag);
  const match = request.headers.get('if-none-match');
  if (match && match.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')) {
    return new Response(null, { status: 304, headers: response.headers });
  }
  return response;
}

/**
 * Every /api/v1 route goes through this: key authentication (or an anonymous read of public data),
 * rate limits per key and per address, the permission, zod-validated query and body, idempotent
 * POSTs, ETags on GETs, and problem+json for every refusal. Nothing reaches the handler unchecked.
 */
export function apiHandler<QS extends z.ZodType = z.ZodUndefined, BS extends z.ZodType = z.ZodUndefined>(
  options: ApiRouteOptions<QS, BS>,
  handler: Handler<z.output<QS>, z.output<BS>>,
) {
  return async (request: Request, context: { params?: Promise<Record<string, string>> }): Promise<Response> => {
    try {
      const db = getDb();
      const actor = authorization(request, db);
      rateLimit(request, actor);
      if (actor || !options.anonymous) assertCan(actor, options.permission);
      const url = new URL(request.url);
      const query = parseQuery(url, options.query);
      const params = (await context.params) ?? {};
      const run = (body: z.output<BS>) => handler({ request, db, actor, query, body, params });

      if (options.body) {
        const { value, text } = await readJson(request);
        const parsed = options.body.safeParse(value);
        if (!parsed.success) throw validationError(parsed.error);
        // Called synchronously: an idempotent POST runs inside the transaction that stores its answer.
        return await withIdempotency(request, db, actor, text, () => run(parsed.data));
      }
      const response = await run(undefined as z.output<BS>);
      if (request.method !== 'GET' || response.status !== 200 || options.stream) return response;
      response.headers.set(
        'cache-control',
        options.cache === 'public' ? 'public, max-age=60, s-maxage=300, stale-while-revalidate=600' : 'private, no-cache',
      );
      response.headers.append('vary', 'Authorization');
      const body = await response.clone().text();
      return withEtag(request, response, body);
    } catch (error) {
      return problemResponse(error);
    }
  };
}
