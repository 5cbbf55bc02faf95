import { AppError, problemResponse } from '@/lib/errors';

/**
 * Any /api path no route handler serves: a problem+json 404 for API clients, rather than the HTML
 * page Next would render for it. More specific routes (every real endpoint) always win over this.
 */
function notFound(request: Request): Response {
  const path = new URL(request.url).pathname;
  return problemResponse(new AppError('not_found', `There is no API endpoint at ${path.slice(0, 200)}. See /api/v1/openapi.json.`));
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };

export function OPTIONS(): Response {
  return new Response(null, { status: 204, headers: { allow: 'OPTIONS' } });
}
