import 'server-only';
import { and, asc, desc, eq, gt, gte, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import type { SourceListQuery } from '@/lib/validation/source-list';
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

export interface SourceListPage {
  items: SourceListItem[];
  nextCursor: string | null;
  prevCursor: string | null;
}

const itemColumns = { id: sources.id, name: sources.name, kind: sources.kind, url: sources.url, claimCount: sources.claimCount };

const CURSOR_VERSION = 1;
const CursorPayload = z.object({ v: z.literal(CURSOR_VERSION), name: z.string().max(1000), id: z.number().int().positive() });
interface Position {
  name: string;
  id: number;
}

/** An opaque position in the list: the (name, id) of the row the next or previous page starts after. */
export function encodeSourceCursor(position: Position): string {
  return Buffer.from(JSON.stringify({ v: CURSOR_VERSION, name: position.name, id: position.id })).toString('base64url');
}

export function decodeSourceCursor(cursor: string): Position {
  const invalid = () =>
    new AppError('bad_request', 'The cursor is not valid.', {
      cursor: ['This page link is broken or out of date; start again from the first page.'],
    });
  if (!/^[A-Za-z0-9_-]{1,1200}$/.test(cursor)) throw invalid();
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const parsed = CursorPayload.safeParse(payload);
  if (!parsed.success) throw invalid();
  return { name: parsed.data.name, id: parsed.data.id };
}

interface Keyset {
  after: Position | undefined;
  backwards: boolean;
  fetch: number;
}

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
 * One page of sources by name, optionally searched (words of the name, the last one as a prefix)
 * and filtered by kind. Keyset pagination on (name, id): page 2,000 costs what page 1 costs.
 */
export function listSources(db: DbOrTx, query: SourceListQuery & { match: string | null; limit: number }): SourceListPage {
  const after = query.cursor === undefined ? undefined : decodeSourceCursor(query.cursor);
  const backwards = query.dir === 'prev' && after !== undefined;
  const keyset: Keyset = { after, backwards, fetch: query.limit + 1 };
  const rows = query.match === null ? selectPlain(db, query.kind, keyset) : selectMatching(db, query.match, query.kind, keyset);
  const hasMore = rows.length > query.limit;
  const items = rows.slice(0, query.limit);
  if (backwards) items.reverse();

  const first = items[0];
  const last = items.at(-1);
  if (!after) return { items, nextCursor: hasMore && last ? encodeSourceCursor(last) : null, prevCursor: null };
  if (backwards) {
    return {
      items,
      nextCursor: encodeSourceCursor(last ?? after),
      prevCursor: hasMore && first ? encodeSourceCursor(first) : null,
    };
  }
  return {
    items,
    nextCursor: hasMore && last ? encodeSourceCursor(last) : null,
    prevCursor: encodeSourceCursor(first ?? after),
  };
}
