import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { listClaims, type ClaimListPage } from '@/db/queries/claim-list';
import { findSourcesNamed, getSource, listClaimantSuggestions } from '@/db/queries/sources';
import { CLAIM_STATUSES } from '@/db/schema';
import { requireUser, userActor } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { formatDate } from '@/lib/display/format';
import { STATUS_LABELS } from '@/lib/display/labels';
import { CLAIM_LIST_DEFAULT_LIMIT, ClaimListQuery } from '@/lib/validation/claim-list';
import { HighlightedText } from './_components/highlighted-text';
import { StatusBadge } from './_components/status-badge';

export const metadata: Metadata = { title: 'Claims' };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

function firstValues(params: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[key] = first;
  }
  return out;
}

/** A link to another page of the same filtered list. */
function pageHref(query: ClaimListQuery, cursor: string, dir: 'next' | 'prev'): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.status) params.set('status', query.status);
  if (query.claimant) params.set('claimant', String(query.claimant));
  if (query.disputed) params.set('disputed', '1');
  if (query.limit !== CLAIM_LIST_DEFAULT_LIMIT) params.set('limit', String(query.limit));
  params.set('cursor', cursor);
  params.set('dir', dir);
  return `/claims?${params.toString()}`;
}

/**
 * The claimant filter is typed, not picked from every source: `claimantName` (the form's text box)
 * is resolved here ignoring case, and a `claimant` id (page links, bookmarks) still works.
 */
function resolveClaimant(db: ReturnType<typeof getDb>, typed: string | undefined, id: number | undefined) {
  const name = typed?.trim().slice(0, 200);
  if (name) {
    const found = findSourcesNamed(db, name)[0];
    return found ? { id: found.id, name, error: null } : { id: undefined, name, error: `No source is named “${name}”. Check the spelling.` };
  }
  return { id, name: id === undefined ? '' : (getSource(db, id)?.name ?? ''), error: null };
}

export default async function ClaimsPage({ searchParams }: Props) {
  const actor = userActor(await requireUser());
  const db = getDb();
  const { claimantName, ...params } = firstValues(await searchParams);
  const parsed = ClaimListQuery.safeParse(params);
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
  const suggestions = listClaimantSuggestions(db);
  const filtered = Boolean(query.q || query.status || query.claimant || query.disputed || claimant.error);

  return (
    <>
      <div className="page-heading">
        <h1>Claims</h1>
        <Link href="/claims/new" className="button primary">
          New claim
        </Link>
      </div>

      <search>
        <form role="search" action="/claims" method="get" className="filters" aria-label="Search and filter claims">
          <div className="field grow">
            <label htmlFor="q">Search claims</label>
            <input id="q" name="q" type="search" defaultValue={query.q ?? ''} placeholder="Words in the statement or the claimant’s name" />
          </div>
          <div className="field">
            <label htmlFor="status">Status</label>
            <select id="status" name="status" defaultValue={query.status ?? ''}>
              <option value="">All</option>
              {CLAIM_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {STATUS_LABELS[status]}
                </option>
              ))}
            </select>
          </div>
          <div className={`field${claimant.error ? ' has-error' : ''}`}>
            <label htmlFor="claimant">Claimant</label>
            <input
              id="claimant"
              name="claimantName"
              type="text"
              list="claimant-suggestions"
              autoComplete="off"
              maxLength={200}
              defaultValue={claimant.name}
              placeholder="Anyone"
              aria-invalid={claimant.error ? true : undefined}
              aria-describedby={claimant.error ? 'claimant-error' : undefined}
            />
            <datalist id="claimant-suggestions">
              {[...new Set(suggestions.map((source) => source.name))].map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
            {claimant.error ? (
              <p id="claimant-error" className="field-error">
                {claimant.error}
              </p>
            ) : null}
          </div>
          <div className="field checkbox">
            <input id="disputed" name="disputed" type="checkbox" value="1" defaultChecked={query.disputed === true} />
            <label htmlFor="disputed">Disputed only</label>
          </div>
          <div className="filter-actions">
            <button type="submit" className="button">
              Apply
            </button>
            {filtered ? <Link href="/claims">Clear</Link> : null}
          </div>
        </form>
      </search>

      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}

      {page.items.length === 0 ? (
        <p className="empty">{filtered ? 'No claims match these filters.' : 'No claims yet. Record the first one.'}</p>
      ) : (
        <ol className="claim-list" aria-label="Claims">
          {page.items.map((claim) => (
            <li key={claim.id} className="claim-row">
              <Link href={`/claims/${claim.id}`} className="claim-statement">
                {claim.highlighted ? <HighlightedText text={claim.highlighted} /> : claim.statement}
              </Link>
              <p className="claim-meta">
                <Link href={`/sources/${claim.claimant.id}`}>
                  {claim.highlightedClaimant ? <HighlightedText text={claim.highlightedClaimant} /> : claim.claimant.name}
                </Link>
                <span aria-hidden="true"> · </span>
                <time dateTime={claim.claimedOn}>{formatDate(claim.claimedOn)}</time>
                <StatusBadge status={claim.status} disputed={claim.disputed} />
              </p>
            </li>
          ))}
        </ol>
      )}

      {page.prevCursor || page.nextCursor ? (
        <nav aria-label="Pages" className="pager">
          {page.prevCursor ? <Link href={pageHref(query, page.prevCursor, 'prev')}>← Newer</Link> : <span />}
          {page.nextCursor ? <Link href={pageHref(query, page.nextCursor, 'next')}>Older →</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
