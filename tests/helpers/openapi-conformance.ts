import { createRequire } from 'node:module';

/**
 * Checks an HTTP response against the OpenAPI 3.1 document: the operation exists, the status is
 * documented for it, the content type is one it documents, and the body validates against that
 * response's schema (with `$ref`s into `components/schemas` resolved). Objects that list their
 * properties may not carry undocumented ones, so a field added to a handler but not to the schema
 * (or the other way round) shows up here.
 *
 * The validator is Ajv's JSON Schema 2020-12 dialect, the one OpenAPI 3.1 uses, taken from the
 * dependency of @seriousme/openapi-schema-validator: the project's own top-level `ajv` is ESLint's
 * Ajv 6, which has no 2020-12 dialect, so `ajv/dist/2020` is resolved from the validator package.
 */

type Json = Record<string, unknown>;

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

interface ValidateFunction {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}

interface Ajv2020 {
  compile(schema: Json): ValidateFunction;
  addVocabulary(keywords: string[]): Ajv2020;
}

type Ajv2020Constructor = new (options: Record<string, unknown>) => Ajv2020;

const requireHere = createRequire(import.meta.url);
const requireFromValidator = createRequire(requireHere.resolve('@seriousme/openapi-schema-validator'));

function defaultExport<T>(module: unknown): T {
  const m = module as { default?: T };
  return (m.default ?? module) as T;
}

function newAjv(): Ajv2020 {
  const Ajv = defaultExport<Ajv2020Constructor>(requireFromValidator('ajv/dist/2020'));
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
  // OpenAPI's own schema keywords (annotations for a validator).
  ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs']);
  const addFormats = defaultExport<(ajv: Ajv2020) => Ajv2020>(requireFromValidator('ajv-formats'));
  addFormats(ajv);
  return ajv;
}

function obj(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

const COMPONENT_PREFIX = '#/components/schemas/';

/** Media types whose body is one JSON value per line. */
const SEQUENTIAL_JSON = /^application\/(x-)?(ndjson|jsonl|json-seq)$/i;

/**
 * A copy of a schema with `#/components/schemas/X` references pointing at `#/$defs/X`, and every
 * object schema that lists properties (and says nothing about others) closed to undocumented ones.
 */
function prepare(schema: unknown, closeObjects: boolean): unknown {
  if (Array.isArray(schema)) return schema.map((item) => prepare(item, closeObjects));
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema as Json)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENT_PREFIX)) {
      out.$ref = `#/$defs/${value.slice(COMPONENT_PREFIX.length)}`;
    } else if (key === 'properties' || key === '$defs' || key === 'patternProperties' || key === 'dependentSchemas') {
      // Maps of names to schemas: keep the names, prepare the schemas.
      out[key] = Object.fromEntries(Object.entries(obj(value)).map(([name, inner]) => [name, prepare(inner, closeObjects)]));
    } else if (key === 'example' || key === 'examples' || key === 'default' || key === 'enum' || key === 'const') {
      out[key] = value;
    } else {
      out[key] = prepare(value, closeObjects);
    }
  }
  const source = schema as Json;
  if (
    closeObjects &&
    source.properties !== undefined &&
    source.additionalProperties === undefined &&
    source.unevaluatedProperties === undefined &&
    source.patternProperties === undefined
  ) {
    out.unevaluatedProperties = false;
  }
  return out;
}

export interface ResponseToCheck {
  method: string;
  /** The documented path template, e.g. `/api/v1/claims/{id}`. */
  path: string;
  status: number;
  /** The Content-Type header, or null when the response has none. */
  contentType: string | null;
  /** The parsed body; undefined for an empty body. */
  body: unknown;
}

export interface ConformanceChecker {
  /** What is wrong with the response, one line each; empty when it conforms. */
  check(response: ResponseToCheck): string[];
  /** The documented statuses of an operation, for messages. */
  statuses(method: string, path: string): string[];
  /** What is wrong with `value` as an instance of `schema` (a schema from the document), one line each. */
  validate(schema: unknown, value: unknown): string[];
}

/**
 * A checker over one document. `closeObjects` (default true) refuses properties an object schema
 * does not list; pass false to check only what the schema states.
 */
export function createConformanceChecker(document: object, options: { closeObjects?: boolean } = {}): ConformanceChecker {
  const doc = document as Json;
  const closeObjects = options.closeObjects ?? true;
  const ajv = newAjv();
  const defs = prepare(obj(obj(doc.components).schemas), closeObjects) as Json;
  const compiled = new Map<string, ValidateFunction>();

  function operation(method: string, path: string): Json | undefined {
    const item = obj(doc.paths)[path];
    if (item === undefined) return undefined;
    const op = obj(item)[method.toLowerCase()];
    return op === undefined ? undefined : obj(op);
  }

  function resolveResponse(response: unknown): Json {
    const r = obj(response);
    const ref = typeof r.$ref === 'string' ? r.$ref : null;
    if (!ref) return r;
    const name = ref.replace('#/components/responses/', '');
    return obj(obj(obj(doc.components).responses)[name]);
  }

  function validator(key: string, schema: unknown): ValidateFunction {
    let found = compiled.get(key);
    if (!found) {
      found = ajv.compile({ ...obj(prepare(schema, closeObjects)), $defs: defs });
      compiled.set(key, found);
    }
    return found;
  }

  const describe = (prefix: string, errors: AjvError[] | null | undefined) =>
    (errors ?? []).map((error) => {
      const extra = error.keyword === 'unevaluatedProperties' ? ` (${JSON.stringify(error.params.unevaluatedProperty)})` : '';
      return `${prefix}${error.instancePath || '/'} ${error.message ?? error.keyword}${extra}`;
    });

  /** A JSON Lines body: the schema describes each line (as OpenAPI 3.2's itemSchema does for sequential media types). */
  function checkLines(label: string, body: unknown, validate: ValidateFunction): string[] {
    if (typeof body !== 'string') return [`${label}: expected lines of JSON, got ${typeof body}`];
    const problems: string[] = [];
    body.split('\n').forEach((line, index) => {
      if (line.trim() === '') return;
      let item: unknown;
      try {
        item = JSON.parse(line);
      } catch {
        problems.push(`${label}: line ${index + 1} is not JSON`);
        return;
      }
      if (!validate(item)) problems.push(...describe(`${label} line ${index + 1}: `, validate.errors));
    });
    return problems;
  }

  return {
    validate(schema, value) {
      const validate = validator(JSON.stringify(schema), schema);
      return validate(value) ? [] : describe('', validate.errors);
    },

    statuses(method, path) {
      return Object.keys(obj(operation(method, path)?.responses));
    },

    check({ method, path, status, contentType, body }) {
      const label = `${method.toUpperCase()} ${path} → ${status}`;
      const op = operation(method, path);
      if (!op) return [`${method.toUpperCase()} ${path} is not in the document`];
      const responses = obj(op.responses);
      const documented = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
      if (documented === undefined) {
        return [`${label}: status ${status} is not documented (documented: ${Object.keys(responses).join(', ')})`];
      }
      const content = obj(resolveResponse(documented).content);
      const mediaTypes = Object.keys(content);
      if (body === undefined) {
        return mediaTypes.length > 0 && status !== 304 ? [`${label}: documented a body (${mediaTypes.join(', ')}) but none came`] : [];
      }
      if (mediaTypes.length === 0) return [`${label}: a body came but the document describes none`];
      const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      const mediaType =
        mediaTypes.find((candidate) => candidate.toLowerCase() === type) ??
        mediaTypes.find((candidate) => candidate === `${type.split('/')[0]}/*`) ??
        mediaTypes.find((candidate) => candidate === '*/*');
      if (!mediaType) return [`${label}: content type "${contentType ?? ''}" is not documented (documented: ${mediaTypes.join(', ')})`];
      const schema = obj(content[mediaType]).schema;
      if (schema === undefined) return [];
      const validate = validator(`${method} ${path} ${status} ${mediaType}`, schema);
      if (SEQUENTIAL_JSON.test(mediaType)) return checkLines(`${label} ${mediaType}`, body, validate);
      return validate(body) ? [] : describe(`${label} ${mediaType}: `, validate.errors);
    },
  };
}
