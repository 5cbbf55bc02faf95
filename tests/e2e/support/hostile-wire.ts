import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { appRoutes, type HttpClient, type ServerActionInfo } from './http-client';

/**
 * Wire-level helpers for the hostile-input and injection suites, on top of ./http-client.ts (which
 * stays as it is): the database fingerprint a refusal must leave alone, the route handlers of the
 * build with the methods their files export, and server-action calls with bodies React's client
 * would never send, read back with a decoder that also understands the RSC payload's text rows.
 */

const root = path.resolve(import.meta.dirname, '..', '..', '..');

// ---------------------------------------------------------------------------------------------
// The database fingerprint

/** Row counts of every table (FTS5 shadow tables aside) and the newest audit event's id. */
export type Fingerprint = Record<string, number>;

export function fingerprint(dbFile: string): Fingerprint {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const all = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string; sql: string }[];
    const virtual = all.filter((table) => /^CREATE VIRTUAL TABLE/i.test(table.sql)).map((table) => table.name);
    // FTS5 keeps its index in shadow tables (claims_fts_data, …) whose rows follow merges, not changes.
    // A refused sign-in is meant to leave its count in sign_in_counters (lib/auth/sign-in-limits.ts)
    // and its line in the security log; any other security event is a change like the rest.
    const tables = all
      .map((table) => table.name)
      .filter((name) => !virtual.some((v) => name.startsWith(`${v}_`)) && name !== 'sign_in_counters');
    const out: Fingerprint = {};
    for (const table of tables) {
      const where = table === 'security_events' ? " WHERE kind <> 'sign_in_failed'" : '';
      out[table] = db.prepare(`SELECT count(*) FROM "${table}"${where}`).pluck().get() as number;
    }
    out['max(audit_events.id)'] = (db.prepare('SELECT coalesce(max(id), 0) FROM audit_events').pluck().get() as number) ?? 0;
    return out;
  } finally {
    db.close();
  }
}

/** Runs a read-only query against the app's database. */
export function readDb<T>(dbFile: string, read: (db: Database.Database) => T): T {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Route handlers of the build

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface RouteHandlerInfo {
  /** The app-router path of the build, e.g. `/api/v1/claims/[id]/route`. */
  route: string;
  /** The URL template, e.g. `/api/v1/claims/[id]`. */
  template: string;
  /** The source file, relative to the repository. */
  file: string;
  /** The HTTP methods the file exports. */
  methods: HttpMethod[];
}

/**
 * Every route handler of the current build (from its manifest) with the methods its source file
 * exports (`export const GET`, `export async function POST`, `export { handler as GET }`,
 * `export const { PUT } = …`).
 * Metadata files served as routes (app/icon.svg) are not handlers and are left out; anything else
 * without a route file is an error, so a new route cannot slip past the suites that use this.
 */
export function routeHandlers(): RouteHandlerInfo[] {
  const out: RouteHandlerInfo[] = [];
  for (const route of appRoutes().filter((r) => r.endsWith('/route'))) {
    const file = ['ts', 'tsx', 'js', 'mjs'].map((ext) => `app${route}.${ext}`).find((candidate) => fs.existsSync(path.join(root, candidate)));
    const template = route.slice(0, -'/route'.length).replace(/\/\([^/]+\)/g, '') || '/';
    if (!file) {
      if (fs.existsSync(path.join(root, 'app', route.slice(0, -'/route'.length)))) continue;
      throw new Error(`route ${route} has neither a route file nor a metadata file`);
    }
    const source = fs.readFileSync(path.join(root, file), 'utf8');
    const methods = new Set<HttpMethod>();
    for (const match of source.matchAll(/export\s+(?:const|let|async\s+function|function)\s+([A-Z]+)\b/g)) {
      if ((HTTP_METHODS as readonly string[]).includes(match[1]!)) methods.add(match[1] as HttpMethod);
    }
    // `export { handler as GET }` and `export const { POST, PUT } = otherMethods([...])`.
    for (const match of source.matchAll(/export\s*(?:const\s*)?\{([^}]*)\}/g)) {
      for (const part of match[1]!.split(',')) {
        const name = part.trim().split(/\s+as\s+/).at(-1)?.trim();
        if (name && (HTTP_METHODS as readonly string[]).includes(name)) methods.add(name as HttpMethod);
      }
    }
    if (methods.size === 0) throw new Error(`${file} exports no HTTP method this helper recognises`);
    out.push({ route, template, file, methods: HTTP_METHODS.filter((m) => methods.has(m)) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Server actions with any body

/** What a server action call carries. */
export type ActionPayload =
  /** The fields of the form, as React's client sends them (FormData as the second argument). */
  | { kind: 'fields'; fields: Record<string, string | string[]> }
  /** The argument list as a JSON row, e.g. `["a","b"]`: what a client that is not React could send. */
  | { kind: 'args'; args: string }
  /** A no-JavaScript form post: the action id as a `$ACTION_ID_` field, the fields unprefixed. */
  | { kind: 'mpa'; fields: Record<string, string> };

export interface ActionAnswer {
  status: number;
  contentType: string;
  /** The action's return value, decoded from the RSC payload, or undefined. */
  result: unknown;
  /** Set when the payload carried no return value (an error row, or HTML). */
  error?: string;
  redirect?: string;
  body: string;
}

/** Posts a server action call to `pagePath` the way a browser would, with the given payload. */
export async function sendAction(client: HttpClient, action: ServerActionInfo, pagePath: string, payload: ActionPayload, extraHeaders: Record<string, string> = {}): Promise<ActionAnswer> {
  const body = new FormData();
  const headers: Record<string, string> = { ...extraHeaders };
  if (payload.kind === 'fields') {
    for (const [name, value] of Object.entries(payload.fields)) {
      for (const item of Array.isArray(value) ? value : [value]) body.append(`_1_${name}`, item);
    }
    body.append('0', JSON.stringify([null, '$K1']));
  } else if (payload.kind === 'args') {
    body.append('0', payload.args);
  } else {
    body.append(`$ACTION_ID_${action.id}`, '');
    for (const [name, value] of Object.entries(payload.fields)) body.append(name, value);
  }
  if (payload.kind !== 'mpa') {
    headers['next-action'] = action.id;
    headers.accept = 'text/x-component';
  }
  const response = await client.request(pagePath, { method: 'POST', headers, body });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  const decoded = /x-component/.test(contentType) ? decodeActionPayload(text) : { result: undefined, error: `${contentType}: ${text.slice(0, 200)}` };
  return {
    status: response.status,
    contentType,
    result: decoded.result,
    error: decoded.error,
    redirect: response.headers.get('x-action-redirect') ?? response.headers.get('location') ?? undefined,
    body: text,
  };
}

/**
 * Reads an action's return value out of an RSC payload. Rows are `id:json\n`, except text rows,
 * `id:T<hex byte length>,<text>` with no line end, which React uses for long strings (a form's
 * echoed values, for instance); `"$<id>"` inside a row refers to another row.
 */
export function decodeActionPayload(payload: string): { result: unknown; error?: string } {
  const bytes = Buffer.from(payload, 'utf8');
  const rows = new Map<string, { text: string; isText: boolean }>();
  let at = 0;
  while (at < bytes.length) {
    const colon = bytes.indexOf(0x3a, at);
    if (colon < 0) break;
    const id = bytes.toString('latin1', at, colon);
    if (!/^[0-9a-f]*$/.test(id)) {
      // Not a row (an HTML page, say): stop rather than guess.
      break;
    }
    if (id === '') {
      // A hint row (":HL[…]", a stylesheet to preload), not data.
      const newline = bytes.indexOf(0x0a, colon);
      at = newline < 0 ? bytes.length : newline + 1;
      continue;
    }
    if (bytes[colon + 1] === 0x54 /* T */) {
      const comma = bytes.indexOf(0x2c, colon);
      const length = parseInt(bytes.toString('latin1', colon + 2, comma), 16);
      rows.set(id, { text: bytes.toString('utf8', comma + 1, comma + 1 + length), isText: true });
      at = comma + 1 + length;
    } else {
      const newline = bytes.indexOf(0x0a, colon);
      const end = newline < 0 ? bytes.length : newline;
      rows.set(id, { text: bytes.toString('utf8', colon + 1, end), isText: false });
      at = end + 1;
    }
  }
  const root = rows.get('0');
  if (!root) return { result: undefined, error: payload.slice(0, 200) || 'empty payload' };
  const parsed = new Map<string, unknown>();
  const resolve = (id: string, depth: number): unknown => {
    if (depth > 50) throw new Error('reference cycle');
    if (parsed.has(id)) return parsed.get(id);
    const row = rows.get(id);
    if (!row) throw new Error(`payload has no row ${id}`);
    if (row.isText) return row.text;
    if (row.text.startsWith('E')) throw new Error(`error row: ${row.text.slice(1, 300)}`);
    const value = revive(JSON.parse(row.text) as unknown, depth);
    parsed.set(id, value);
    return value;
  };
  const revive = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string' && value.startsWith('$')) {
      if (value.startsWith('$$')) return value.slice(1);
      if (value === '$undefined') return undefined;
      const ref = /^\$@?([0-9a-f]+)$/.exec(value);
      if (ref) return resolve(ref[1]!, depth + 1);
      return value;
    }
    if (Array.isArray(value)) return value.map((item) => revive(item, depth));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, revive(inner, depth)]));
    }
    return value;
  };
  try {
    const head = JSON.parse(root.text) as { a?: unknown };
    return { result: revive(head.a, 0) };
  } catch (error) {
    return { result: undefined, error: error instanceof Error ? error.message : String(error) };
  }
}
