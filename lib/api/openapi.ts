import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ExportApiQuery } from '@/lib/validation/export';
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

function problem(description: string) {
  return { description, content: { 'application/problem+json': { schema: Problem } } };
}

const COMMON_ERRORS = {
  400: problem('Invalid parameters or body; `errors` names each field.'),
  401: problem('Missing, malformed, unknown or revoked API key.'),
  403: problem('The key lacks the scope this route needs.'),
  429: problem('Rate limit exceeded; see Retry-After.'),
};

const etag = { ETag: { description: 'Validator for If-None-Match.', schema: { type: 'string' as const } } };

/** The OpenAPI 3.1 document, generated from the zod schemas the routes parse with. */
export function buildOpenApiDocument(publicUrl: string) {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key created by an editor (settings) or `npm run apikey:create`: `Authorization: Bearer cbk_…`.',
  });
  const optionalKey = [{}, { [bearer.name]: [] }];

  registry.registerPath({
    method: 'get',
    path: '/api/v1/verdicts',
    summary: 'Published verdicts, newest change first',
    description: 'Cursor-paginated; pass `updated_since` to fetch only what changed since your last sync. Public: answers without a key (scope `verdicts:read` when a key is sent).',
    security: optionalKey,
    request: { query: VerdictListQuery },
    responses: {
      200: { description: 'A page of verdicts.', headers: etag, content: { 'application/json': { schema: VerdictPage } } },
      304: { description: 'Not modified (If-None-Match matched).' },
      ...COMMON_ERRORS,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/claims/{id}',
    summary: 'A claim with its verdict',
    description: 'Claims with a published verdict are public; others need a key.',
    security: optionalKey,
    request: { params: ClaimIdParams },
    responses: {
      200: { description: 'The claim.', headers: etag, content: { 'application/json': { schema: ClaimPublic } } },
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
    security: [{ [bearer.name]: [] }],
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
    security: optionalKey,
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
    description: 'Scope `claims:write`. Send an `Idempotency-Key` header: a retry with the same key and body returns the first response and creates nothing; the same key with another body is a 422.',
    security: [{ [bearer.name]: [] }],
    request: {
      headers: z.object({ 'Idempotency-Key': z.string().max(200).optional().meta({ example: 'cms-7f3a1c' }) }),
      body: { content: { 'application/json': { schema: ClaimSubmission } } },
    },
    responses: {
      201: { description: 'Created.', content: { 'application/json': { schema: ClaimCreated } } },
      413: problem('Body larger than 64 KiB.'),
      415: problem('Body is not application/json.'),
      422: problem('Idempotency-Key reused with a different body.'),
      ...COMMON_ERRORS,
    },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/v1/claims/{id}/article',
    summary: 'Report the article URL where the verdict is published',
    security: [{ [bearer.name]: [] }],
    request: { params: ClaimIdParams, body: { content: { 'application/json': { schema: ArticleReport } } } },
    responses: {
      200: { description: 'The claim, updated.', content: { 'application/json': { schema: ClaimPublic } } },
      404: problem('No such claim.'),
      409: problem('The claim has no published verdict, or it changed since the `version` you sent.'),
      413: problem('Body larger than 64 KiB.'),
      415: problem('Body is not application/json.'),
      ...COMMON_ERRORS,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/export',
    summary: 'Streamed export',
    description: 'Scope `export:read`. CSV (RFC 4180, UTF-8 with BOM), JSON Lines, or a ClaimReview JSON-LD feed; streamed in batches.',
    security: [{ [bearer.name]: [] }],
    request: { query: ExportApiQuery },
    responses: {
      200: {
        description: 'The export, streamed.',
        content: {
          'text/csv': { schema: z.string() },
          'application/x-ndjson': { schema: z.string() },
          'application/ld+json': { schema: z.string() },
        },
      },
      ...COMMON_ERRORS,
    },
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Claimbench API',
      version: '1.0.0',
      description: 'Published verdicts, their ClaimReview JSON-LD, claim submission and exports for a newsroom CMS. Errors are RFC 9457 problem+json. Webhooks: see docs/webhooks.md.',
    },
    servers: [{ url: publicUrl }],
  });
}
