import fs from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, test } from 'vitest';
import { buildOpenApiDocument } from '@/lib/api/openapi';
import { ArticleReport, ClaimSubmission, VerdictListQuery } from '@/lib/api/schemas';
import { decodeVerdictCursor } from '@/lib/api/verdicts';
import { createConformanceChecker } from '../helpers/openapi-conformance';

/**
 * The OpenAPI document is valid OpenAPI 3.1, describes exactly the routes the
 * app serves under /api/v1, documents the refusals every route can answer, and carries examples a
 * CMS developer can copy — examples that the route's own zod schemas accept.
 */

type Json = Record<string, unknown>;

const root = path.resolve(import.meta.dirname, '..', '..');
const API_DIR = path.join(root, 'app', 'api', 'v1');
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const doc = buildOpenApiDocument('http://localhost:3000') as unknown as Json;

function obj(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function operations(): { method: string; path: string; op: Json }[] {
  return Object.entries(obj(doc.paths)).flatMap(([p, item]) =>
    Object.entries(obj(item))
      .filter(([method]) => (HTTP_METHODS as readonly string[]).includes(method.toUpperCase()))
      .map(([method, op]) => ({ method: method.toUpperCase(), path: p, op: obj(op) })),
  );
}

/** `claims/[id]/article/route.ts` → `/api/v1/claims/{id}/article`, with the methods the file exports. */
function routeFiles(): { method: string; path: string }[] {
  const found: { method: string; path: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^route\.(ts|tsx|js|mjs)$/.test(entry.name)) {
        const segments = path
          .relative(API_DIR, dir)
          .split(path.sep)
          .filter(Boolean)
          .filter((segment) => !/^\(.*\)$/.test(segment)) // route groups are not part of the URL
          .map((segment) => segment.replace(/^\[(?:\.\.\.)?(.+)\]$/, '{$1}'));
        const urlPath = ['/api/v1', ...segments].join('/');
        const source = fs.readFileSync(full, 'utf8');
        const methods = new Set<string>();
        for (const match of source.matchAll(/export\s+(?:const|let|(?:async\s+)?function)\s+([A-Z]+)\b/g)) methods.add(match[1] as string);
        for (const match of source.matchAll(/export\s*\{([^}]*)\}/g)) {
          for (const name of (match[1] as string).split(',')) methods.add((name.split(/\s+as\s+/).pop() ?? '').trim());
        }
        for (const method of methods) if ((HTTP_METHODS as readonly string[]).includes(method)) found.push({ method, path: urlPath });
      }
    }
  };
  walk(API_DIR);
  return found;
}

/**
 * Route files the document deliberately leaves out. The document does not describe itself: it is
 * linked from the API reference page and named in README.md's API section instead.
 */
const UNDOCUMENTED_ON_PURPOSE = new Set(['GET /api/v1/openapi.json']);

describe('the OpenAPI document', () => {
  test('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.valid, `validation errors:\n${JSON.stringify(result.errors, null, 2)}`).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.servers).toEqual([{ url: 'http://localhost:3000' }]);
  });

  test('describes every route under app/api/v1, and no route that does not exist', () => {
    const routes = routeFiles().map((r) => `${r.method} ${r.path}`);
    const documented = operations().map((o) => `${o.method} ${o.path}`);
    expect(routes.length).toBeGreaterThanOrEqual(5);
    const undocumented = routes.filter((route) => !documented.includes(route) && !UNDOCUMENTED_ON_PURPOSE.has(route));
    const missing = documented.filter((operation) => !routes.includes(operation));
    expect(undocumented, 'route files without an operation in the document').toEqual([]);
    expect(missing, 'documented operations without a route file').toEqual([]);
  });

  test('every operation documents 400, 401 and 429 as problem+json, and has a summary', () => {
    const problem = obj(obj(obj(doc.components).schemas).Problem);
    expect(problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail']));
    const gaps: string[] = [];
    for (const { method, path: p, op } of operations()) {
      if (typeof op.summary !== 'string' || op.summary.trim() === '') gaps.push(`${method} ${p}: no summary`);
      const responses = obj(op.responses);
      for (const status of ['400', '401', '429']) {
        const schema = obj(obj(obj(obj(responses[status]).content)['application/problem+json']).schema);
        if (schema.$ref !== '#/components/schemas/Problem') gaps.push(`${method} ${p}: ${status} is not a documented problem+json`);
        if (typeof obj(responses[status]).description !== 'string') gaps.push(`${method} ${p}: ${status} has no description`);
      }
    }
    expect(gaps).toEqual([]);
  });

  test('every operation with a body documents 413 and 415, and every path with an {id} documents 404', () => {
    const gaps: string[] = [];
    for (const { method, path: p, op } of operations()) {
      const responses = obj(op.responses);
      if (op.requestBody !== undefined) {
        // Every body goes through the same reader (lib/http/api-key-route.ts readJson), which answers 413 and 415.
        for (const status of ['413', '415']) if (responses[status] === undefined) gaps.push(`${method} ${p}: no ${status}`);
        const json = obj(obj(obj(op.requestBody).content)['application/json']).schema;
        if (json === undefined) gaps.push(`${method} ${p}: the body is not documented as application/json`);
      }
      if (p.includes('{id}') && responses['404'] === undefined) gaps.push(`${method} ${p}: no 404`);
    }
    expect(gaps).toEqual([]);
  });

  test('routes that need a key say so; public reads allow calls without one', () => {
    const security = (method: string, p: string) =>
      (operations().find((o) => o.method === method && o.path === p)?.op.security ?? []) as Json[];
    const anonymousAllowed = (method: string, p: string) => security(method, p).some((req) => Object.keys(req).length === 0);
    const schemes = Object.keys(obj(obj(doc.components).securitySchemes));
    expect(schemes).toEqual(['apiKey']);
    expect(obj(obj(obj(doc.components).securitySchemes).apiKey)).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const [method, p] of [
      ['POST', '/api/v1/claims'],
      ['PUT', '/api/v1/claims/{id}/article'],
      ['GET', '/api/v1/export'],
    ] as const) {
      expect(security(method, p).length, `${method} ${p}`).toBeGreaterThan(0);
      expect(anonymousAllowed(method, p), `${method} ${p}`).toBe(false);
    }
    for (const [method, p] of [
      ['GET', '/api/v1/verdicts'],
      ['GET', '/api/v1/claims/{id}'],
      ['GET', '/api/v1/claims/{id}/claimreview'],
    ] as const) {
      expect(anonymousAllowed(method, p), `${method} ${p}`).toBe(true);
    }
  });
});

describe('examples in the OpenAPI document', () => {
  const checker = createConformanceChecker(doc);
  const schemas = obj(obj(doc.components).schemas);

  /** An instance assembled from the `example` of each property, recursively (objects only). */
  function exampleOf(schema: unknown): unknown {
    const s = obj(schema);
    if (typeof s.$ref === 'string') return exampleOf(schemas[s.$ref.split('/').pop() ?? '']);
    if (s.example !== undefined) return s.example;
    if (s.properties !== undefined) {
      const out: Json = {};
      for (const [name, property] of Object.entries(obj(s.properties))) {
        const value = exampleOf(property);
        if (value !== undefined) out[name] = value;
      }
      return out;
    }
    return undefined;
  }

  test('every parameter has an example, and each is accepted by the zod schema the route parses with', () => {
    const missing: string[] = [];
    for (const { method, path: p, op } of operations()) {
      for (const parameter of (op.parameters ?? []) as Json[]) {
        const example = parameter.example ?? obj(parameter.schema).example;
        if (example === undefined) missing.push(`${method} ${p} ${String(parameter.in)} ${String(parameter.name)}`);
      }
    }
    expect(missing).toEqual([]);

    const query = obj(operations().find((o) => o.method === 'GET' && o.path === '/api/v1/verdicts')?.op);
    const exampleQuery = Object.fromEntries(
      ((query.parameters ?? []) as Json[]).map((parameter) => [String(parameter.name), String(obj(parameter.schema).example)]),
    );
    expect(Object.keys(exampleQuery).sort()).toEqual(['cursor', 'limit', 'updated_since']);
    const parsed = VerdictListQuery.safeParse(exampleQuery);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    // The documented cursor is one the API itself would accept.
    expect(decodeVerdictCursor(exampleQuery.cursor as string)).toEqual({ updatedAt: expect.any(String), id: expect.any(Number) });
  });

  test('the request bodies carry examples that the routes accept and the document itself validates', () => {
    const submission = exampleOf(schemas.ClaimSubmission);
    expect(submission).toMatchObject({ statement: expect.any(String), claimant: { name: expect.any(String) }, appearance: { url: expect.any(String) } });
    const parsedSubmission = ClaimSubmission.safeParse(submission);
    expect(parsedSubmission.success, JSON.stringify(parsedSubmission.error?.issues)).toBe(true);
    expect(checker.validate({ $ref: '#/components/schemas/ClaimSubmission' }, submission)).toEqual([]);

    const article = exampleOf(schemas.ArticleReport);
    expect(ArticleReport.safeParse(article).success).toBe(true);
    expect(checker.validate({ $ref: '#/components/schemas/ArticleReport' }, article)).toEqual([]);
  });

  test('the verdict item, the claimant and the rating carry examples on their key fields', () => {
    const property = (schema: string, name: string) => obj(obj(obj(schemas[schema]).properties)[name]);
    for (const [schema, name] of [
      ['VerdictItem', 'claim_id'],
      ['VerdictItem', 'statement'],
      ['VerdictItem', 'claimed_on'],
      ['VerdictItem', 'version'],
      ['VerdictItem', 'public_url'],
      ['Claimant', 'name'],
      ['Rating', 'name'],
    ] as const) {
      expect(property(schema, name).example, `${schema}.${name}`).toBeDefined();
    }
  });

  test('every example in the document is valid against the schema it annotates', () => {
    const problems: string[] = [];
    let examples = 0;
    const visit = (node: unknown, where: string) => {
      if (Array.isArray(node)) {
        node.forEach((item, index) => visit(item, `${where}/${index}`));
        return;
      }
      if (node === null || typeof node !== 'object') return;
      const n = node as Json;
      if (n.example !== undefined && (n.type !== undefined || n.$ref !== undefined || n.enum !== undefined)) {
        examples += 1;
        const { example, ...schema } = n;
        for (const problem of checker.validate(schema, example)) problems.push(`${where}: ${problem}`);
      }
      for (const [key, value] of Object.entries(n)) if (key !== 'example') visit(value, `${where}/${key}`);
    };
    visit(doc, '#');
    expect(examples).toBeGreaterThanOrEqual(15);
    expect(problems).toEqual([]);
  });
});

describe('the conformance checker used by the end-to-end API tests', () => {
  const checker = createConformanceChecker(doc);
  const item = {
    claim_id: 7,
    statement: 'As many as 100,000 North Korean soldiers could be deployed to the region.',
    claimant: { name: 'Volodymyr Zelensky', kind: 'person' },
    claimed_on: '2024-12-18',
    rating: { label: 'mostly_inaccurate', name: 'Mostly inaccurate', value: 2 },
    headline: 'Mostly inaccurate',
    kind: 'publication',
    version: 1,
    correction_note: null,
    published_at: '2024-12-19T09:00:00.000Z',
    modified_at: '2024-12-19T09:00:00.000Z',
    updated_at: '2024-12-19T09:00:00.000Z',
    article_url: null,
    public_url: 'http://localhost:3000/verdicts/7',
    claimreview_url: 'http://localhost:3000/api/v1/claims/7/claimreview',
  };
  const page = { items: [item], next_cursor: null };
  const verdicts = (status: number, body: unknown, contentType = 'application/json; charset=utf-8') =>
    checker.check({ method: 'GET', path: '/api/v1/verdicts', status, contentType, body });

  test('accepts what the document describes', () => {
    expect(verdicts(200, page)).toEqual([]);
    expect(verdicts(304, undefined, '')).toEqual([]);
    expect(verdicts(400, { type: 'http://localhost:3000/api-docs#problem-bad-request', title: 'Bad request', status: 400, detail: 'Check limit.', errors: [{ path: 'limit', message: 'limit must be at most 100' }] }, 'application/problem+json')).toEqual([]);
  });

  test('refuses a missing field, an extra field, a wrong type, an undocumented status and a wrong content type', () => {
    const { headline: _dropped, ...withoutHeadline } = item;
    expect(verdicts(200, { items: [withoutHeadline], next_cursor: null }).join('\n')).toMatch(/headline/);
    expect(verdicts(200, { items: [{ ...item, secret: 'x' }], next_cursor: null }).join('\n')).toMatch(/secret/);
    expect(verdicts(200, { items: [{ ...item, version: '1' }], next_cursor: null }).join('\n')).toMatch(/\/items\/0\/version/);
    expect(verdicts(200, { items: [{ ...item, rating: { ...item.rating, label: 'pants_on_fire' } }], next_cursor: null })).not.toEqual([]);
    expect(verdicts(418, page).join('\n')).toMatch(/418 is not documented/);
    expect(verdicts(200, page, 'text/html').join('\n')).toMatch(/content type "text\/html" is not documented/);
    expect(checker.check({ method: 'DELETE', path: '/api/v1/verdicts', status: 200, contentType: null, body: undefined })).toEqual([
      'DELETE /api/v1/verdicts is not in the document',
    ]);
  });
});
