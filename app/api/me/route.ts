import { sessionRoute } from '@/lib/http/session-route';
import { otherMethods } from '@/lib/http/methods';

/** The signed-in person as the server sees them on this request (role read from the database). */
export const GET = sessionRoute(null, (_request, actor) =>
  Response.json(
    actor.kind === 'user'
      ? { id: actor.id, email: actor.email, name: actor.name, role: actor.role }
      : { apiKey: actor.name, scopes: actor.scopes },
    { headers: { 'cache-control': 'private, no-store' } },
  ),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(['GET']);
