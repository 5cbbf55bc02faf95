import { getDb } from '@/db/client';
import { sessionRoute } from '@/lib/http/session-route';
import { validationError } from '@/lib/errors';
import { exportStream } from '@/lib/export/stream';
import { ExportQuery } from '@/lib/validation/export';
import { otherMethods } from '@/lib/http/methods';

/**
 * The export page's download: the same stream as GET /api/v1/export, for a signed-in editor.
 * Errors before the first byte are problem+json; a failure part-way aborts the body (see
 * lib/export/stream.ts) so the browser reports a failed download, not a short file.
 */
export const GET = sessionRoute('export:run', (request, actor) => {
  const parsed = ExportQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw validationError(parsed.error);
  const { stream, contentType, filename } = exportStream(getDb(), actor, parsed.data);
  return new Response(stream, {
    headers: {
      'content-type': contentType,
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(['GET']);
