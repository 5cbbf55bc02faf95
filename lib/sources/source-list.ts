import 'server-only';
import { selectSourcePage, type SourceListItem, type SourceListKeyset } from '@/db/queries/source-list';
import type { DbOrTx } from '@/db/open';
import { assertCan, type Actor } from '@/lib/auth/permissions';
import { toFtsQuery } from '@/lib/claims/search-query';
import { AppError } from '@/lib/errors';
import { sourceCursor } from '@/lib/validation/cursor';
import { SOURCE_LIST_LIMIT, SourceListQuery } from '@/lib/validation/source-list';

export { FEW_MATCHES } from '@/db/queries/source-list';
export type { SourceListItem } from '@/db/queries/source-list';

export interface SourceListPage {
  items: SourceListItem[];
  nextCursor: string | null;
  prevCursor: string | null;
}

/**
 * Source names are short, so any last word of two letters or more matches as a prefix ("Zelen"
 * finds Zelensky): the prefix index covers 2 and 3 letters, and longer prefixes read a short range
 * of a vocabulary of names.
 */
const NAME_PREFIX = { min: 2, max: Number.POSITIVE_INFINITY };

/** One page of the sources list (by name, searched and filtered by kind) for someone allowed to read sources. */
export function listSourcesFor(db: DbOrTx, actor: Actor, query: SourceListQuery): SourceListPage {
  assertCan(actor, 'source:read');
  const match = query.q === undefined ? null : toFtsQuery(query.q, NAME_PREFIX);
  const after = query.cursor === undefined ? undefined : sourceCursor.decode(query.cursor);
  const backwards = query.dir === 'prev' && after !== undefined;
  const keyset: SourceListKeyset = { after, backwards, fetch: SOURCE_LIST_LIMIT + 1 };
  const rows = selectSourcePage(db, query.kind, match, keyset);
  const hasMore = rows.length > SOURCE_LIST_LIMIT;
  const items = rows.slice(0, SOURCE_LIST_LIMIT);
  if (backwards) items.reverse();

  const at = (position: { name: string; id: number }) => sourceCursor.encode({ name: position.name, id: position.id });
  const first = items[0];
  const last = items.at(-1);
  if (!after) return { items, nextCursor: hasMore && last ? at(last) : null, prevCursor: null };
  if (backwards) {
    return {
      items,
      nextCursor: at(last ?? after),
      prevCursor: hasMore && first ? at(first) : null,
    };
  }
  return {
    items,
    nextCursor: hasMore && last ? at(last) : null,
    prevCursor: at(first ?? after),
  };
}

export interface SourcesPageData {
  /** The query the page shows, with invalid filters or a stale cursor cleared. */
  query: SourceListQuery;
  page: SourceListPage;
  notice: string | null;
}

/**
 * Everything the sources page shows, from its search params: invalid filters are cleared with a
 * notice, and a broken or stale page link falls back to the first page.
 */
export function loadSourcesPage(db: DbOrTx, actor: Actor, params: Record<string, string | string[] | undefined>): SourcesPageData {
  const parsed = SourceListQuery.safeParse(params);
  let query: SourceListQuery = parsed.success ? parsed.data : SourceListQuery.parse({});
  let notice = parsed.success ? null : 'Some filters were not valid and have been cleared.';
  let page: SourceListPage;
  try {
    page = listSourcesFor(db, actor, query);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'bad_request') throw error;
    notice = 'That page link is no longer valid; showing the first page.';
    query = { ...query, cursor: undefined, dir: 'next' };
    page = listSourcesFor(db, actor, query);
  }
  return { query, page, notice };
}
