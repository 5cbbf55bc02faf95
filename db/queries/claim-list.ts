import 'server-only';
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import { alias, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { DbOrTx } from '../open';
import { claims, sources, type ClaimStatus } from '../schema';

export const CLAIMANT_OPTIONS_LIMIT = 500;

/**
 * The FTS5 table made by migration 0001 (drizzle-kit cannot express virtual tables). Declared here,
 * outside db/schema.ts, only so the query builder can name it; drizzle-kit never sees it.
 */
const claimsFts = sqliteTable('claims_fts', {
  rowid: integer('rowid').notNull(),
  statement: text('statement').notNull(),
});

/** The claims a filter leaves, named apart from the claims joined to each match. */
const candidate = alias(claims, 'candidate');

export interface ClaimListItem {
  id: number;
  statement: string;
  /** The statement with matched words between the caller's highlight markers; null without a search. */
  highlighted: string | null;
  /** The claimant's name with matched words marked the same way; null without a search. */
  highlightedClaimant: string | null;
  claimant: { id: number; name: string };
  claimedOn: string;
  status: ClaimStatus;
  disputed: boolean;
  updatedAt: string;
}

export interface ClaimantOption {
  id: number;
  name: string;
  claimCount: number;
}

/** The filters of the claims list, already parsed. */
export interface ClaimListFilter {
  status?: ClaimStatus;
  claimant?: number;
  disputed?: boolean;
  /** Include claims merged into another (duplicates); the list leaves them out unless asked. */
  duplicates?: boolean;
}

/** Where a page starts and which way it runs: the id it starts after (none: the first page). */
export interface ClaimListKeyset {
  cursorId: number | undefined;
  backwards: boolean;
  /** One row more than the page, to learn whether another page follows without counting. */
  fetch: number;
}

/** A search, already turned into a safe FTS5 MATCH expression, and the markers highlight() wraps matched words in. */
export interface ClaimListMatch {
  expression: string;
  start: string;
  end: string;
}

const itemColumns = {
  id: claims.id,
  statement: claims.statement,
  claimant: { id: sources.id, name: sources.name },
  claimedOn: claims.claimedOn,
  status: claims.status,
  disputed: claims.disputed,
  updatedAt: claims.updatedAt,
};

function filterConditions(table: typeof claims | typeof candidate, query: ClaimListFilter): SQL[] {
  const conditions: SQL[] = [];
  if (query.status !== undefined) conditions.push(eq(table.status, query.status));
  if (query.claimant !== undefined) conditions.push(eq(table.claimantId, query.claimant));
  if (query.disputed !== undefined) conditions.push(eq(table.disputed, query.disputed));
  return conditions;
}

type Keyset = ClaimListKeyset;

/**
 * Duplicates are left out row by row, not as a filter that narrows the list: they are few, so
 * nearly every row passes, and counting them as a filter would send every search down the
 * narrowing probe of narrowFilter.
 */
function withoutDuplicates(query: ClaimListFilter): SQL | undefined {
  return query.duplicates ? undefined : isNull(claims.duplicateOf);
}

type IdColumn = (typeof claims | typeof candidate)['id'] | typeof claimsFts.rowid;

function beyondCursor(column: IdColumn, keyset: Keyset): SQL | undefined {
  if (keyset.cursorId === undefined) return undefined;
  return keyset.backwards ? gt(column, keyset.cursorId) : lt(column, keyset.cursorId);
}

/**
 * Newest first; keyset on the id (never OFFSET), so page 500 costs what page 1 costs. The
 * (status, id), (claimant_id, id) and (disputed, id) indexes serve each filter in id order.
 */
function selectPlain(db: DbOrTx, query: ClaimListFilter, keyset: Keyset): ClaimListItem[] {
  return db
    .select({ ...itemColumns, highlighted: sql<string | null>`NULL`, highlightedClaimant: sql<string | null>`NULL` })
    .from(claims)
    .innerJoin(sources, eq(sources.id, claims.claimantId))
    .where(and(...filterConditions(claims, query), beyondCursor(claims.id, keyset), withoutDuplicates(query)))
    .orderBy(keyset.backwards ? asc(claims.id) : desc(claims.id))
    .limit(keyset.fetch)
    .all();
}

/**
 * A filter that leaves fewer rows than this is handed to FTS5 as a set of rowids; one that leaves
 * more is checked row by row, since enough of the matches pass it that the page fills quickly.
 */
export const SELECTIVE_FILTER_ROWS = 5000;

/**
 * A filter that leaves at most this many rows is checked the other way round: its claims, newest
 * first, each looked up in the index (a fixed cost per claim, whatever the word). Walking the
 * matches instead costs much less per match but may read most of the index before a handful of
 * claims scattered over ten years fill a page (a common word such as "troops" with a claimant of a
 * few dozen claims). Below this size the lookups stay cheap; above it the claims are dense enough
 * among the matches that the walk fills the page sooner (BENCHMARKS.md, "Claims list and search").
 */
export const CANDIDATE_LOOKUP_ROWS = 400;

type Narrowing =
  | { kind: 'empty' }
  /** Few enough claims to look each up in the index. */
  | { kind: 'lookup' }
  /** Conditions that hand FTS5 the claims as a rowid set and a bound where its walk may stop. */
  | { kind: 'rowids'; conditions: SQL[] };

/**
 * With a filter that leaves few claims beyond the cursor, how to combine it with the match; undefined
 * when they are too many to be worth collecting, and the matches are checked row by row. Joining
 * every match to claims costs a row lookup per match: for a common word and a claimant with a
 * handful of claims, that is most of the index at every request.
 */
function narrowFilter(db: DbOrTx, query: ClaimListFilter, keyset: Keyset): Narrowing | undefined {
  const filters = filterConditions(candidate, query);
  if (filters.length === 0) return undefined;
  const where = and(...filters, beyondCursor(candidate.id, keyset));
  const probe = db.select({ id: candidate.id }).from(candidate).where(where).limit(SELECTIVE_FILTER_ROWS).as('probe');
  const found = db
    .select({ n: sql<number>`count(*)`, low: sql<number | null>`min(${probe.id})`, high: sql<number | null>`max(${probe.id})` })
    .from(probe)
    .get();
  if (!found || found.n >= SELECTIVE_FILTER_ROWS) return undefined;
  if (found.low === null || found.high === null) return { kind: 'empty' };
  if (found.n <= CANDIDATE_LOOKUP_ROWS) return { kind: 'lookup' };
  return {
    kind: 'rowids',
    conditions: [
      // Walking newest first, FTS5 can stop at the oldest of the claims (oldest first, at the
      // newest) instead of reading every older match: a large saving when they are recent drafts.
      keyset.backwards ? lte(claimsFts.rowid, found.high) : gte(claimsFts.rowid, found.low),
      // The unary plus keeps FTS5 from being offered the set as rowid = ? lookups, one per claim:
      // too many at this size (see CANDIDATE_LOOKUP_ROWS).
      inArray(sql`+${claimsFts.rowid}`, db.select({ id: candidate.id }).from(candidate).where(where)),
    ],
  };
}

const highlights = (match: ClaimListMatch) => ({
  highlighted: sql<string | null>`highlight(${claimsFts}, 0, ${match.start}, ${match.end})`,
  highlightedClaimant: sql<string | null>`highlight(${claimsFts}, 1, ${match.start}, ${match.end})`,
});

/**
 * A small filtered set, newest first, each claim looked up in the index until a page is full.
 * CROSS JOIN keeps claims the outer loop here, walked down the filter's (column, id) index.
 */
function selectLookedUp(db: DbOrTx, query: ClaimListFilter, match: ClaimListMatch, keyset: Keyset): ClaimListItem[] {
  return db
    .select({ ...itemColumns, ...highlights(match) })
    .from(claims)
    .crossJoin(claimsFts)
    .crossJoin(sources)
    .where(
      and(
        ...filterConditions(claims, query),
        beyondCursor(claims.id, keyset),
        withoutDuplicates(query),
        sql`${claimsFts} MATCH ${match.expression}`,
        eq(claimsFts.rowid, claims.id),
        eq(sources.id, claims.claimantId),
      ),
    )
    .orderBy(keyset.backwards ? asc(claims.id) : desc(claims.id))
    .limit(keyset.fetch)
    .all();
}

/**
 * Walks the full-text matches in rowid order (newest first) and stops after one page. Ranking by
 * bm25 would have to score every match before returning any, which for a word found in most of a
 * million claims is the whole index on every keystroke. CROSS JOIN keeps claims_fts the outer
 * loop: SQLite never reorders it, and any other order re-runs the MATCH per claim.
 */
function selectMatching(db: DbOrTx, query: ClaimListFilter, match: ClaimListMatch, keyset: Keyset): ClaimListItem[] {
  const narrow = narrowFilter(db, query, keyset);
  if (narrow?.kind === 'empty') return [];
  if (narrow?.kind === 'lookup') return selectLookedUp(db, query, match, keyset);
  return db
    .select({ ...itemColumns, ...highlights(match) })
    .from(claimsFts)
    .crossJoin(claims)
    .crossJoin(sources)
    .where(
      and(
        sql`${claimsFts} MATCH ${match.expression}`,
        eq(claims.id, claimsFts.rowid),
        eq(sources.id, claims.claimantId),
        withoutDuplicates(query),
        ...(narrow?.conditions ?? [beyondCursor(claimsFts.rowid, keyset), ...filterConditions(claims, query)]),
      ),
    )
    .orderBy(keyset.backwards ? asc(claimsFts.rowid) : desc(claimsFts.rowid))
    .limit(keyset.fetch)
    .all();
}

/**
 * The rows of one page of the claims list, newest first (oldest first when the keyset runs
 * backwards), with one row more than the page when another page follows.
 */
export function selectClaimPage(db: DbOrTx, filter: ClaimListFilter, match: ClaimListMatch | null, keyset: ClaimListKeyset): ClaimListItem[] {
  return match === null ? selectPlain(db, filter, keyset) : selectMatching(db, filter, match, keyset);
}

/**
 * Sources that are the claimant of at least one claim, by name, for the list's claimant filter.
 * Starting from sources (by the name index) and counting through (claimant_id, id) keeps the cost
 * to the 500 sources shown, rather than grouping every claim.
 */
export function listClaimantOptions(db: DbOrTx): ClaimantOption[] {
  // Spelled out in full: in a one-table select drizzle leaves columns unqualified, and inside the
  // subquery an unqualified "id" would mean claims.id.
  return db
    .select({
      id: sources.id,
      name: sources.name,
      claimCount: sql<number>`(SELECT count(*) FROM claims WHERE claims.claimant_id = sources.id)`,
    })
    .from(sources)
    .where(sql`EXISTS (SELECT 1 FROM claims WHERE claims.claimant_id = sources.id)`)
    .orderBy(asc(sources.name), asc(sources.id))
    .limit(CLAIMANT_OPTIONS_LIMIT)
    .all();
}
