import 'server-only';
import type { z } from 'zod';
import { getDb } from '@/lib/database';
import type { Db } from '@/db/open';
import { authenticateApiKey } from '@/lib/api/keys';
import { clientAddress } from '@/lib/http/client-address';
import { getEnv } from '@/lib/env';
import { AppError, problemResponse, validationError } from '@/lib/errors';
import { assertCan, type Actor, type Permission } from '@/lib/auth/permissions';
import { RateLimiter } from '@/lib/http/rate-limit';
import { clientHolds, etagOf } from './etag';
import { withIdempotency } from './idempotency';
import { parseQuery } from './query';
import { dataVersion, ResponseCache, type CachedBody } from './response-cache';

export { jsonResponse } from './json-response';

/** The detail of a 401 for a request without a key to a route that needs one. */
export const API_KEY_REQUIRED =
  'This route needs an API key. Send it as "Authorization: Bearer cbk_…"; an editor creates keys under Settings → API keys.';

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

/** A GET's answer as the bytes to send: apiKeyRoute hashes them once for the ETag and may keep them. */
export interface ApiBody {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly type: string;
}

type Handler<Q, B> = (ctx: ApiContext<Q, B>) => Response | ApiBody | Promise<Response | ApiBody>;

const JSON_TYPE = 'application/json; charset=utf-8';

/** A value serialised once, for a GET route to return. */
export function jsonBody(value: unknown, type = JSON_TYPE): ApiBody {
  return { bytes: Buffer.from(JSON.stringify(value)), type };
}

// 2,000 answers or 32 MB, whichever comes first: the feed's pages and the most-read claims.
const publicAnswers = new ResponseCache({ maxEntries: 2000, maxBytes: 32 * 1024 * 1024 });
/**
 * The same reads made with a key, kept apart: a keyed answer may show unpublished claims, so it is
 * never served without a key, and it is kept per set of scopes (the entry's key begins with them),
 * so a key with other scopes never gets it either. What a `cache: 'public'` handler answers may
 * depend only on whether there is a key and on its scopes, never on which key it is.
 */
const keyedAnswers = new ResponseCache({ maxEntries: 2000, maxBytes: 32 * 1024 * 1024 });

/**
 * Public data read without a key may be kept by browsers and shared caches for a minute, which is
 * also how long a correction can take to reach a reader behind nginx (docs/deploy/README.md); after
 * that one request revalidates (If-None-Match, usually a 304) while others get the stale copy for
 * at most 30 s more. The same read with a key may show unpublished claims, so no cache may store it.
 */
const PUBLIC_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=30';
const PRIVATE_CACHE_CONTROL = 'no-store';

/** Where a GET's answer is kept in this process, if anywhere: by whom it may be seen, then the URL. */
function keptAnswers(actor: Actor | null, url: URL): { cache: ResponseCache; key: string } {
  const path = `${url.pathname}${url.search}`;
  if (actor === null) return { cache: publicAnswers, key: path };
  const reader = actor.kind === 'api_key' ? `key ${[...actor.scopes].sort().join(' ')}` : `${actor.kind} ${actor.id}`;
  return { cache: keyedAnswers, key: `${reader}\n${path}` };
}

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

/** How much of an over-long body is read and thrown away before its 413 is sent (see readJson). */
const MAX_DISCARD_BYTES = 1024 * 1024;

/**
 * Reads and discards what a client is still sending of a refused body, up to MAX_DISCARD_BYTES,
 * then lets the rest go. Answering while the client is still writing and closing the unread body
 * resets the connection, and the client sees ECONNRESET instead of the 413; a body larger than the
 * bound is cut off all the same, so a huge upload cannot hold the server.
 */
async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array> | undefined, alreadyRead: number): Promise<void> {
  if (!reader) return;
  let size = alreadyRead;
  try {
    while (size <= MAX_DISCARD_BYTES) {
      const { done, value } = await reader.read();
      if (done) return;
      size += value.byteLength;
    }
  } catch {
    return;
  }
  await reader.cancel().catch(() => undefined);
}

async function readJson(request: Request): Promise<{ value: unknown; text: string }> {
  const type = request.headers.get('content-type') ?? '';
  const reader = request.body?.getReader();
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    await discardRest(reader, 0);
    throw new AppError('unsupported_media_type', 'Send the body as application/json.', { 'Content-Type': ['Expected application/json'] });
  }
  const tooLarge = () => new AppError('payload_too_large', `The body is larger than ${MAX_BODY_BYTES} bytes.`);
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) {
    await discardRest(reader, 0);
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await discardRest(reader, size);
      throw tooLarge();
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

/** A GET's 200, or a 304 when the client already holds these bytes. */
function answer(request: Request, body: CachedBody, cacheControl: string): Response {
  const headers = { etag: body.etag, 'cache-control': cacheControl, vary: 'Authorization' };
  if (clientHolds(request, body.etag)) return new Response(null, { status: 304, headers });
  return new Response(body.bytes, { headers: { ...headers, 'content-type': body.type } });
}

/**
 * Every /api/v1 route goes through this: key authentication (or an anonymous read of public data),
 * rate limits per key and per address, the permission, zod-validated query and body, idempotent
 * POSTs, ETags on GETs, and problem+json for every refusal. Nothing reaches the handler unchecked.
 */
export function apiKeyRoute<QS extends z.ZodType = z.ZodUndefined, BS extends z.ZodType = z.ZodUndefined>(
  options: ApiRouteOptions<QS, BS>,
  handler: Handler<z.output<QS>, z.output<BS>>,
) {
  return async (request: Request, context: { params?: Promise<Record<string, string>> }): Promise<Response> => {
    try {
      const db = getDb();
      const actor = authorization(request, db);
      rateLimit(request, actor);
      // Without a key, a route that needs one says so in the API's own terms (not the workbench's "sign in").
      if (!actor && !options.anonymous) throw new AppError('unauthorized', API_KEY_REQUIRED);
      if (actor || !options.anonymous) assertCan(actor, options.permission);
      const url = new URL(request.url);
      // A read of public data answers the same bytes until the data changes, so it is kept: the
      // key is the URL as sent (the same URL always parses the same way), apart for keyed readers.
      const keep = request.method === 'GET' && options.cache === 'public' && !options.stream ? keptAnswers(actor, url) : null;
      const version = keep ? dataVersion(db) : '';
      const cacheControl = options.cache === 'public' && actor === null ? PUBLIC_CACHE_CONTROL : PRIVATE_CACHE_CONTROL;
      const kept = keep?.cache.get(keep.key, version);
      if (kept) return answer(request, kept, cacheControl);

      const query = parseQuery(url, options.query);
      const params = (await context.params) ?? {};
      const run = (body: z.output<BS>) => handler({ request, db, actor, query, body, params });

      if (options.body) {
        const { value, text } = await readJson(request);
        const parsed = options.body.safeParse(value);
        if (!parsed.success) throw validationError(parsed.error);
        // Called synchronously: an idempotent POST runs inside the transaction that stores its answer.
        return await withIdempotency(request, db, actor, text, () => {
          const result = run(parsed.data);
          return result instanceof Promise ? result.then(toResponse) : toResponse(result);
        });
      }
      const result = await run(undefined as z.output<BS>);
      if (request.method !== 'GET' || options.stream) return toResponse(result);
      let body: CachedBody;
      if (result instanceof Response) {
        if (result.status !== 200) return result;
        const bytes = new Uint8Array(await result.arrayBuffer());
        body = { bytes, type: result.headers.get('content-type') ?? JSON_TYPE, etag: etagOf(bytes) };
      } else {
        body = { ...result, etag: etagOf(result.bytes) };
      }
      keep?.cache.set(keep.key, version, body);
      return answer(request, body, cacheControl);
    } catch (error) {
      return problemResponse(error);
    }
  };
}

function toResponse(result: Response | ApiBody): Response {
  return result instanceof Response ? result : new Response(result.bytes, { headers: { 'content-type': result.type } });
}
