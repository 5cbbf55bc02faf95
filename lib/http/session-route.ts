import 'server-only';
import { getDb } from '@/lib/database';
import type { Db } from '@/db/open';
import { getCurrentActor } from '@/lib/auth/session';
import { crossSiteReason, crossSiteResponse } from '@/lib/http/cross-site';
import { getEnv } from '@/lib/env';
import { AppError, problemResponse } from '@/lib/errors';
import { assertCan, type Actor, type Permission } from '@/lib/auth/permissions';

/**
 * Wraps a session-authenticated route handler: refuses a cross-site write (routes under /api skip
 * proxy.ts, so the check that guards pages and actions is repeated here), resolves the actor,
 * checks the permission, and turns every failure into problem+json (401 without a session, 403
 * without the role, 4xx for bad input, a generic 500 for anything unexpected). No route handler
 * answers with data before this check. The handler is given the database for the lib/ calls it
 * makes, so app/ never opens it itself.
 */
export function sessionRoute<Ctx>(
  permission: Permission | null,
  handler: (request: Request, actor: Actor, context: Ctx, db: Db) => Response | Promise<Response>,
) {
  return async (request: Request, context: Ctx): Promise<Response> => {
    const crossSite = crossSiteReason(request, () => getEnv().PUBLIC_URL);
    if (crossSite) return crossSiteResponse(crossSite);
    try {
      const actor = await getCurrentActor();
      if (permission) assertCan(actor, permission);
      else if (!actor) throw new AppError('unauthorized', 'Sign in to continue.');
      return await handler(request, actor as Actor, context, getDb());
    } catch (error) {
      return problemResponse(error);
    }
  };
}
