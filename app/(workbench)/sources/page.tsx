import type { Metadata } from 'next';
import Link from 'next/link';
import { formatNumber } from '@/lib/display/format';
import { SOURCE_KIND_LABELS } from '@/lib/display/labels';
import { signedInPage } from '@/lib/http/page-context';
import { loadSourcesPage } from '@/lib/sources/source-list';
import type { SourceListQuery } from '@/lib/validation/source-list';
import { SOURCE_KINDS } from '@/lib/vocabulary';
import './sources.css';

export const metadata: Metadata = { title: 'Sources' };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** A link to another page of the same list. */
function pageHref(query: SourceListQuery, cursor: string, dir: 'next' | 'prev'): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.kind) params.set('kind', query.kind);
  params.set('cursor', cursor);
  params.set('dir', dir);
  return `/sources?${params.toString()}`;
}

function host(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** Every person, body, outlet and document that makes or publishes statements, by name. */
export default async function SourcesPage({ searchParams }: Props) {
  const { actor, db } = await signedInPage();
  const { query, page, notice } = loadSourcesPage(db, actor, await searchParams);
  const filtered = Boolean(query.q || query.kind);

  return (
    <>
      <h1>Sources</h1>
      <p className="lede">The people, bodies, outlets and documents that make or publish the claims on the desk.</p>

      <search>
        <form role="search" action="/sources" method="get" className="filters" aria-label="Search and filter sources">
          <div className="field grow">
            <label htmlFor="q">Search sources</label>
            <input id="q" name="q" type="search" defaultValue={query.q ?? ''} placeholder="Words in the source’s name" />
          </div>
          <div className="field">
            <label htmlFor="kind">Kind</label>
            <select id="kind" name="kind" defaultValue={query.kind ?? ''}>
              <option value="">Any kind</option>
              {SOURCE_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {SOURCE_KIND_LABELS[kind]}
                </option>
              ))}
            </select>
          </div>
          <div className="filter-actions">
            <button type="submit" className="button">
              Apply
            </button>
            {filtered ? <Link href="/sources">Clear</Link> : null}
          </div>
        </form>
      </search>

      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}

      {page.items.length === 0 ? (
        <p className="empty">{filtered ? 'No sources match these filters.' : 'No sources yet. A source is added with the claim it made.'}</p>
      ) : (
        <ol className="claim-list source-list" aria-label="Sources">
          {page.items.map((source) => (
            <li key={source.id} className="claim-row source-row">
              <Link href={`/sources/${source.id}`} className="claim-statement">
                {source.name}
              </Link>
              <p className="claim-meta">
                <span>{SOURCE_KIND_LABELS[source.kind]}</span>
                <span aria-hidden="true"> · </span>
                <span>
                  {formatNumber(source.claimCount)} {source.claimCount === 1 ? 'claim' : 'claims'}
                </span>
                {source.url ? (
                  <>
                    <span aria-hidden="true"> · </span>
                    <span>{host(source.url)}</span>
                  </>
                ) : null}
              </p>
            </li>
          ))}
        </ol>
      )}

      {page.prevCursor || page.nextCursor ? (
        <nav aria-label="Pages" className="pager">
          {page.prevCursor ? <Link href={pageHref(query, page.prevCursor, 'prev')}>← Previous</Link> : <span />}
          {page.nextCursor ? <Link href={pageHref(query, page.nextCursor, 'next')}>Next →</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
