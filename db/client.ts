import 'server-only';
import { getEnv } from '@/lib/env';
import { openDatabase, type Db } from './open';

const globalForDb = globalThis as unknown as { claimbenchDb?: Db };

/** The application's one connection, opened on first use and kept across hot reloads. */
export function getDb(): Db {
  const env = getEnv();
  globalForDb.claimbenchDb ??= openDatabase(env.DATABASE_PATH, { synchronous: env.DATABASE_SYNCHRONOUS });
  return globalForDb.claimbenchDb;
}
