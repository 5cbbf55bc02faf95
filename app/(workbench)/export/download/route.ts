import { sessionRoute } from '@/lib/http/session-route';
import { validationError } from '@/lib/errors';
import { exportResponse } from '@/lib/export/response';
import { ExportQuery } from '@/lib/validation/export';
import { otherMethods } from '@/lib/http/methods';

/**
 * The export page's download: the same stream as GET /api/v1/export, for a signed-in editor.
 * Errors before the first byte are problem+json; a failure part-way aborts the body (see
 * lib/export/stream.ts) so the browser reports a failed download, not a short file.
 */
export const GET = sessionRoute('export:run', (request, actor, _context, db) => {
  const parsed = ExportQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw validationError(parsed.error);
  return exportResponse(db, actor, parsed.data);
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(['GET']);
