import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { preparedPerDb } from './prepared';

const dataVersion = preparedPerDb((db) =>
  db
    .select({ committedElsewhere: sql<number>`data_version`, changedHere: sql<number>`total_changes()` })
    .from(sql`pragma_data_version`)
    .prepare(),
);

/**
 * A token that changes whenever the database may have changed: `data_version` moves when another
 * connection (a script such as apikey:create) commits, and `total_changes()` counts every row this
 * connection has inserted, updated or deleted, rolled back or not. Equal tokens mean no row changed
 * in between, so anything computed from the data then is still current. About a microsecond.
 */
export function readDataVersion(db: DbOrTx): string {
  const row = dataVersion(db).get();
  return row ? `${row.committedElsewhere}.${row.changedHere}` : '';
}
