import 'server-only';
import { openDatabase, type Db, type SynchronousMode } from './open';

/** Where the application's database lives and how durable its commits are (lib/database.ts reads them from the environment). */
export interface ConnectionSettings {
  path: string;
  synchronous: SynchronousMode;
}

const globalForDb = globalThis as unknown as { claimbenchDb?: Db };

/**
 * The application's one connection, opened on first use with the settings given then and kept
 * across hot reloads; later calls get the same connection.
 */
export function connection(settings: ConnectionSettings): Db {
  globalForDb.claimbenchDb ??= openDatabase(settings.path, { synchronous: settings.synchronous });
  return globalForDb.claimbenchDb;
}
