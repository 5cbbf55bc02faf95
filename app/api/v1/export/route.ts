import { apiKeyRoute } from '@/lib/http/api-key-route';
import { exportResponse } from '@/lib/export/response';
import { ExportApiQuery, exportQueryFromApi } from '@/lib/validation/export';
import { otherMethods } from '@/lib/http/methods';

/** Streamed export for the CMS (scope export:read); the same stream as the export page's download. */
export const GET = apiKeyRoute({ permission: 'export:run', query: ExportApiQuery, stream: true }, ({ db, actor, query }) => {
  return exportResponse(db, actor, exportQueryFromApi(query));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(['GET']);
