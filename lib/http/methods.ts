import { AppError, problemResponse } from '@/lib/errors';

type Implemented = 'GET' | 'POST' | 'PUT';

/**
 * Answers for the methods a route handler does not implement. Next's own 405 has an empty
 * text/plain body; this one is problem+json like every other refusal, with the Allow header, and
 * OPTIONS lists the same methods (Next would otherwise list every exported name, these included).
 * A route file spreads the ones it lacks:
 * `export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(['GET']);`
 */
export function otherMethods(implemented: readonly Implemented[]) {
  const allow = [...implemented, ...(implemented.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].join(', ');
  const refuse = (): Response =>
    problemResponse(new AppError('method_not_allowed', `This endpoint answers ${implemented.join(' and ')} only.`), { headers: { allow } });
  return {
    GET: refuse,
    POST: refuse,
    PUT: refuse,
    PATCH: refuse,
    DELETE: refuse,
    OPTIONS: (): Response => new Response(null, { status: 204, headers: { allow } }),
  };
}
