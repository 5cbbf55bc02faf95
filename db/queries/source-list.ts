import 'server-only';
import { and, asc, desc, eq, gt, gte, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { DbOrTx } from '../open';
import { sources, type SourceKind } from '../schema';

/**
 * The FTS5 index over source names made by migration 0005 (drizzle-kit cannot express virtual
 * tables), declared here only so the query builder can name it.
 */
const sourcesFts = sqliteTable('sources_fts', {
  rowid: integer('rowid').notNull(),
  name: text('name').notNull(),
});

/**
 * A search matching fewer sources than this has its matches fetched and sorted by name; one
 * matching more walks the name index and keeps the matching rows, which fill a page quickly.
 */
export const FEW_MATCHES = 3000;

export interface SourceListItem {
  id: number;
  name: string;
  kind: SourceKind;
  url: string | null;
  claimCount: number;
}

const itemColumns = { id: sources.id, name: sources.name, kind: sources.kind, url: sources.url, claimCount: sources.claimCount };

/** A place in the list: the (name, id) of the row a page starts after. */
export interface SourceListPosition {
  name: string;
  id: number;
}

export interface SourceListKeyset {
  after: SourceListPosition | undefined;
  backwards: boolean;
  /** One row more than the page, to learn whether another page follows without counting. */
  fetch: number;
}

type Keyset = SourceListKeyset;

/**
 * Rows past the cursor in (name, id) order. Spelled as a range on name plus a tie-break, so the
 * name index (which holds the rowid after the name) is entered at the cursor rather than scanned.
 */
function beyondCursor(keyset: Keyset): SQL | undefined {
  const at = keyset.after;
  if (!at) return undefined;
  return keyset.backwards
    ? and(lte(sources.name, at.name), or(lt(sources.name, at.name), lt(sources.id, at.id)))
    : and(gte(sources.name, at.name), or(gt(sources.name, at.name), gt(sources.id, at.id)));
}

function order(keyset: Keyset) {
  return keyset.backwards ? [desc(sources.name), desc(sources.id)] : [asc(sources.name), asc(sources.id)];
}

function kindFilter(kind: SourceKind | undefined): SQL | undefined {
  return kind === undefined ? undefined : eq(sources.kind, kind);
}

/** Without a search: the (kind, name) or the name index, in order, one page. */
function selectPlain(db: DbOrTx, kind: SourceKind | undefined, keyset: Keyset): SourceListItem[] {
  return db
    .select(itemColumns)
    .from(sources)
    .where(and(kindFilter(kind), beyondCursor(keyset)))
    .orderBy(...order(keyset))
    .limit(keyset.fetch)
    .all();
}

const matches = (match: string) => sql`${sourcesFts} MATCH ${match}`;

/** How many sources match, counting no further than FEW_MATCHES. */
function countMatches(db: DbOrTx, match: string): number {
  const probe = db.select({ id: sourcesFts.rowid }).from(sourcesFts).where(matches(match)).limit(FEW_MATCHES).as('probe');
  return db.select({ n: sql<number>`count(*)` }).from(probe).get()?.n ?? 0;
}

/**
 * A search. With few matches, FTS5 hands over their rowids and the page is sorted from them (the
 * CROSS JOIN keeps the matches the outer loop). With many, the name index is walked in order and
 * each row kept if it is in the set of matches, built once; the unary plus stops SQLite from
 * looking the set up by rowid instead, which would sort every match.
 */
function selectMatching(db: DbOrTx, match: string, kind: SourceKind | undefined, keyset: Keyset): SourceListItem[] {
  const matchingIds = db.select({ id: sourcesFts.rowid }).from(sourcesFts).where(matches(match));
  if (countMatches(db, match) < FEW_MATCHES) {
    const found = matchingIds.as('found');
    return db
      .select(itemColumns)
      .from(found)
      .crossJoin(sources)
      .where(and(eq(sources.id, found.id), kindFilter(kind), beyondCursor(keyset)))
      .orderBy(...order(keyset))
      .limit(keyset.fetch)
      .all();
  }
  return db
    .select(itemColumns)
    .from(sources)
    .where(and(sql`+${sources.id} IN ${matchingIds}`, kindFilter(kind), beyondCursor(keyset)))
    .orderBy(...order(keyset))
    .limit(keyset.fetch)
    .all();
}

/**
 * The rows of one page of sources by name (names descending when the keyset runs backwards),
 * optionally searched (`match`: an FTS5 MATCH expression over the names) and filtered by kind, with
 * one row more than the page when another page follows. Keyset pagination on (name, id): page
 * 2,000 costs what page 1 costs.
 */
export function selectSourcePage(db: DbOrTx, kind: SourceKind | undefined, match: string | null, keyset: SourceListKeyset): SourceListItem[] {
  return match === null ? selectPlain(db, kind, keyset) : selectMatching(db, match, kind, keyset);
}
