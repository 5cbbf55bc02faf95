import 'server-only';
import { asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { measures } from '../schema';

export function listMeasures(db: DbOrTx) {
  return db
    .select({ id: measures.id, key: measures.key, name: measures.name, unit: measures.unit })
    .from(measures)
    .orderBy(asc(measures.name))
    .all();
}

export function getMeasure(db: DbOrTx, id: number) {
  return db.select().from(measures).where(eq(measures.id, id)).get();
}

/** A measure matched by key or, case-insensitively, by name. */
export function findMeasure(db: DbOrTx, key: string, name: string) {
  return (
    db.select().from(measures).where(eq(measures.key, key)).get() ??
    db
      .select()
      .from(measures)
      .where(sql`lower(${measures.name}) = lower(${name})`)
      .get()
  );
}

export function insertMeasure(tx: DbOrTx, values: { key: string; name: string; unit: string }) {
  return tx.insert(measures).values(values).returning().get();
}
