import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { sources, type SourceKind } from '../schema';

export const sourceSummary = { id: sources.id, name: sources.name, kind: sources.kind };

/** Sources for a picker, by name. */
export function listSourceOptions(db: DbOrTx, limit = 2000) {
  return db.select(sourceSummary).from(sources).orderBy(asc(sources.name), asc(sources.id)).limit(limit).all();
}

export function getSource(db: DbOrTx, id: number) {
  return db.select().from(sources).where(eq(sources.id, id)).get();
}

export function findSourceByName(db: DbOrTx, name: string, kind: SourceKind) {
  return db.select().from(sources).where(and(eq(sources.name, name), eq(sources.kind, kind))).get();
}

export function insertSource(
  tx: DbOrTx,
  values: { name: string; kind: SourceKind; url?: string | null; notes?: string; createdBy: number | null },
) {
  return tx.insert(sources).values(values).returning().get();
}
