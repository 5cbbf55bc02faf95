import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { sources } from '../schema';
import type { SourceRef } from './demo-data';

/** A source by its natural key, (name, kind). */
export function findSourceId(db: DbOrTx, ref: SourceRef): number | undefined {
  return db
    .select({ id: sources.id })
    .from(sources)
    .where(and(eq(sources.name, ref.name), eq(sources.kind, ref.kind)))
    .get()?.id;
}

export function requireSourceId(db: DbOrTx, ref: SourceRef): number {
  const id = findSourceId(db, ref);
  if (id === undefined) throw new Error(`Demo data names a source that is not seeded: ${ref.name} (${ref.kind})`);
  return id;
}
