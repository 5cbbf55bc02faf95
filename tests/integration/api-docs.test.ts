import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { z } from 'zod';
import { API_SCOPES } from '@/db/enums';
import type { Db } from '@/db/open';
import { getVerdictDraft } from '@/db/queries/verdicts';
import { curlCommand, fieldRows, inlineCode, obj, operations, requestBody, responseExample, scopeTable, webhookEvents, type Json } from '@/lib/api/docs';
import { buildOpenApiDocument } from '@/lib/api/openapi';
import { ArticleReport, ClaimCreated, ClaimPublic, ClaimSubmission, VerdictPage } from '@/lib/api/schemas';
import { WEBHOOK_DELIVERIES } from '@/lib/api/webhook-schemas';
import type { Actor } from '@/lib/auth/permissions';
import { seedDemo } from '@/lib/demo/seed';
import { IDEMPOTENCY_KEY_LIFETIME_MS } from '@/lib/http/idempotency';
import { VerdictCorrect } from '@/lib/validation/verdict';
import { publishCorrection } from '@/lib/verdicts/correction';
import { WEBHOOK_EVENTS, type WebhookEvent } from '@/lib/webhooks/events';
import { createWebhook } from '@/lib/webhooks/webhooks';
import { demoActors } from '../helpers/actors';
import { createConformanceChecker } from '../helpers/openapi-conformance';
import { createTestDb } from '../helpers/test-db';

/**
 * What the API reference (/api-docs) is built from: the OpenAPI document read by lib/api/docs.ts.
 * Every example parses with the zod schema its route parses or answers with, nested body fields
 * are listed, every scope names its routes, every webhook event has its payload schema, and a real
 * delivery's body matches that schema. tests/e2e/api-docs.test.ts checks the rendered page.
 */

const BASE = 'https://claimbench.example';
const doc = buildOpenApiDocument(BASE) as unknown as Json;
const checker = createConformanceChecker(doc);

/** The zod schema each route's body and JSON answer are made with. */
const BODY_SCHEMAS: Record<string, z.ZodType> = {
  'POST /api/v1/claims': ClaimSubmission,
  'PUT /api/v1/claims/{id}/article': ArticleReport,
};
const ANSWER_SCHEMAS: Record<string, z.ZodType> = {
  'GET /api/v1/verdicts': VerdictPage,
  'GET /api/v1/claims/{id}': ClaimPublic,
  'POST /api/v1/claims': ClaimCreated,
  'PUT /api/v1/claims/{id}/article': ClaimPublic,
};

describe('examples', () => {
  test('every request body has a complete example that its zod schema and the document accept', () => {
    const withBody = operations(doc).filter((o) => requestBody(o.op) !== null);
    expect(withBody.length).toBeGreaterThanOrEqual(2);
    for (const o of withBody) {
      const route = `${o.method.toUpperCase()} ${o.path}`;
      const body = requestBody(o.op)!;
      const schema = BODY_SCHEMAS[route];
      expect(schema, `${route}: no zod schema known for its body`).toBeDefined();
      const parsed = schema!.safeParse(body.example);
      expect(parsed.success, `${route}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      expect(checker.validate(body.schema, body.example), route).toEqual([]);
      // Complete: every field the body can carry is in the example, nested ones too.
      const paths = fieldRows(doc, body.schema, { expandRefs: true }).map((r) => r.path);
      for (const path of paths) {
        const value = path.split('.').reduce<unknown>((at, key) => obj(at)[key], body.example);
        expect(value, `${route}: the example lacks ${path}`).not.toBeUndefined();
      }
    }
  });

  test('every route that answers JSON has an example answer its zod schema accepts', () => {
    for (const o of operations(doc)) {
      const route = `${o.method.toUpperCase()} ${o.path}`;
      const schema = ANSWER_SCHEMAS[route];
      const answer = responseExample(o.op);
      if (!schema) {
        expect(answer, `${route} has an example but no schema to check it with`).toBeNull();
        continue;
      }
      expect(answer, route).not.toBeNull();
      const parsed = schema.safeParse(answer!.example);
      expect(parsed.success, `${route}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
  });

  test('every webhook event has its payload schema and an example it accepts', () => {
    const events = webhookEvents(doc);
    expect(events.map((e) => e.event)).toEqual([...WEBHOOK_EVENTS]);
    for (const e of events) {
      expect(obj(e.schema).$ref, e.event).toMatch(/^#\/components\/schemas\/\w+Delivery$/);
      expect(WEBHOOK_DELIVERIES[e.event as WebhookEvent].safeParse(e.example).success, e.event).toBe(true);
      expect(checker.validate(e.schema, e.example), e.event).toEqual([]);
      expect(e.headers.map((h) => h.name)).toEqual(['Claimbench-Event', 'Claimbench-Delivery', 'Claimbench-Signature']);
    }
  });
});

describe('what the reference shows', () => {
  test('request bodies list their nested fields', () => {
    const submission = operations(doc).find((o) => o.method === 'post' && o.path === '/api/v1/claims')!;
    const rows = fieldRows(doc, requestBody(submission.op)!.schema, { expandRefs: true });
    expect(rows.map((r) => r.path)).toEqual(
      expect.arrayContaining(['claimant', 'claimant.name', 'claimant.kind', 'appearance', 'appearance.url', 'appearance.title', 'appearance.quote']),
    );
    expect(rows.find((r) => r.path === 'claimant.name')).toMatchObject({ required: true, type: 'string', depth: 1 });
    expect(rows.find((r) => r.path === 'claimant.kind')).toMatchObject({ required: false, defaultValue: 'person' });
  });

  test('limit is an integer and updated_since says its format', () => {
    const feed = operations(doc).find((o) => o.method === 'get' && o.path === '/api/v1/verdicts')!;
    const parameter = (name: string) => obj(((feed.op.parameters ?? []) as Json[]).find((p) => p.name === name));
    expect(obj(parameter('limit').schema)).toMatchObject({ type: 'integer', minimum: 1, maximum: 100, default: 25, example: 25 });
    expect(String(parameter('updated_since').description)).toMatch(/ISO 8601.*`2024-12-18`.*`2024-12-18T09:00:00Z`/);
  });

  test('Idempotency-Key is explained, with how long a key is kept', () => {
    const submission = operations(doc).find((o) => o.method === 'post' && o.path === '/api/v1/claims')!;
    expect(String(submission.op.description)).toContain('`Idempotency-Key`');
    expect(IDEMPOTENCY_KEY_LIFETIME_MS).toBe(24 * 60 * 60 * 1000);
    expect(String(submission.op.description)).toContain('remembered for 24 hours');
    const header = ((submission.op.parameters ?? []) as Json[]).find((p) => p.in === 'header' && p.name === 'Idempotency-Key');
    expect(String(obj(header).description ?? obj(obj(header).schema).description)).toMatch(/retry/);
  });

  test('every scope says what it allows and which routes it opens', () => {
    const table = scopeTable(doc);
    expect(table.map((row) => row.scope)).toEqual(expect.arrayContaining([...API_SCOPES]));
    for (const row of table) {
      expect(row.description || row.routes.length > 0, row.scope).toBeTruthy();
      if (API_SCOPES.includes(row.scope as (typeof API_SCOPES)[number])) expect(row.routes.length, row.scope).toBeGreaterThan(0);
    }
    expect(table.find((r) => r.scope === 'claims:write')?.routes).toEqual(['POST /api/v1/claims', 'PUT /api/v1/claims/{id}/article']);
  });

  test('descriptions become text and code, never markup', () => {
    expect(inlineCode('Send `Authorization: Bearer <key>` & <b>retry</b>')).toEqual([
      { code: false, text: 'Send ' },
      { code: true, text: 'Authorization: Bearer <key>' },
      { code: false, text: ' & <b>retry</b>' },
    ]);
    expect(inlineCode('no code')).toEqual([{ code: false, text: 'no code' }]);
  });

  test('each route has a curl command that sends the key only where needed, and the example body', () => {
    const byRoute = Object.fromEntries(operations(doc).map((o) => [`${o.method.toUpperCase()} ${o.path}`, curlCommand(BASE, o)]));
    expect(byRoute['GET /api/v1/verdicts']).toBe(`curl 'https://claimbench.example/api/v1/verdicts?limit=25&updated_since=2024-12-18T00%3A00%3A00Z'`);
    expect(byRoute['GET /api/v1/claims/{id}']).toBe(`curl 'https://claimbench.example/api/v1/claims/7'`);
    const post = byRoute['POST /api/v1/claims']!;
    expect(post).toContain(`curl -X POST 'https://claimbench.example/api/v1/claims'`);
    expect(post).toContain('-H "Authorization: Bearer $CLAIMBENCH_API_KEY"');
    expect(post).toContain(`-H 'Idempotency-Key: cms-7f3a1c'`);
    const body = /--data-binary '([\s\S]*)'$/.exec(post)?.[1] ?? '';
    expect(ClaimSubmission.safeParse(JSON.parse(body.replace(/'\\''/g, "'"))).success).toBe(true);
    expect(byRoute['GET /api/v1/export']).toContain('-o claimbench-export.csv');
  });
});

describe('a real delivery', () => {
  let db: Db;
  let cleanup: () => void;
  let editor: Actor;

  beforeAll(async () => {
    ({ db, cleanup } = createTestDb());
    await seedDemo(db);
    editor = demoActors(db).editor;
    createWebhook(db, editor, { url: 'https://cms.example.org/hooks', events: [...WEBHOOK_EVENTS] });
  }, 60_000); // seeding the demo through the domain code takes seconds on a busy machine
  afterAll(() => cleanup());

  test('matches the payload schema the document gives its event', () => {
    const { claimId, draftVersion } = db.$client
      .prepare("SELECT c.id AS claimId, d.version AS draftVersion FROM claims c JOIN verdict_drafts d ON d.claim_id = c.id WHERE c.status = 'published' ORDER BY c.id LIMIT 1")
      .get() as { claimId: number; draftVersion: number };
    const draft = getVerdictDraft(db, claimId)!;
    publishCorrection(
      db,
      editor,
      VerdictCorrect.parse({ claimId, version: draftVersion, label: draft.label, headline: draft.headline, explanation: `${draft.explanation} (Clarified.)`, citedEvidenceIds: draft.citedEvidenceIds.join(','), note: 'Clarified.', step: 'publish' }),
    );
    const rows = db.$client.prepare('SELECT event, payload FROM webhook_deliveries').all() as { event: WebhookEvent; payload: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const payload: unknown = JSON.parse(row.payload);
      const parsed = WEBHOOK_DELIVERIES[row.event].strict().safeParse(payload);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      const event = webhookEvents(doc).find((e) => e.event === row.event)!;
      expect(checker.validate(event.schema, payload)).toEqual([]);
    }
  });
});
