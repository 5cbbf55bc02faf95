import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { API_SCOPES, type ApiScopeName } from '@/db/enums';
import { ExportRecordSchema } from '@/lib/export/records';
import { ExportApiQuery } from '@/lib/validation/export';
import { WEBHOOK_EVENTS, WEBHOOK_EVENT_LABELS } from '@/lib/webhooks/events';
import {
  EXAMPLE_ARTICLE_REPORT,
  EXAMPLE_CLAIM,
  EXAMPLE_CLAIM_CREATED,
  EXAMPLE_SUBMISSION,
  EXAMPLE_VERDICT_PAGE,
  exampleDelivery,
} from './examples';
import {
  ArticleReport,
  ClaimCreated,
  ClaimIdParams,
  ClaimPublic,
  ClaimSubmission,
  Problem,
  SimilarList,
  SimilarQuery,
  VerdictListQuery,
  VerdictPage,
} from './schemas';
import { SCOPE_DESCRIPTIONS } from './scopes';
import { WEBHOOK_DELIVERIES, WEBHOOK_EVENT_WHEN } from './webhook-schemas';

function problem(description: string) {
  return { description, content: { 'application/problem+json': { schema: Problem } } };
}

const COMMON_ERRORS = {
  400: problem('Invalid parameters or body; `errors` names each field.'),
  401: problem('No API key where the route needs one, or the key is malformed, unknown, expired, revoked or suspended.'),
  403: problem('The key lacks the scope this route needs.'),
  429: problem('Rate limit exceeded; see `Retry-After`.'),
};

const etag = { ETag: { description: 'Validator for `If-None-Match`.', schema: { type: 'string' as const } } };

/** The name of the one security scheme; its requirement lists the scope a route needs (OpenAPI 3.1 allows role names for http schemes). */
export const SECURITY_SCHEME = 'apiKey';

/** What the API's scheme says about keys; `x-scopes` names every scope with what it allows. */
function securityScheme() {
  const scopes = Object.fromEntries(API_SCOPES.map((scope) => [scope, SCOPE_DESCRIPTIONS[scope] ?? '']));
  return {
    type: 'http' as const,
    scheme: 'bearer',
    description:
      'An API key, sent as `Authorization: Bearer cbk_…`. Editors and admins create keys under Settings → API keys (the key is shown once), or an operator runs `npm run apikey:create -- --name "Newsroom CMS" --scope verdicts:read`. A key holds one or more scopes; a route names the scope it needs.',
    'x-scopes': scopes,
  };
}

/** The OpenAPI 3.1 document, generated from the zod schemas the routes parse with. */
export function buildOpenApiDocument(publicUrl: string) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', SECURITY_SCHEME, securityScheme());
  const needs = (scope: ApiScopeName): Record<string, string[]>[] => [{ [SECURITY_SCHEME]: [scope] }];
  // The empty requirement: the route also answers without a key.
  const optionally = (scope: ApiScopeName): Record<string, string[]>[] => [{}, { [SECURITY_SCHEME]: [scope] }];

  registry.registerPath({
    method: 'get',
    path: '/api/v1/verdicts',
    summary: 'Published verdicts, newest change first',
    description:
      'Cursor-paginated: pass the `next_cursor` of one page as `cursor` to get the next; `null` means the last page. Pass `updated_since` to fetch only what changed since your last sync. Public: answers without a key (scope `verdicts:read` when a key is sent).',
    security: optionally('verdicts:read'),
    request: { query: VerdictListQuery },
    responses: {
      200: {
        description: 'A page of verdicts.',
        headers: etag,
        content: { 'application/json': { schema: VerdictPage, example: EXAMPLE_VERDICT_PAGE } },
      },
      304: { description: 'Not modified (`If-None-Match` matched).' },
      ...COMMON_ERRORS,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/claims/{id}',
    summary: 'A claim with its verdict',
    description: 'Claims with a published verdict are public; others need a key with `verdicts:read`.',
    security: optionally('verdicts:read'),
    request: { params: ClaimIdParams },
    responses: {
      200: { description: 'The claim.', headers: etag, content: { 'application/json': { schema: ClaimPublic, example: EXAMPLE_CLAIM } } },
      304: { description: 'Not modified.' },
      404: problem('No such claim (or not visible without a key).'),
      ...COMMON_ERRORS,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/claims/similar',
    summary: 'Desk claims and external fact-checks like a text ("checked before?")',
    description:
      'Scope `claims:read`. Ranked best first: desk claims with their status and latest published verdict, fact-checks by others with publisher, URL, rating and date. Matches below the `related` tier are left out, so the list may be shorter than `limit`.',
    security: needs('claims:read'),
    request: { query: SimilarQuery },
    responses: {
      200: { description: 'The matches.', headers: etag, content: { 'application/json': { schema: SimilarList } } },
      304: { description: 'Not modified.' },
      422: problem('`text` has no words (empty or only punctuation).'),
      ...COMMON_ERRORS,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/claims/{id}/claimreview',
    summary: 'ClaimReview JSON-LD for a published verdict',
    description: 'The schema.org `ClaimReview` the public verdict page embeds, for a CMS to put in its own article.',
    security: optionally('verdicts:read'),
    request: { params: ClaimIdParams },
    responses: {
      200: {
        description: 'schema.org ClaimReview.',
        headers: etag,
        content: { 'application/ld+json': { schema: z.record(z.string(), z.unknown()).meta({ id: 'ClaimReview' }) } },
      },
      304: { description: 'Not modified.' },
      404: problem('No published, unretracted verdict for this claim.'),
      ...COMMON_ERRORS,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/claims',
    summary: 'Submit a claim to check',
    description:
      'Scope `claims:write`. Send an `Idempotency-Key` header (any 1 to 200 visible ASCII characters you choose, e.g. your CMS’s own id for the request): a retry with the same key and body returns the first answer (status, body and `Location`) and creates nothing; the same key with another body is a 422. A key is remembered for 24 hours.',
    security: needs('claims:write'),
    request: {
      headers: z.object({
        'Idempotency-Key': z
          .string()
          .max(200)
          .optional()
          .meta({ description: 'Makes a retry safe: the same key and body get the first answer back, without a second claim.', example: 'cms-7f3a1c' }),
      }),
      body: { content: { 'application/json': { schema: ClaimSubmission, example: EXAMPLE_SUBMISSION } } },
    },
    responses: {
      201: {
        description: 'Created; `Location` is the claim’s address in the API.',
        headers: { Location: { description: 'The new claim: `/api/v1/claims/{id}`.', schema: { type: 'string' as const } } },
        content: { 'application/json': { schema: ClaimCreated, example: EXAMPLE_CLAIM_CREATED } },
      },
      413: problem('Body larger than 64 KiB.'),
      415: problem('Body is not `application/json`.'),
      422: problem('`Idempotency-Key` reused with a different body.'),
      ...COMMON_ERRORS,
    },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/v1/claims/{id}/article',
    summary: 'Report the article URL where the verdict is published',
    description: 'Scope `claims:write`. Send the claim’s `version` as you read it to have the report refused (409) if the claim changed since.',
    security: needs('claims:write'),
    request: {
      params: ClaimIdParams,
      body: { content: { 'application/json': { schema: ArticleReport, example: EXAMPLE_ARTICLE_REPORT } } },
    },
    responses: {
      200: { description: 'The claim, updated.', content: { 'application/json': { schema: ClaimPublic, example: EXAMPLE_CLAIM } } },
      404: problem('No such claim.'),
      409: problem('The claim has no published verdict, or it changed since the `version` you sent.'),
      413: problem('Body larger than 64 KiB.'),
      415: problem('Body is not `application/json`.'),
      ...COMMON_ERRORS,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/export',
    summary: 'Streamed export',
    description:
      'Scope `export:read`. `csv` (RFC 4180, UTF-8 with a byte-order mark, a header row, one row per claim), `jsonl` (one `ExportRecord` object per line) or `claimreview` (one JSON-LD document whose `@graph` holds a ClaimReview per live verdict); streamed in batches. CSV columns and JSON Lines keys are the fields of `ExportRecord`, in that order.',
    security: needs('export:read'),
    request: { query: ExportApiQuery },
    responses: {
      200: {
        description: 'The export, streamed as an attachment.',
        content: {
          'text/csv': { schema: z.string() },
          'application/x-ndjson': { schema: ExportRecordSchema },
          'application/ld+json': { schema: z.string() },
        },
      },
      ...COMMON_ERRORS,
    },
  });

  for (const event of WEBHOOK_EVENTS) {
    registry.registerWebhook({
      method: 'post',
      path: event,
      summary: WEBHOOK_EVENT_LABELS[event],
      description: `${WEBHOOK_EVENT_WHEN[event]} Sent to each webhook subscribed to this event, signed with its secret: see the webhooks guide (\`/api-docs/webhooks\`) for the headers, the signature check and the retries.`,
      request: {
        headers: z.object({
          'Claimbench-Event': z.literal(event).meta({ description: 'The event.' }),
          'Claimbench-Delivery': z.string().meta({ description: 'The delivery id; the same on every retry.', example: exampleDelivery(event).id }),
          'Claimbench-Signature': z.string().meta({ description: '`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`.', example: 't=1734601267,v1=5f0c2a9e8b7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3' }),
        }),
        body: { content: { 'application/json': { schema: WEBHOOK_DELIVERIES[event], example: exampleDelivery(event) } } },
      },
      responses: {
        200: { description: 'Any 2xx answer within 10 seconds acknowledges the delivery; anything else is retried.' },
      },
    });
  }

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Claimbench API',
      version: '1.0.0',
      description:
        'Published verdicts, their ClaimReview JSON-LD, claim submission and exports for a newsroom CMS. Errors are RFC 9457 problem+json. Webhooks: the `webhooks` section, and the guide at `/api-docs/webhooks`.',
    },
    servers: [{ url: publicUrl }],
  });
}
