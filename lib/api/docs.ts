/**
 * Reading the OpenAPI document for people: the API reference (app/api-docs) lays out what these
 * return, so everything the page shows comes from the document and nothing is written twice.
 * Pure functions over the JSON document; tests/integration/api-docs.test.ts checks them and
 * tests/e2e/api-docs.test.ts checks the page against the document served at /api/v1/openapi.json.
 */

export type Json = Record<string, unknown>;

export function obj(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

/** A description split into plain text and `code` spans; the page renders each as text, so nothing is HTML. */
export function inlineCode(text: string): { code: boolean; text: string }[] {
  const parts: { code: boolean; text: string }[] = [];
  const pattern = /`([^`]+)`/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) parts.push({ code: false, text: text.slice(last, match.index) });
    parts.push({ code: true, text: match[1] as string });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ code: false, text: text.slice(last) });
  return parts;
}

/** The name of a `$ref`'s target. */
export function refName(schema: unknown): string | null {
  const ref = obj(schema).$ref;
  return typeof ref === 'string' ? (ref.split('/').pop() ?? null) : null;
}

/** A schema with a `$ref` resolved into the document's components. */
export function resolveSchema(doc: Json, schema: unknown): Json {
  const name = refName(schema);
  return name === null ? obj(schema) : obj(obj(obj(doc.components).schemas)[name]);
}

/** The non-null member of `anyOf: [X, {type: 'null'}]`, and whether null was allowed. */
function unwrapNullable(schema: Json): { schema: Json; nullable: boolean } {
  if (Array.isArray(schema.anyOf)) {
    const members = schema.anyOf.map(obj);
    const others = members.filter((m) => m.type !== 'null');
    if (others.length === 1 && others.length < members.length) return { schema: { ...schema, ...others[0], anyOf: undefined }, nullable: true };
  }
  if (Array.isArray(schema.type) && schema.type.includes('null')) {
    const rest = schema.type.filter((t) => t !== 'null');
    return { schema: { ...schema, type: rest.length === 1 ? rest[0] : rest }, nullable: true };
  }
  return { schema, nullable: false };
}

/** A schema's type in a few characters: `string`, `integer`, `"a" | "b"`, `Claimant`, `VerdictItem[]`, `string | null`. */
export function typeLabel(schema: unknown): string {
  const s = obj(schema);
  const name = refName(s);
  if (name !== null) return name;
  if (Array.isArray(s.anyOf)) return s.anyOf.map(typeLabel).join(' | ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return s.enum.map((x) => JSON.stringify(x)).join(' | ');
  if (s.type === 'array') return `${typeLabel(s.items)}[]`;
  if (Array.isArray(s.type)) return s.type.join(' | ');
  return typeof s.type === 'string' ? s.type : 'object';
}

export interface FieldRow {
  /** Dotted path: `claimant.name`, `items[].rating`. */
  path: string;
  depth: number;
  type: string;
  required: boolean;
  nullable: boolean;
  description: string;
  example: unknown;
  defaultValue: unknown;
}

/**
 * Every field of an object schema, nested objects expanded under their parent (`claimant`, then
 * `claimant.name`, `claimant.kind`). With `expandRefs`, fields that are other named schemas are
 * expanded too (a request body, read on its own); without, they stay a link to that schema.
 */
export function fieldRows(doc: Json, schema: unknown, options: { expandRefs: boolean }, prefix = '', depth = 0, seen: string[] = []): FieldRow[] {
  const name = refName(schema);
  if (name !== null && seen.includes(name)) return [];
  const s = resolveSchema(doc, schema);
  const properties = obj(s.properties);
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  return Object.entries(properties).flatMap(([key, raw]) => {
    const { schema: property, nullable } = unwrapNullable(obj(raw));
    const path = prefix ? `${prefix}.${key}` : key;
    const row: FieldRow = {
      path,
      depth,
      type: typeLabel(raw),
      required: required.has(key),
      nullable,
      description: typeof property.description === 'string' ? property.description : '',
      example: property.example,
      defaultValue: property.default,
    };
    const child = refName(property) !== null ? (options.expandRefs ? property : null) : property.type === 'object' || property.properties ? property : null;
    const items = property.type === 'array' ? obj(property.items) : null;
    const nested =
      child !== null
        ? fieldRows(doc, child, options, path, depth + 1, name ? [...seen, name] : seen)
        : items && (items.properties || (options.expandRefs && refName(items) !== null))
          ? fieldRows(doc, items, options, `${path}[]`, depth + 1, name ? [...seen, name] : seen)
          : [];
    return [row, ...nested];
  });
}

export interface Operation {
  method: string;
  path: string;
  op: Json;
  /** `get-api-v1-verdicts`: the operation's anchor on the page. */
  anchor: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

export function operations(doc: Json): Operation[] {
  return Object.entries(obj(doc.paths)).flatMap(([path, item]) =>
    Object.entries(obj(item))
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ method, path, op: obj(op), anchor: `${method}-${path}`.replace(/[^a-z0-9]+/gi, '-').replace(/-+$/, '') })),
  );
}

/** The scopes a route's security asks for, and whether it also answers without a key. */
export function routeAccess(op: Json): { scopes: string[]; anonymous: boolean } {
  const requirements = Array.isArray(op.security) ? op.security.map(obj) : [];
  const scopes = [...new Set(requirements.flatMap((r) => Object.values(r).flatMap((v) => (Array.isArray(v) ? (v as string[]) : []))))];
  return { scopes, anonymous: requirements.some((r) => Object.keys(r).length === 0) };
}

/** Every scope the document knows (the scheme's `x-scopes`, and any a route asks for), with its words and routes. */
export function scopeTable(doc: Json): { scope: string; description: string; routes: string[] }[] {
  const schemes = Object.values(obj(obj(doc.components).securitySchemes)).map(obj);
  const described = Object.assign({}, ...schemes.map((s) => obj(s['x-scopes']))) as Record<string, unknown>;
  const ops = operations(doc);
  const names = [...new Set([...Object.keys(described), ...ops.flatMap((o) => routeAccess(o.op).scopes)])];
  return names.map((scope) => ({
    scope,
    description: typeof described[scope] === 'string' ? described[scope] : '',
    routes: ops.filter((o) => routeAccess(o.op).scopes.includes(scope)).map((o) => `${o.method.toUpperCase()} ${o.path}`),
  }));
}

/** The operation's JSON request body: its schema and its example. */
export function requestBody(op: Json): { schema: unknown; example: unknown } | null {
  const media = obj(obj(obj(op.requestBody).content)['application/json']);
  return media.schema === undefined ? null : { schema: media.schema, example: media.example };
}

/** The first documented answer that carries an example: its status, media type and example. */
export function responseExample(op: Json): { status: string; type: string; example: unknown } | null {
  for (const [status, response] of Object.entries(obj(op.responses))) {
    for (const [type, media] of Object.entries(obj(obj(response).content))) {
      if (obj(media).example !== undefined) return { status, type, example: obj(media).example };
    }
  }
  return null;
}

function parameterExample(parameter: Json): unknown {
  return parameter.example ?? obj(parameter.schema).example;
}

/** POSIX shell single quotes: 'it'\''s'. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A curl command that runs the operation as documented: path parameters and query parameters from
 * their examples (the first page, so no `cursor`), the key when the route needs one, the headers
 * and the example body. The key is read from $CLAIMBENCH_API_KEY, never written out.
 */
export function curlCommand(baseUrl: string, operation: Operation): string {
  const { method, path, op } = operation;
  const parameters = Array.isArray(op.parameters) ? op.parameters.map(obj) : [];
  const url = new URL(
    path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(parameterExample(parameters.find((p) => p.in === 'path' && p.name === name) ?? {}) ?? name))),
    baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`,
  );
  for (const p of parameters.filter((p) => p.in === 'query' && p.name !== 'cursor')) {
    const example = parameterExample(p);
    if (example !== undefined) url.searchParams.set(String(p.name), String(example));
  }
  const lines = [`curl ${method === 'get' ? '' : `-X ${method.toUpperCase()} `}${shellQuote(url.toString())}`];
  const access = routeAccess(op);
  if (!access.anonymous && access.scopes.length > 0) lines.push(`-H "Authorization: Bearer $CLAIMBENCH_API_KEY"`);
  for (const p of parameters.filter((p) => p.in === 'header')) {
    const example = parameterExample(p);
    if (example !== undefined) lines.push(`-H ${shellQuote(`${String(p.name)}: ${String(example)}`)}`);
  }
  const body = requestBody(op);
  if (body) {
    lines.push(`-H 'Content-Type: application/json'`);
    lines.push(`--data-binary ${shellQuote(JSON.stringify(body.example ?? {}, null, 2))}`);
  }
  // A download, not JSON: save it under the name the answer's Content-Disposition would give.
  if (path.endsWith('/export')) lines.push(`-o claimbench-export.${url.searchParams.get('format') ?? 'csv'}`);
  return lines.join(' \\\n  ');
}

/** The `webhooks` section: each event with its delivery schema and example. */
export function webhookEvents(doc: Json): { event: string; summary: string; description: string; schema: unknown; example: unknown; headers: Json[] }[] {
  return Object.entries(obj(doc.webhooks)).map(([event, item]) => {
    const op = obj(obj(item).post);
    const body = requestBody(op);
    return {
      event,
      summary: typeof op.summary === 'string' ? op.summary : event,
      description: typeof op.description === 'string' ? op.description : '',
      schema: body?.schema,
      example: body?.example,
      headers: (Array.isArray(op.parameters) ? op.parameters.map(obj) : []).filter((p) => p.in === 'header'),
    };
  });
}
