import 'server-only';
import { getEnv } from '@/lib/env';
import { openDatabase, type Db } from './open';

const globalForDb = globalThis as unknown as { claimbenchDb?: Db };

/** The application's one connection, opened on first use and kept across hot reloads. */
export function getDb(): Db {
  globalForDb.claimbenchDb ??= openDatabase(getEnv().DATABASE_PATH);
  return globalForDb.claimbenchDb;
}
