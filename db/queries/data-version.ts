import 'server-only';
import type Database from 'better-sqlite3';
import type { Db } from '../open';

/**
 * What the API's response cache (lib/http/response-cache.ts) watches to know the data changed. Raw
 * prepared statements on the connection: they run on every anonymous API read, where even
 * drizzle's row mapping shows in the profile.
 */
const statements = new WeakMap<Database.Database, { changes: Database.Statement; commits: Database.Statement }>();

function statementsOf(db: Db) {
  let found = statements.get(db.$client);
  if (!found) {
    found = {
      changes: db.$client.prepare('SELECT total_changes()').pluck(),
      commits: db.$client.prepare('PRAGMA data_version').pluck(),
    };
    statements.set(db.$client, found);
  }
  return found;
}

/** Rows this connection has inserted, updated or deleted since it opened, rolled back or not. */
export function countChangesHere(db: Db): number {
  return statementsOf(db).changes.get() as number;
}

/** A number that moves whenever another connection (a script, another process) commits. */
export function readCommitsElsewhere(db: Db): number {
  return statementsOf(db).commits.get() as number;
}
