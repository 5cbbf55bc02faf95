import fc from 'fast-check';
import { CLAIM_STATUSES, SOURCE_KINDS } from '@/db/enums';
import { CONTROL_CHARACTERS, hostile, hostileString, hugeString, isWellFormed, numberString, toWellFormed } from './hostile-values';
import type { HttpMethod } from './hostile-wire';

/**
 * Generated requests for every route handler, each with the reasons (if any) it must be refused.
 * The reasons come from the API's documented rules (README.md's API section, the OpenAPI document): a
 * request with any reason must get a 4xx; one without may succeed or be refused by the data (a
 * claim without a verdict, a used Idempotency-Key).
 */

export type Who = 'anonymous' | 'editor' | 'admin';

export interface HttpCase {
  /** Whose cookies go with it (route handlers under /api/v1 ignore them; the others read them). */
  who: Who;
  method: HttpMethod;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** Why it must be refused; empty when it may succeed. */
  refuse: string[];
}

/** Stands for the anonymous client's current next-auth CSRF token, filled in when the case is sent. */
export const CSRF_TOKEN = '__CSRF_TOKEN__';

export interface ApiContext {
  /** An API key with every scope. */
  key: string;
  claimIds: number[];
  /** A published claim id, for the article report and ClaimReview. */
  publishedIds: number[];
  /** A cursor the verdict feed itself produced. */
  validCursor: string;
}

const printable = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));
const latin1 = fc.integer({ min: 0x20, max: 0xff }).filter((code) => code !== 0x7f).map((code) => String.fromCharCode(code));
/** A header value fetch will send (no NUL, CR or LF), surrounding whitespace trimmed as fetch does. */
const headerValue = (maxLength: number) => fc.string({ unit: fc.oneof(printable, latin1), maxLength });
const trimHeader = (value: string) => value.replace(/^[ \t]+|[ \t]+$/g, '');

const JSON_TYPE = /^application\/json\s*(;|$)/i;
const MAX_BODY_BYTES = 64 * 1024;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function isPastDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  const latest = new Date(Date.now() + 14 * 3600_000).toISOString().slice(0, 10);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) && value >= '1800-01-01' && value <= latest;
}

/** Text the product stores: a string, within the length once trimmed, no controls, no lone surrogates. */
function textReasons(value: unknown, field: string, max: number, required: boolean, reasons: string[], untrimmedMax = false): void {
  if (value === undefined) {
    if (required) reasons.push(`${field} missing`);
    return;
  }
  if (typeof value !== 'string') {
    reasons.push(`${field} is not a string`);
    return;
  }
  const trimmed = value.trim();
  if (required && trimmed === '') reasons.push(`${field} blank`);
  if (trimmed.length > max || (untrimmedMax && value.length > max)) reasons.push(`${field} too long`);
  if (CONTROL_CHARACTERS.test(trimmed)) reasons.push(`${field} has control characters`);
  if (!isWellFormed(value)) reasons.push(`${field} has a lone surrogate`);
}

function unknownKeys(value: Record<string, unknown>, known: string[], where: string, reasons: string[]): void {
  for (const key of Object.keys(value)) if (!known.includes(key)) reasons.push(`unknown field ${where}${key}`);
}

/** Why a parsed POST /api/v1/claims body must be refused (ClaimSubmission and the desk's claim rules). */
export function submissionReasons(value: unknown): string[] {
  const reasons: string[] = [];
  if (!isPlainObject(value)) return ['the body is not an object'];
  unknownKeys(value, ['statement', 'claimant', 'claimed_on', 'language', 'context', 'appearance'], '', reasons);
  textReasons(value.statement, 'statement', 1000, true, reasons);
  if (!isPlainObject(value.claimant)) reasons.push('claimant is not an object');
  else {
    unknownKeys(value.claimant, ['name', 'kind'], 'claimant.', reasons);
    textReasons(value.claimant.name, 'claimant.name', 200, true, reasons);
    const kind = value.claimant.kind;
    if (kind !== undefined && !(SOURCE_KINDS as readonly unknown[]).includes(kind)) reasons.push('claimant.kind unknown');
  }
  const claimedOn = value.claimed_on;
  if (claimedOn !== undefined && (typeof claimedOn !== 'string' || !isPastDate(claimedOn))) reasons.push('claimed_on is not a past date');
  const language = value.language;
  if (language !== undefined && (typeof language !== 'string' || !/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(language))) reasons.push('language is not a tag');
  textReasons(value.context, 'context', 4000, false, reasons, true);
  if (!isPlainObject(value.appearance)) reasons.push('appearance is not an object');
  else {
    unknownKeys(value.appearance, ['url', 'title', 'quote'], 'appearance.', reasons);
    urlReasons(value.appearance.url, 'appearance.url', reasons);
    textReasons(value.appearance.title, 'appearance.title', 500, false, reasons);
    textReasons(value.appearance.quote, 'appearance.quote', 5000, false, reasons, true);
  }
  return reasons;
}

function urlReasons(value: unknown, field: string, reasons: string[]): void {
  if (typeof value !== 'string') {
    reasons.push(`${field} is not a string`);
    return;
  }
  const trimmed = value.trim();
  if (trimmed.length > 2048 || !isWebUrl(trimmed) || CONTROL_CHARACTERS.test(trimmed) || !isWellFormed(value)) reasons.push(`${field} is not a web address`);
}

/** Why a raw JSON request body must be refused before its fields are read, then by `fields`. */
export function bodyReasons(body: string | Uint8Array | undefined, contentType: string | undefined, fields: (value: unknown) => string[]): string[] {
  if (contentType === undefined || !JSON_TYPE.test(trimHeader(contentType))) return ['not application/json'];
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body ?? new Uint8Array());
  if (bytes.length > MAX_BODY_BYTES) return ['body over 64 KiB'];
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return ['body is not UTF-8'];
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return ['body is not JSON'];
  }
  return fields(value);
}

// ---------------------------------------------------------------------------------------------
// Pieces shared by the generators

interface Auth {
  header?: string;
  refuse: string[];
}

function authorization(ctx: ApiContext): fc.Arbitrary<Auth> {
  const { key } = ctx;
  const junk = fc.oneof(
    fc.constantFrom('Bearer', 'Basic dXNlcjpwYXNz', 'Token x', 'Bearer a b', `Bearer  ${key}`, `Bearer ${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`, `Bearer ${key}x`, `Bearer cbk_AAAAAAAAAAAA_${'A'.repeat(43)}`, `Bearer ${key},${key}`),
    fc.integer({ min: 100, max: 4_000 }).map((n) => `Bearer ${'A'.repeat(n)}`),
    headerValue(60).map((value) => `Bearer ${value}`),
    headerValue(60),
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant<Auth>({ refuse: [] }) },
    { weight: 6, arbitrary: fc.constantFrom<Auth>({ header: `Bearer ${key}`, refuse: [] }, { header: `bearer ${key}`, refuse: [] }) },
    { weight: 3, arbitrary: junk.map((header): Auth => ({ header, refuse: [`Authorization ${JSON.stringify(header.slice(0, 40))}`] })) },
  );
}

/** Headers that should change nothing about whether a request is accepted. */
const harmlessHeaders = fc.record(
  {
    'if-none-match': fc.oneof(fc.constantFrom('*', 'W/"x"', '"', ',,,', 'W/', '""'), headerValue(300), fc.integer({ min: 1_000, max: 3_000 }).map((n) => `"${'a'.repeat(n)}"`)),
    'if-modified-since': fc.constantFrom('yesterday', 'Thu, 01 Jan 1970 00:00:00 GMT', '0'),
    accept: fc.constantFrom('text/html', '*/*', 'application/xml', 'application/problem+json', ''),
    'accept-encoding': fc.constantFrom('gzip', 'br', 'identity;q=0', 'x'.repeat(500)),
    'x-forwarded-for': fc.constantFrom('1.2.3.4', 'junk', '::1, 10.0.0.1', ''),
    'x-forwarded-host': fc.constantFrom('evil.example', ''),
    range: fc.constantFrom('bytes=0-5', 'bytes=-1', 'lines=1'),
    cookie: fc.constantFrom('next-auth.session-token=junk', 'a=b; c', '__proto__=1', 'next-auth.callback-url=javascript%3Aalert(1)', 'next-auth.callback-url=%E0%A4%A'),
  },
  { requiredKeys: [] },
);

function withAuth(headers: Record<string, string>, auth: Auth): Record<string, string> {
  return auth.header === undefined ? headers : { ...headers, authorization: auth.header };
}

/** A claim id path segment: real, unknown, or not an id at all. */
function idSegment(ctx: ApiContext, pool: number[]): fc.Arbitrary<{ segment: string; refuse: string[] }> {
  const junk = fc
    .oneof(hostile(300), numberString, fc.constantFrom('0', '-1', '01', '0x1', '1e3', '1.0', '+1', '%00', '%2F', '%20', 'null', '9'.repeat(16), '9223372036854775808'))
    .map((raw) => (/^%[0-9A-F]{2}$/.test(raw) ? raw : encodeURIComponent(toWellFormed(raw))))
    .filter((segment) => segment !== '' && !/^(\.|%2e){1,2}$/i.test(segment));
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...pool).map((id) => ({ segment: String(id), refuse: [] })) },
    { weight: 1, arbitrary: fc.integer({ min: Math.max(...ctx.claimIds) + 1_000, max: 999_999_999_999_999 }).map((id) => ({ segment: String(id), refuse: ['no such claim'] })) },
    {
      weight: 3,
      arbitrary: junk.map((segment) => ({
        segment,
        refuse: /^[1-9]\d{0,14}$/.test(segment) ? (Number(segment) > Math.max(...ctx.claimIds) ? ['no such claim'] : []) : [`id ${segment.slice(0, 30)}`],
      })),
    },
  );
}

interface Query {
  text: string;
  refuse: string[];
}

/**
 * A query string for a route that checks its parameters: known ones with good and bad values,
 * unknown and repeated ones. `check` says why a known parameter's value must be refused.
 */
function query(known: Record<string, fc.Arbitrary<string>>, check: (name: string, value: string) => string | undefined, options: { required?: string[]; strict: boolean; lastWins?: boolean }): fc.Arbitrary<Query> {
  const names = Object.keys(known);
  const unknown = fc.tuple(fc.constantFrom('colour', 'LIMIT', 'limit[]', 'toString', 'valueOf', 'q', 'x'.repeat(300)), hostile(300));
  const pair =
    names.length === 0
      ? unknown
      : fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...names).chain((name) => known[name]!.map((value): [string, string] => [name, value])) },
          { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...names), fc.oneof(hostile(300), numberString)) },
          { weight: 1, arbitrary: unknown },
        );
  const junkTail = fc.constantFrom('', '', '', '&', '&&', '%zz=1', '=', '%F0%9F%98%80=1');
  // Sometimes a query within the rules: the required parameters and some others, good values only.
  const validPairs = () =>
    fc
      .uniqueArray(fc.constantFrom(...names), { maxLength: names.length })
      .chain((chosen) => fc.tuple(...[...new Set([...(options.required ?? []), ...chosen])].map((name) => known[name]!.map((value): [string, string] => [name, value]))));
  const pairLists = names.length === 0 ? fc.array(pair, { maxLength: 4 }) : fc.oneof({ weight: 2, arbitrary: fc.array(pair, { maxLength: 4 }) }, { weight: 1, arbitrary: validPairs() });
  return fc.tuple(pairLists, junkTail).map(([pairs, tail]) => {
    const params = new URLSearchParams(pairs.map(([name, value]) => [name, toWellFormed(value)]));
    const text = [params.toString(), tail].filter(Boolean).join('&');
    // Read back as the server reads it.
    const seen = new URLSearchParams(text);
    const refuse: string[] = [];
    const counts = new Map<string, number>();
    for (const [name] of seen) counts.set(name, (counts.get(name) ?? 0) + 1);
    const last = new Map([...seen]);
    for (const [name, count] of counts) {
      if (!names.includes(name)) {
        if (options.strict) refuse.push(`unknown parameter ${JSON.stringify(name.slice(0, 20))}`);
        continue;
      }
      if (count > 1 && !options.lastWins) refuse.push(`repeated ${name}`);
    }
    for (const name of names) {
      const values = options.lastWins ? (last.has(name) ? [last.get(name)!] : []) : seen.getAll(name);
      for (const value of values) {
        const why = check(name, value);
        if (why) refuse.push(why);
      }
      if (options.required?.includes(name) && values.length === 0) refuse.push(`${name} missing`);
    }
    return { text, refuse };
  });
}

const isoLike = /^\d{4}-\d{2}-\d{2}/;
const goodInstant = fc.oneof(
  fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')),
  fc.constantFrom('2024-12-18', '2024-02-29', '2024-12-18T09:00:00+14:00'),
);

/** A JSON value that is not what any field expects. */
const wrongJson = fc.oneof(fc.constant(null), fc.boolean(), fc.double(), fc.integer(), fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }));

const jsonText = (good: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 5, arbitrary: good }, { weight: 3, arbitrary: hostileString }, { weight: 1, arbitrary: wrongJson });

const goodText = (max: number) =>
  fc.string({ minLength: 1, maxLength: Math.min(max, 60), unit: 'grapheme' }).filter((value) => value.trim() !== '' && !CONTROL_CHARACTERS.test(value));

const goodUrl = fc.webUrl({ withQueryParameters: true, withFragments: true });

/** A submission within every rule. */
const validSubmission = fc.record(
  {
    statement: goodText(1000),
    claimant: fc.record({ name: goodText(200), kind: fc.constantFrom(...SOURCE_KINDS) }, { requiredKeys: ['name'] }),
    claimed_on: fc.date({ min: new Date('1800-01-01T00:00:00Z'), max: new Date('2024-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    language: fc.constantFrom('en', 'de', 'pt-BR', 'zh-Hant'),
    context: fc.string({ maxLength: 100 }),
    appearance: fc.record({ url: goodUrl, title: goodText(500), quote: fc.string({ maxLength: 80 }) }, { requiredKeys: ['url'] }),
  },
  { requiredKeys: ['statement', 'claimant', 'appearance'] },
);

const mixedSubmission = fc.record(
  {
    statement: jsonText(goodText(1000)),
    claimant: fc.oneof(
      { weight: 6, arbitrary: fc.record({ name: jsonText(goodText(200)), kind: fc.oneof(fc.constantFrom(...SOURCE_KINDS), hostileString, wrongJson) }, { requiredKeys: ['name'] }) },
      { weight: 1, arbitrary: wrongJson },
    ),
    claimed_on: jsonText(fc.date({ min: new Date('1800-01-01T00:00:00Z'), max: new Date('2024-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))),
    language: jsonText(fc.constantFrom('en', 'de', 'pt-BR', 'zh-Hant')),
    context: jsonText(fc.string({ maxLength: 100 })),
    appearance: fc.oneof(
      { weight: 6, arbitrary: fc.record({ url: jsonText(goodUrl), title: jsonText(goodText(500)), quote: jsonText(fc.string({ maxLength: 80 })) }, { requiredKeys: ['url'] }) },
      { weight: 1, arbitrary: wrongJson },
    ),
    extra: fc.jsonValue({ maxDepth: 1 }),
  },
  { requiredKeys: ['statement', 'claimant', 'appearance'] },
);

const submission = fc.oneof({ weight: 1, arbitrary: validSubmission }, { weight: 2, arbitrary: mixedSubmission });

/** Ways to write a JSON body, and ways not to. */
function rawBody(value: fc.Arbitrary<unknown>): fc.Arbitrary<string | Uint8Array> {
  const deep = fc.tuple(fc.integer({ min: 100, max: 30_000 }), fc.boolean()).map(([depth, arrays]) => (arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`));
  const badBytes = fc.constantFrom([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82], [0xc0, 0xaf]);
  return fc.oneof(
    { weight: 8, arbitrary: value.map((v) => JSON.stringify(v) ?? 'null') },
    // A duplicate key: the first occurrence is hostile, the last is the value's own.
    { weight: 2, arbitrary: fc.tuple(value, hostileString).map(([v, first]) => (isPlainObject(v) ? `{"statement":${JSON.stringify(first)},${JSON.stringify(v).slice(1)}` : JSON.stringify(v) ?? 'null').replace(/,}$/, '}')) },
    { weight: 1, arbitrary: deep },
    // Numbers JSON.parse reads as Infinity, -0 or a rounded 2^63.
    { weight: 1, arbitrary: fc.tuple(value, fc.constantFrom('1e308', '1e400', '-0', '9223372036854775808', '-1e-400')).map(([v, n]) => JSON.stringify(isPlainObject(v) ? { ...v, statement: '__N__' } : v)?.replace('"__N__"', n) ?? n) },
    { weight: 1, arbitrary: fc.constantFrom('', 'statement=x', 'NaN', "{'a':1}", '{"a":1}garbage', '\ufeff{}', '{"statement":', '\u0000', 'null', '[]', '"x"') },
    { weight: 1, arbitrary: fc.tuple(value, badBytes).map(([v, bytes]) => {
      const text = JSON.stringify(isPlainObject(v) ? { ...v, statement: 'X__BYTES__X' } : { statement: 'X__BYTES__X' });
      const [before, after] = text.split('__BYTES__');
      return new Uint8Array(Buffer.concat([Buffer.from(before!), Buffer.from(bytes), Buffer.from(after!)]));
    }) },
    { weight: 1, arbitrary: fc.tuple(value, hugeString).map(([v, huge]) => JSON.stringify(isPlainObject(v) ? { ...v, context: huge } : { context: huge })) },
  );
}

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant<string | undefined>('application/json') },
  { weight: 1, arbitrary: fc.constantFrom<string | undefined>('application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json;charset=latin1') },
  { weight: 2, arbitrary: fc.constantFrom<string | undefined>(undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json-patch+json', 'application/jsonp', 'json', '') },
);

/** What fetch sends as the content type when none is given. */
function sentContentType(given: string | undefined, body: string | Uint8Array): string | undefined {
  if (given !== undefined) return given;
  return typeof body === 'string' ? 'text/plain;charset=UTF-8' : undefined;
}

function idempotencyKey(): fc.Arbitrary<{ value?: string; refuse: string[] }> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant<{ value?: string; refuse: string[] }>({ refuse: [] }) },
    {
      weight: 2,
      arbitrary: fc.oneof(headerValue(12), headerValue(300), fc.constantFrom('', ' ', 'a', 'x'.repeat(200), 'x'.repeat(201), 'naïve', 'has space')).map((value) => {
        const sent = trimHeader(value);
        return { value, refuse: /^[\x21-\x7e]{1,200}$/.test(sent) ? [] : [`Idempotency-Key ${JSON.stringify(sent.slice(0, 20))}`] };
      }),
    },
  );
}

// ---------------------------------------------------------------------------------------------
// The generators, by route template and method

const GET_LIKE = ['GET', 'HEAD'] as const;

const ALL_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const satisfies readonly HttpMethod[];

function wrongMethod(allowed: readonly HttpMethod[]): fc.Arbitrary<HttpMethod> {
  const others = ALL_METHODS.filter((method) => !allowed.includes(method) && !(method === 'HEAD' && allowed.includes('GET')));
  return fc.constantFrom(...others);
}

/** A route's generator and the methods its cases use (a route file may export no other). */
export interface RouteGenerator {
  methods: readonly HttpMethod[];
  cases: fc.Arbitrary<HttpCase>;
}

type Generators = Record<string, RouteGenerator>;

export function routeCases(ctx: ApiContext): Generators {
  const who = fc.constantFrom<Who>('anonymous', 'editor', 'admin');
  const auth = authorization(ctx);
  const feedQuery = query(
    { limit: fc.integer({ min: 1, max: 100 }).map(String), cursor: fc.constant(ctx.validCursor), updated_since: goodInstant },
    (name, value) => {
      if (name === 'limit' && !(/^\d{1,3}$/.test(value) && Number(value) >= 1 && Number(value) <= 100)) return `limit ${value.slice(0, 20)}`;
      if (name === 'cursor' && value.length > 200) return 'cursor too long';
      if (name === 'updated_since' && !isoLike.test(value)) return `updated_since ${value.slice(0, 20)}`;
      return undefined;
    },
    { strict: true },
  );
  const noQuery = fc.oneof(fc.constant<Query>({ text: '', refuse: [] }), query({}, () => undefined, { strict: true }));
  const exportQuery = (api: boolean) =>
    query(
      {
        format: fc.constantFrom('csv', 'jsonl', 'claimreview'),
        status: fc.constantFrom(...CLAIM_STATUSES),
        [api ? 'updated_since' : 'updatedSince']: goodInstant,
        claimant: fc.integer({ min: 1, max: 20 }).map(String),
      },
      (name, value) => {
        const blank = value.trim() === '';
        if (!api && blank) return undefined;
        if (name === 'format' && !['csv', 'jsonl', 'claimreview'].includes(value)) return `format ${value.slice(0, 20)}`;
        if (name === 'status' && !(CLAIM_STATUSES as readonly string[]).includes(value)) return `status ${value.slice(0, 20)}`;
        if ((name === 'updated_since' || name === 'updatedSince') && !isoLike.test(value.trim())) return `${name} ${value.slice(0, 20)}`;
        if (name === 'claimant' && !(Number.isSafeInteger(Number(value)) && Number(value) > 0)) return `claimant ${value.slice(0, 20)}`;
        return undefined;
      },
      api ? { strict: true, required: ['format'] } : { strict: false, lastWins: true },
    );

  const get = (path: fc.Arbitrary<{ path: string; refuse: string[] }>, q: fc.Arbitrary<Query>, options: { auth?: boolean; keyRequired?: boolean; session?: boolean } = {}) =>
    fc.tuple(who, fc.constantFrom(...GET_LIKE), path, q, options.auth === false ? fc.constant<Auth>({ refuse: [] }) : auth, harmlessHeaders).map(([w, method, p, qs, a, headers]): HttpCase => {
      const refuse = [...p.refuse, ...qs.refuse, ...a.refuse];
      if (options.keyRequired && a.header === undefined) refuse.push('no API key');
      if (options.session && w === 'anonymous') refuse.push('not signed in');
      return { who: w, method, path: qs.text ? `${p.path}?${qs.text}` : p.path, headers: withAuth(headers, a), refuse };
    });

  const fixed = (path: string) => fc.constant({ path, refuse: [] as string[] });
  const claimPath = (suffix: string, pool: number[]) => idSegment(ctx, pool).map(({ segment, refuse }) => ({ path: `/api/v1/claims/${segment}${suffix}`, refuse }));

  const write = (
    method: HttpMethod,
    path: fc.Arbitrary<{ path: string; refuse: string[] }>,
    value: fc.Arbitrary<unknown>,
    fields: (value: unknown) => string[],
  ) =>
    fc.tuple(who, path, auth, rawBody(value), contentType, idempotencyKey(), harmlessHeaders).map(([w, p, a, body, type, key, headers]): HttpCase => {
      const sent = sentContentType(type, body);
      const allHeaders: Record<string, string> = withAuth(headers, a);
      if (type !== undefined) allHeaders['content-type'] = type;
      if (key.value !== undefined) allHeaders['idempotency-key'] = key.value;
      const refuse = [...p.refuse, ...a.refuse];
      if (a.header === undefined) refuse.push('no API key');
      // The body is read only once the key, the path and the method pass.
      refuse.push(...bodyReasons(body, sent, fields));
      if (method === 'POST') refuse.push(...key.refuse);
      return { who: w, method, path: p.path, headers: allHeaders, body, refuse };
    });

  // Another method than the route's: 405 (OPTIONS says which are allowed).
  const wrong = (path: fc.Arbitrary<{ path: string; refuse: string[] }>, allowed: readonly HttpMethod[]) =>
    fc.tuple(who, wrongMethod(allowed), path, auth).map(([w, method, p, a]): HttpCase => ({
      who: w,
      method,
      path: p.path,
      headers: withAuth({ 'content-type': 'application/json' }, a),
      body: method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? undefined : '{}',
      refuse: method === 'OPTIONS' ? [] : [`${method} is not allowed`],
    }));

  const route = (allowed: readonly HttpMethod[], right: fc.Arbitrary<HttpCase>, path: fc.Arbitrary<{ path: string; refuse: string[] }>): RouteGenerator => ({
    methods: ALL_METHODS,
    cases: fc.oneof({ weight: 9, arbitrary: right }, { weight: 1, arbitrary: wrong(path, allowed) }),
  });

  const articlePath = claimPath('/article', ctx.publishedIds);
  const articleBody = fc.oneof(
    { weight: 3, arbitrary: fc.record({ url: goodUrl }) },
    { weight: 4, arbitrary: fc.record({ url: jsonText(goodUrl) }) },
    { weight: 1, arbitrary: fc.record({ url: jsonText(goodUrl), extra: fc.jsonValue({ maxDepth: 1 }) }) },
    { weight: 1, arbitrary: wrongJson },
  );
  const articleReasons = (value: unknown): string[] => {
    if (!isPlainObject(value)) return ['the body is not an object'];
    const reasons: string[] = [];
    unknownKeys(value, ['url'], '', reasons);
    urlReasons(value.url, 'url', reasons);
    return reasons;
  };

  const unknownApiPath = fc
    .tuple(fc.constantFrom('/api/v0/', '/api/v1/nope-', '/api/v1/claims/1/zz-', '/api/v1/verdicts/', '/api/', '/api/v1/openapi.json/'), hostileString)
    .map(([prefix, rest]) => ({ path: `${prefix}${encodeURIComponent(toWellFormed(rest.slice(0, 200))) || 'x'}`, refuse: ['no such endpoint'] }))
    .filter(({ path }) => !/\/(\.|%2e){1,2}$/i.test(path));

  const authPath = fc.oneof(
    fc.constantFrom('/api/auth/csrf', '/api/auth/session', '/api/auth/providers', '/api/auth/signin', '/api/auth/signout', '/api/auth/error', '/api/auth/callback/credentials', '/api/auth/signin/credentials'),
    fc.constantFrom('/api/auth/zz', '/api/auth/callback/zz', '/api/auth/_log', '/api/auth/%00', `/api/auth/${'x'.repeat(3000)}`),
  );
  const authQuery = fc.constantFrom('', 'callbackUrl=javascript:alert(1)', 'callbackUrl=https://evil.example/', 'callbackUrl=//evil.example', 'error=%3Cscript%3Ealert(1)%3C/script%3E', 'csrf=true&json=true', '__proto__=1');
  const authForm = fc
    .record(
      {
        csrfToken: fc.oneof(hostileString, fc.constant('junk'), fc.constant(CSRF_TOKEN), fc.constant(CSRF_TOKEN)),
        email: fc.oneof(fc.constantFrom('editor@demo.claimbench.test', 'admin@demo.claimbench.test', 'EDITOR@demo.claimbench.test '), hostileString),
        password: fc.oneof(fc.constantFrom('wrong-password', 'demo-editor-pass '), hostileString),
        callbackUrl: fc.constantFrom('javascript:alert(1)', 'https://evil.example/', '/claims', '//evil.example'),
        json: fc.constantFrom('true', 'false'),
        redirect: fc.constantFrom('false', 'true'),
      },
      { requiredKeys: [] },
    )
    .map((fields) => new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, toWellFormed(v)])).toString());

  // "Checked before?": text is any text (empty or punctuation only may be refused by the data), limit 1 to 50.
  const similarQuery = query(
    { text: fc.oneof(goodText(300), fc.constantFrom('North Korean troops sent to Russia', '10,000', '"troops" NEAR/2 (Russia OR Kursk)*')), limit: fc.integer({ min: 1, max: 50 }).map(String) },
    (name, value) => (name === 'limit' && !(/^\d{1,2}$/.test(value) && Number(value) >= 1 && Number(value) <= 50) ? `limit ${value.slice(0, 20)}` : undefined),
    { strict: true, required: ['text'] },
  );
  // The sign-on button's form: next-auth's CSRF and the provider decide; hostile fields change nothing.
  const signOnForm = fc.oneof(
    fc.record({ callbackUrl: fc.oneof(fc.constantFrom('/claims', 'javascript:alert(1)', '//evil.example', 'https://evil.example/'), hostileString) }, { requiredKeys: [] }).map((fields) => new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, toWellFormed(v)])).toString()),
    hostileString.map((value) => toWellFormed(value)),
  );
  const signOnPath = fc.constantFrom('/signin/oidc', '/signin/oidc?retry=1', '/signin/oidc?callbackUrl=%2Fclaims');

  const open = (path: string, options: { session?: boolean } = {}) =>
    route(['GET'], get(fixed(path), query({}, () => undefined, { strict: false }), { auth: false, ...options }), fixed(path));

  return {
    '/api/v1/verdicts': route(['GET'], get(fixed('/api/v1/verdicts'), feedQuery), fixed('/api/v1/verdicts')),
    '/api/v1/claims/[id]': route(['GET'], get(claimPath('', ctx.claimIds), noQuery), claimPath('', ctx.claimIds)),
    '/api/v1/claims/[id]/claimreview': route(['GET'], get(claimPath('/claimreview', ctx.publishedIds), noQuery), claimPath('/claimreview', ctx.publishedIds)),
    '/api/v1/claims/[id]/article': route(['PUT'], write('PUT', articlePath, articleBody, articleReasons), articlePath),
    '/api/v1/claims': route(['POST'], write('POST', fixed('/api/v1/claims'), submission, submissionReasons), fixed('/api/v1/claims')),
    '/api/v1/export': route(['GET'], get(fixed('/api/v1/export'), exportQuery(true), { keyRequired: true }), fixed('/api/v1/export')),
    '/api/v1/openapi.json': open('/api/v1/openapi.json'),
    '/api/health': open('/api/health'),
    '/api/me': open('/api/me', { session: true }),
    '/api/v1/claims/similar': route(['GET'], get(fixed('/api/v1/claims/similar'), similarQuery, { keyRequired: true }), fixed('/api/v1/claims/similar')),
    '/claims/similar': route(['GET'], get(fixed('/claims/similar'), similarQuery, { auth: false, session: true }), fixed('/claims/similar')),
    '/signin/oidc': route(
      ['POST'],
      fc.tuple(who, signOnPath, signOnForm, fc.constantFrom<string | undefined>('application/x-www-form-urlencoded', 'text/plain', undefined, 'multipart/form-data; boundary=x')).map(([w, path, body, type]): HttpCase => ({
        who: w,
        method: 'POST',
        path,
        headers: type === undefined ? {} : { 'content-type': type },
        body,
        refuse: [],
      })),
      signOnPath.map((path) => ({ path, refuse: [] })),
    ),
    '/export/download': route(['GET'], get(fixed('/export/download'), exportQuery(false), { auth: false, session: true }), fixed('/export/download')),
    '/api/[...path]': {
      methods: ALL_METHODS,
      cases: fc.tuple(fc.constantFrom(...ALL_METHODS), unknownApiPath, auth).map(([method, p, a]): HttpCase => ({
        who: 'anonymous',
        method,
        path: p.path,
        headers: withAuth({ 'content-type': 'application/json' }, a),
        body: method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? undefined : '{"statement":"x"}',
        refuse: method === 'OPTIONS' ? [] : p.refuse,
      })),
    },
    '/api/auth/[...nextauth]': route(
      ['GET', 'POST'],
      fc.oneof(
        fc.tuple(authPath, authQuery, harmlessHeaders).map(([path, q, headers]): HttpCase => ({
          who: 'anonymous',
          method: 'GET',
          path: q ? `${path}?${q}` : path,
          headers,
          refuse: /\/(zz|_log|%00|x{3000})$/.test(path) ? ['not a next-auth action'] : [],
        })),
        // The sign-in form's own post, with a real CSRF token and hostile credentials.
        authForm.map((body): HttpCase => ({
          who: 'anonymous',
          method: 'POST',
          path: '/api/auth/callback/credentials',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: body.includes('csrfToken=') ? body : `${body}&csrfToken=${CSRF_TOKEN}`,
          refuse: [],
        })),
        fc
          .tuple(authPath, fc.oneof(authForm, hostileString.map((s) => toWellFormed(s))), fc.constantFrom<string | undefined>('application/x-www-form-urlencoded', 'application/json', 'text/plain', undefined, 'multipart/form-data; boundary=x'))
          .map(([path, body, type]): HttpCase => ({
            who: 'anonymous',
            method: 'POST',
            path,
            headers: type === undefined ? {} : { 'content-type': type },
            body,
            // next-auth decides for itself; what matters is no 5xx, no write and no session.
            refuse: [],
          })),
      ),
      authPath.map((path) => ({ path, refuse: [] })),
    ),
  };
}
