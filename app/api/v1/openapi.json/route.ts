import { buildOpenApiDocument } from '@/lib/api/openapi';
import { getEnv } from '@/lib/env';

/** The OpenAPI 3.1 document; public, like the API reference page rendered from it. */
export function GET(): Response {
  return Response.json(buildOpenApiDocument(getEnv().PUBLIC_URL), {
    headers: { 'cache-control': 'public, max-age=300' },
  });
}
