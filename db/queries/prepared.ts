import 'server-only';
import type { DbOrTx } from '../open';

/**
 * A drizzle prepared statement (`.prepare()` with `sql.placeholder`), built once per database
 * handle and reused. For the public reads, building the query and having SQLite compile it cost
 * far more than running it (tests/bench/api.ts). Keyed weakly, so a closed test database takes
 * its statements with it; a transaction handle gets its own (it is a new object each time).
 */
export function preparedPerDb<T>(build: (db: DbOrTx) => T): (db: DbOrTx) => T {
  const statements = new WeakMap<DbOrTx, T>();
  return (db) => {
    let statement = statements.get(db);
    if (statement === undefined) {
      statement = build(db);
      statements.set(db, statement);
    }
    return statement;
  };
}
