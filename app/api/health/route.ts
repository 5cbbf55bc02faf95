import { otherMethods } from '@/lib/http/methods';

/**
 * Liveness for load balancers and deploy scripts. It touches nothing, which also makes it the
 * framework's own ceiling in the API benchmark (tests/bench/api.ts).
 */
export function GET(): Response {
  return Response.json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(['GET']);
