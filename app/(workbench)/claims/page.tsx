import type { Metadata } from 'next';
import Link from 'next/link';
import { loadClaimsPage } from '@/lib/claims/claim-list';
import { formatDate } from '@/lib/display/format';
import { STATUS_LABELS } from '@/lib/display/labels';
import { signedInPage } from '@/lib/http/page-context';
import { CLAIM_LIST_DEFAULT_LIMIT, type ClaimListQuery } from '@/lib/validation/claim-list';
import { CLAIM_STATUSES } from '@/lib/vocabulary';
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
  if (query.duplicates) params.set('duplicates', '1');
  if (query.limit !== CLAIM_LIST_DEFAULT_LIMIT) params.set('limit', String(query.limit));
  params.set('cursor', cursor);
  params.set('dir', dir);
  return `/claims?${params.toString()}`;
}

export default async function ClaimsPage({ searchParams }: Props) {
  const { actor, db } = await signedInPage();
  const { query, page, notice, claimant, suggestions } = loadClaimsPage(db, actor, firstValues(await searchParams));
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
            {/* The hint, not the placeholder, says what is searched: a long placeholder is cut off on a phone. */}
            <p id="q-hint" className="hint">
              Words in the statement or the claimant’s name.
            </p>
            <input id="q" name="q" type="search" defaultValue={query.q ?? ''} placeholder="e.g. troops" aria-describedby="q-hint" />
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
              {suggestions.map((name) => (
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
          <div className="field checkbox">
            <input id="duplicates" name="duplicates" type="checkbox" value="1" defaultChecked={query.duplicates === true} />
            <label htmlFor="duplicates">Include merged duplicates</label>
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
