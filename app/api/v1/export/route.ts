import { apiKeyRoute } from '@/lib/http/api-key-route';
import { exportStream } from '@/lib/export/stream';
import { ExportApiQuery, exportQueryFromApi } from '@/lib/validation/export';
import { otherMethods } from '@/lib/http/methods';

/** Streamed export for the CMS (scope export:read); the same stream as the export page's download. */
export const GET = apiKeyRoute({ permission: 'export:run', query: ExportApiQuery, stream: true }, ({ db, actor, query }) => {
  const { stream, contentType, filename } = exportStream(db, actor, exportQueryFromApi(query));
  return new Response(stream, {
    headers: {
      'content-type': contentType,
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(['GET']);
