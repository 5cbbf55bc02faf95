import 'server-only';
import {
  listClaimantOptions as selectClaimantOptions,
  selectClaimPage,
  type ClaimantOption,
  type ClaimListItem,
  type ClaimListKeyset,
} from '@/db/queries/claim-list';
import type { DbOrTx } from '@/db/open';
import { findSourcesNamed, getSource, listClaimantSuggestions } from '@/db/queries/sources';
import { assertCan, type Actor } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { claimCursor } from '@/lib/validation/cursor';
import { ClaimListQuery } from '@/lib/validation/claim-list';
import { HIGHLIGHT_END, HIGHLIGHT_START, toFtsQuery } from './search-query';

export { CANDIDATE_LOOKUP_ROWS, CLAIMANT_OPTIONS_LIMIT, SELECTIVE_FILTER_ROWS } from '@/db/queries/claim-list';
export type { ClaimantOption, ClaimListItem } from '@/db/queries/claim-list';

export interface ClaimListPage {
  items: ClaimListItem[];
  nextCursor: string | null;
  prevCursor: string | null;
}

const MARKER = /[\uE000\uE001]/;

function withUnambiguousHighlight(item: ClaimListItem): ClaimListItem {
  const clean = item.highlighted !== null && MARKER.test(item.statement) ? { ...item, highlighted: null } : item;
  return clean.highlightedClaimant !== null && MARKER.test(clean.claimant.name) ? { ...clean, highlightedClaimant: null } : clean;
}

/**
 * One page of the claims list. A search with no words in it (say, only punctuation) is treated
 * as no search. `dir: 'prev'` without a cursor is the first page.
 */
export function listClaims(db: DbOrTx, actor: Actor, query: ClaimListQuery): ClaimListPage {
  assertCan(actor, 'claim:read');
  const cursorId = query.cursor === undefined ? undefined : claimCursor.decode(query.cursor).id;
  const backwards = query.dir === 'prev' && cursorId !== undefined;
  const keyset: ClaimListKeyset = { cursorId, backwards, fetch: query.limit + 1 };
  const expression = query.q === undefined ? null : toFtsQuery(query.q);
  const match = expression === null ? null : { expression, start: HIGHLIGHT_START, end: HIGHLIGHT_END };

  const rows = selectClaimPage(db, query, match, keyset);
  const hasMore = rows.length > query.limit;
  const items = rows.slice(0, query.limit).map(withUnambiguousHighlight);
  if (backwards) items.reverse();

  const at = (id: number) => claimCursor.encode({ id });
  const first = items[0];
  const last = items.at(-1);
  if (cursorId === undefined) {
    return { items, nextCursor: hasMore && last ? at(last.id) : null, prevCursor: null };
  }
  // Past either end of the list the page is empty; keep a way back to the rows on the other side.
  if (backwards) {
    return {
      items,
      nextCursor: at(last ? last.id : cursorId),
      prevCursor: hasMore && first ? at(first.id) : null,
    };
  }
  return {
    items,
    nextCursor: hasMore && last ? at(last.id) : null,
    prevCursor: at(first ? first.id : cursorId),
  };
}

/** Sources that are the claimant of at least one claim, by name, for the list's claimant filter. */
export function listClaimantOptions(db: DbOrTx, actor: Actor): ClaimantOption[] {
  assertCan(actor, 'claim:read');
  return selectClaimantOptions(db);
}

export interface ClaimantFilter {
  id: number | undefined;
  /** What the claimant box shows: the name typed, or the name of the claimant a link named by id. */
  name: string;
  /** Why the typed name matched nobody; null when it resolved (or nothing was typed). */
  error: string | null;
}

export interface ClaimsPageData {
  /** The query the page shows, with invalid filters or a stale cursor cleared. */
  query: ClaimListQuery;
  page: ClaimListPage;
  notice: string | null;
  claimant: ClaimantFilter;
  /** Names offered in the claimant box. */
  suggestions: string[];
}

/**
 * The claimant filter is typed, not picked from every source: `claimantName` (the form's text box)
 * is resolved ignoring case, and a `claimant` id (page links, bookmarks) still works.
 */
function resolveClaimant(db: DbOrTx, typed: string | undefined, id: number | undefined): ClaimantFilter {
  const name = typed?.trim().slice(0, 200);
  if (name) {
    const found = findSourcesNamed(db, name)[0];
    return found ? { id: found.id, name, error: null } : { id: undefined, name, error: `No source is named “${name}”. Check the spelling.` };
  }
  return { id, name: id === undefined ? '' : (getSource(db, id)?.name ?? ''), error: null };
}

/**
 * Everything the claims page shows, from its search params (first values): invalid filters are
 * cleared with a notice, and a broken or stale page link falls back to the newest claims.
 */
export function loadClaimsPage(db: DbOrTx, actor: Actor, params: Record<string, string>): ClaimsPageData {
  assertCan(actor, 'claim:read');
  const { claimantName, ...rest } = params;
  const parsed = ClaimListQuery.safeParse(rest);
  let query: ClaimListQuery = parsed.success ? parsed.data : ClaimListQuery.parse({});
  let notice = parsed.success ? null : 'Some filters were not valid and have been cleared.';
  const claimant = resolveClaimant(db, claimantName, query.claimant);
  query = { ...query, claimant: claimant.id };
  let page: ClaimListPage = { items: [], nextCursor: null, prevCursor: null };
  try {
    if (!claimant.error) page = listClaims(db, actor, query);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'bad_request') throw error;
    notice = 'That page link is no longer valid; showing the newest claims.';
    query = { ...query, cursor: undefined, dir: 'next' };
    page = listClaims(db, actor, query);
  }
  const suggestions = [...new Set(listClaimantSuggestions(db).map((source) => source.name))];
  return { query, page, notice, claimant, suggestions };
}
