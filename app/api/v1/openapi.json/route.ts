import { clientHolds, etagOf } from '@/lib/http/etag';
import { buildOpenApiDocument } from '@/lib/api/openapi';
import { getEnv } from '@/lib/env';
import { otherMethods } from '@/lib/http/methods';

let built: { publicUrl: string; bytes: Uint8Array<ArrayBuffer>; etag: string } | undefined;

/** The document depends only on the code and PUBLIC_URL, so it is built and hashed once. */
function document(publicUrl: string) {
  if (built?.publicUrl !== publicUrl) {
    const bytes = Buffer.from(JSON.stringify(buildOpenApiDocument(publicUrl)));
    built = { publicUrl, bytes, etag: etagOf(bytes) };
  }
  return built;
}

/** The OpenAPI 3.1 document; public, like the API reference page rendered from it. */
export function GET(request: Request): Response {
  const { bytes, etag } = document(getEnv().PUBLIC_URL);
  const headers = { etag, 'cache-control': 'public, max-age=300' };
  if (clientHolds(request, etag)) return new Response(null, { status: 304, headers });
  return new Response(bytes, { headers: { ...headers, 'content-type': 'application/json' } });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(['GET']);
