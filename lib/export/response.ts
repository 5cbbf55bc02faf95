import 'server-only';
import type { DbOrTx } from '@/db/open';
import type { Actor } from '@/lib/auth/permissions';
import type { ExportQuery } from '@/lib/validation/export';
import { exportStream } from './stream';

/**
 * The one download response for an export, whichever door it is asked through (the export page's
 * download for a signed-in editor, GET /api/v1/export for a CMS with a key): the stream as an
 * attachment named for its format and day, never cached. A failure part-way aborts the body (see
 * ./stream.ts) so the client reports a failed download, not a short file.
 */
export function exportResponse(db: DbOrTx, actor: Actor | null, query: ExportQuery): Response {
  const { stream, contentType, filename } = exportStream(db, actor, query);
  return new Response(stream, {
    headers: {
      'content-type': contentType,
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
  });
}
