import 'server-only';
import { connection } from '@/db/client';
import type { Db } from '@/db/open';
import { getEnv } from '@/lib/env';

/**
 * The application's one database connection, at DATABASE_PATH with DATABASE_SYNCHRONOUS. The
 * request wrappers (signedInPage, runAction, apiKeyRoute, sessionRoute) hand it to lib/ code;
 * app/ never calls this itself.
 */
export function getDb(): Db {
  const env = getEnv();
  return connection({ path: env.DATABASE_PATH, synchronous: env.DATABASE_SYNCHRONOUS });
}
