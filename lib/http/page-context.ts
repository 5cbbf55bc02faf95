import 'server-only';
import { headers } from 'next/headers';
import { notePublicUrl } from './public-url';
import { forbidden } from 'next/navigation';
import { getDb } from '@/lib/database';
import type { Db } from '@/db/open';
import type { SessionUser } from '@/db/queries/users';
import { can, type Actor, type Permission } from '@/lib/auth/permissions';
import { requireUser, userActor } from '@/lib/auth/session';

/** The database handle a page passes to lib/ loaders, for a page's helpers to declare. */
export type { Db };

export interface PageContext {
  user: SessionUser;
  actor: Actor;
  /** Handed to lib/ loaders; pages never query it themselves. */
  db: Db;
}

/**
 * What a workbench page starts with: the signed-in person (or a redirect to sign-in that comes
 * back here), as an actor, and the database for the lib/ loaders it calls. With a permission, a
 * person without it gets the page's 403 (its forbidden.tsx) before anything is read.
 */
export async function signedInPage(permission?: Permission): Promise<PageContext> {
  const user = await requireUser();
  const actor = userActor(user);
  notePublicUrl(await headers());
  if (permission && !can(actor, permission)) forbidden();
  return { user, actor, db: getDb() };
}

/**
 * What a public page (read signed out) starts with: the database, for lib/ loaders that read only
 * published data and so need no actor.
 */
export function publicPage(): { db: Db } {
  return { db: getDb() };
}
