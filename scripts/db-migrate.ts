import { openDatabase, type Db } from '../db/open';
import { EnvError, parseEnv } from '../lib/env';

/** `npm run db:migrate`: applies the committed migrations to the database named by DATABASE_PATH. */
function main(): void {
  const env = parseEnv(process.env);
  const before = openDatabase(env.DATABASE_PATH, { migrate: false });
  const appliedBefore = countAppliedMigrations(before);
  before.$client.close();

  const db = openDatabase(env.DATABASE_PATH);
  try {
    const applied = countAppliedMigrations(db);
    console.log(`${env.DATABASE_PATH}: applied ${applied - appliedBefore} new migration(s), ${applied} in total`);
  } finally {
    db.$client.close();
  }
}

/** Rows of drizzle's own bookkeeping table; it does not exist before the first migration. */
function countAppliedMigrations(db: Db): number {
  const sqlite = db.$client;
  const table = sqlite
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get();
  if (!table) return 0;
  const row = sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
  return row.n;
}

try {
  main();
} catch (error: unknown) {
  if (error instanceof EnvError) console.error(error.message);
  else console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
