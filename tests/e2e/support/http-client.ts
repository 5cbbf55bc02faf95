import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * An HTTP client for the built app that behaves like a browser without JavaScript would at the
 * wire level: it keeps cookies, signs in through next-auth's credentials callback, and calls server
 * actions the way React's client does (a `Next-Action` header and a multipart reply body). Every
 * response body it reads is checked for secrets (see SecretWatch), so tests that drive the app
 * through it also prove nothing secret leaves the server.
 */

const root = path.resolve(import.meta.dirname, '..', '..', '..');

export interface ServerActionInfo {
  /** The action's id in this build (changes with every build). */
  id: string;
  /** The exported function's name, e.g. `addEvidenceAction`. */
  name: string;
  /** The source file that defines it, e.g. `app/(workbench)/claims/[id]/actions.ts`. */
  file: string;
  /** The app routes whose pages import it, e.g. `/(workbench)/claims/[id]/page`. */
  pages: string[];
}

/** Every server action of the current build, read from Next's server reference manifest. */
export function serverActions(): ServerActionInfo[] {
  const manifestFile = path.join(root, '.next', 'server', 'server-reference-manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as {
    node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => {
    if (!entry.exportedName || !entry.filename) throw new Error(`server action ${id} has no exportedName/filename in the manifest`);
    return {
      id,
      name: entry.exportedName,
      file: entry.filename,
      pages: Object.keys(entry.workers).map((worker) => `/${worker.replace(/^app\//, '')}`),
    };
  });
}

/**
 * Every page and route handler of the current build as its app-router path, e.g.
 * `/(workbench)/claims/[id]/page` or `/api/v1/verdicts/route`, leaving out Next's own error pages.
 */
export function appRoutes(): string[] {
  const manifestFile = path.join(root, '.next', 'server', 'app-paths-manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, string>;
  return Object.keys(manifest)
    .filter((route) => !/^\/_(not-found|global-error)\//.test(route))
    .sort();
}

/** What a server action answered. */
export interface ActionResponse {
  status: number;
  headers: Headers;
  /** The action's return value (row referenced by the payload's root), when it returned one. */
  result: unknown;
  /** Set when the RSC payload carried an error row instead of a value. */
  error?: string;
  /** Where the action redirected (the `x-action-redirect` header), if it did. */
  redirect?: string;
  body: string;
}

export interface SecretFinding {
  url: string;
  secret: string;
}

/**
 * The secrets no response may contain: password hashes (their `scrypt$` marker and every stored
 * hash), API key hashes, the session-signing secret. Values are read from the database when a body
 * is checked, so keys and users created during a test are covered too. Webhook signing secrets are
 * shown exactly once, to the editor who creates the webhook; `allowOnce` lets that one response
 * through.
 */
export class SecretWatch {
  readonly findings: SecretFinding[] = [];
  bodies = 0;
  private readonly allowed = new Set<string>();

  constructor(
    private readonly dbFile: string,
    private readonly fixed: string[] = [],
  ) {}

  /** Lets the next response that contains `value` through (e.g. the webhook creation reply). */
  allowOnce(value: string): void {
    this.allowed.add(value);
  }

  secrets(): string[] {
    const sqlite = new Database(this.dbFile, { readonly: true, fileMustExist: true });
    try {
      const hashes = sqlite.prepare('SELECT password_hash AS s FROM users UNION ALL SELECT key_hash FROM api_keys').pluck().all() as string[];
      const webhookSecrets = sqlite.prepare('SELECT secret FROM webhooks').pluck().all() as string[];
      return ['scrypt$', ...this.fixed, ...hashes, ...webhookSecrets].filter((secret) => secret.length >= 7);
    } finally {
      sqlite.close();
    }
  }

  check(url: string, body: string): void {
    this.bodies += 1;
    for (const secret of this.secrets()) {
      if (!body.includes(secret)) continue;
      if (this.allowed.delete(secret)) continue;
      this.findings.push({ url, secret: secret === 'scrypt$' ? secret : `${secret.slice(0, 6)}…` });
    }
  }
}

interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | FormData | URLSearchParams;
}

/** A cookie-keeping client for one actor. */
export class HttpClient {
  private readonly cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    private readonly watch?: SecretWatch,
  ) {}

  /** The cookies this client holds, as a Cookie header value. */
  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Copies another client's cookies (to replay a session after it ended, for instance). */
  copyCookiesFrom(other: HttpClient): void {
    for (const [name, value] of other.cookies) this.cookies.set(name, value);
  }

  hasSession(): boolean {
    return [...this.cookies.keys()].some((name) => name.endsWith('next-auth.session-token'));
  }

  /** A request to the app; redirects are not followed; the body is read, secret-checked and kept. */
  async request(pathOrUrl: string, options: RequestOptions = {}): Promise<Response & { text(): Promise<string> }> {
    const url = new URL(pathOrUrl, this.baseUrl);
    const headers: Record<string, string> = { ...options.headers };
    const cookie = this.cookieHeader();
    if (cookie && headers.cookie === undefined) headers.cookie = cookie;
    const response = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      body: options.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    });
    this.keepCookies(response.headers);
    const body = await response.text();
    this.watch?.check(url.pathname + url.search, body);
    // Hand back a response whose body can still be read.
    return new Response(response.status === 204 || response.status === 304 ? null : body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    }) as Response & { text(): Promise<string> };
  }

  /**
   * Signs in through next-auth's credentials callback (what the sign-in form posts). Returns the
   * status and where next-auth sent the browser; `ok` is whether a session cookie was set.
   */
  async signIn(email: string, password: string, headers: Record<string, string> = {}): Promise<{ ok: boolean; status: number; location: string | null }> {
    const csrf = await this.request('/api/auth/csrf');
    const { csrfToken } = JSON.parse(await csrf.text()) as { csrfToken: string };
    const response = await this.request('/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${this.baseUrl}/` }),
    });
    return { ok: this.hasSession(), status: response.status, location: response.headers.get('location') };
  }

  /** Signs out through next-auth (what the sign-out button does). */
  async signOut(): Promise<number> {
    const csrf = await this.request('/api/auth/csrf');
    const { csrfToken } = JSON.parse(await csrf.text()) as { csrfToken: string };
    const response = await this.request('/api/auth/signout', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, callbackUrl: `${this.baseUrl}/signin` }),
    });
    return response.status;
  }

  /**
   * Calls a server action of the form `(previousState, formData)` as React's client does: the
   * fields go in as the FormData argument, posted to `pagePath` (a page that renders the action).
   */
  async action(
    action: ServerActionInfo | string,
    pagePath: string,
    fields: Record<string, string | string[] | Blob>,
    options: { headers?: Record<string, string> } = {},
  ): Promise<ActionResponse> {
    const id = typeof action === 'string' ? actionId(action) : action.id;
    const body = new FormData();
    for (const [name, value] of Object.entries(fields)) {
      for (const item of Array.isArray(value) ? value : [value]) body.append(`_1_${name}`, item);
    }
    // The root of the reply comes last, after the entries it references.
    body.append('0', JSON.stringify([null, '$K1']));
    const response = await this.request(pagePath, {
      method: 'POST',
      headers: { 'next-action': id, accept: 'text/x-component', ...options.headers },
      body,
    });
    const text = await response.text();
    const parsed = parseActionPayload(text);
    return {
      status: response.status,
      headers: response.headers,
      body: text,
      result: parsed.result,
      error: parsed.error,
      redirect: response.headers.get('x-action-redirect') ?? undefined,
    };
  }

  private keepCookies(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      if (eq < 0) continue;
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key, val] = attribute.split('=').map((part) => part.trim().toLowerCase());
        return (key === 'max-age' && Number(val) <= 0) || (key === 'expires' && Date.parse(val ?? '') < Date.now());
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** The id of a server action of the current build by its exported name (names are unique). */
export function actionId(name: string): string {
  const matches = serverActions().filter((action) => action.name === name);
  if (matches.length !== 1) throw new Error(`expected one server action named ${name}, found ${matches.length}`);
  return matches[0]!.id;
}

/**
 * Reads the action's value out of an RSC payload: rows are `id:json` lines; row 0 is
 * `{"a":"$@<row>", …}` naming the row that holds the return value. An `E{…}` row is an error.
 */
export function parseActionPayload(payload: string): { result: unknown; error?: string } {
  const rows = new Map<string, string>();
  for (const line of payload.split('\n')) {
    const match = /^([0-9a-f]+):(.*)$/.exec(line);
    if (match) rows.set(match[1]!, match[2]!);
  }
  const rootRow = rows.get('0');
  if (rootRow === undefined) return { result: undefined, error: payload.slice(0, 200) || 'empty payload' };
  let root: { a?: unknown };
  try {
    root = JSON.parse(rootRow) as { a?: unknown };
  } catch {
    return { result: undefined, error: `unreadable payload root: ${rootRow.slice(0, 200)}` };
  }
  const ref = typeof root.a === 'string' && root.a.startsWith('$@') ? root.a.slice(2) : undefined;
  if (ref === undefined) return { result: root.a };
  const row = rows.get(ref);
  if (row === undefined) return { result: undefined, error: `payload has no row ${ref}` };
  if (row.startsWith('E')) return { result: undefined, error: row.slice(1) };
  try {
    return { result: JSON.parse(row) };
  } catch {
    return { result: undefined, error: `unreadable row ${ref}: ${row.slice(0, 200)}` };
  }
}
