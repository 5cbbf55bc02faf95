import { buildOpenApiDocument } from '@/lib/api/openapi';
import { getEnv } from '@/lib/env';
import { otherMethods } from '@/lib/api/methods';

/** The OpenAPI 3.1 document; public, like the API reference page rendered from it. */
export function GET(): Response {
  return Response.json(buildOpenApiDocument(getEnv().PUBLIC_URL), {
    headers: { 'cache-control': 'public, max-age=300' },
  });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(['GET']);
