import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AppError } from '@/lib/errors';
import { formatDate, formatNumber } from '@/lib/display/format';
import { SOURCE_KIND_LABELS } from '@/lib/display/labels';
import { signedInPage } from '@/lib/http/page-context';
import { ratingStep } from '@/lib/review/rating-scale';
import { loadSourcePage, type SourcePageData } from '@/lib/sources/sources';
import type { RatingLabel, VerdictKind } from '@/lib/vocabulary';
import { StatusBadge } from '../../claims/_components/status-badge';
import { SourceEditor } from './_components/source-edit-form';
import '../sources.css';

interface Props {
  params: Promise<{ id: string }>;
}

const STANCE_WORDS = { supports: 'Supports', refutes: 'Refutes', adds_context: 'Adds context' } as const;

const timeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});

async function load(params: Props['params']): Promise<SourcePageData> {
  const { actor, db } = await signedInPage();
  const { id } = await params;
  const sourceId = /^\d{1,15}$/.test(id) ? Number(id) : NaN;
  if (!Number.isSafeInteger(sourceId)) notFound();
  try {
    return loadSourcePage(db, actor, sourceId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Source ${id.slice(0, 15)}` };
}

/** The current verdict of a claim in words: its rating, or that it was retracted. */
function VerdictRating({ label, kind }: { label: RatingLabel | null; kind: VerdictKind | null }) {
  if (label === null) return <span className="muted">No verdict yet</span>;
  if (kind === 'retraction') return <span className="badge status-retracted">Verdict retracted</span>;
  return <span className={`badge rating rating-${label}`}>{ratingStep(label).name}</span>;
}

/** A source: what it is, the claims it made with their verdicts, and what it published. */
export default async function SourcePage({ params }: Props) {
  const { source, claims, appearances, evidence, history, permissions } = await load(params);

  return (
    <article className="source-page">
      <p className="eyebrow">
        <Link href="/sources">Sources</Link> / {SOURCE_KIND_LABELS[source.kind]}
      </p>
      <h1>{source.name}</h1>

      <div className="source-grid">
        <section aria-labelledby="source-heading" className="panel">
          <h2 id="source-heading">Source</h2>
          <dl className="facts">
            <dt>Kind</dt>
            <dd>{SOURCE_KIND_LABELS[source.kind]}</dd>
            <dt>Website</dt>
            <dd>
              {source.url ? (
                <a href={source.url} rel="noopener noreferrer nofollow" target="_blank" className="source-url">
                  {source.url}
                </a>
              ) : (
                <span className="muted">None recorded</span>
              )}
            </dd>
            <dt>Claims</dt>
            <dd>{formatNumber(source.claimCount)}</dd>
            <dt>Added</dt>
            <dd>
              <time dateTime={source.createdAt}>{formatDate(source.createdAt)}</time>
            </dd>
            {source.notes ? (
              <>
                <dt>Notes</dt>
                <dd className="source-notes">{source.notes}</dd>
              </>
            ) : null}
          </dl>
          {permissions.editSource ? <SourceEditor source={source} /> : null}
        </section>

        <section aria-labelledby="source-claims-heading" className="panel">
          <h2 id="source-claims-heading">Claims</h2>
          {claims.items.length === 0 ? (
            <p className="empty">No claims are attributed to this source.</p>
          ) : (
            <ol className="source-items" aria-label={`Claims by ${source.name}`}>
              {claims.items.map((claim) => (
                <li key={claim.id}>
                  <Link href={`/claims/${claim.id}`} className="claim-statement">
                    {claim.statement}
                  </Link>
                  <p className="claim-meta">
                    <time dateTime={claim.claimedOn}>{formatDate(claim.claimedOn)}</time>
                    <StatusBadge status={claim.status} disputed={claim.disputed} />
                    <span className="source-verdict">
                      Verdict: <VerdictRating label={claim.verdictLabel} kind={claim.verdictKind} />
                    </span>
                  </p>
                </li>
              ))}
            </ol>
          )}
          {claims.more ? (
            <p>
              <Link href={`/claims?claimant=${source.id}`}>
                All {formatNumber(source.claimCount)} claims by {source.name} in the claims list
              </Link>
            </p>
          ) : null}
        </section>

        <section aria-labelledby="source-appearances-heading" className="panel">
          <h2 id="source-appearances-heading">Appearances it published</h2>
          {appearances.items.length === 0 ? (
            <p className="empty">No claim appearances are recorded as published by this source.</p>
          ) : (
            <ol className="source-items" aria-label={`Appearances published by ${source.name}`}>
              {appearances.items.map((appearance) => (
                <li key={appearance.id}>
                  <a href={appearance.url} rel="noopener noreferrer nofollow" target="_blank">
                    {appearance.title}
                  </a>
                  {appearance.publishedOn ? <span className="muted"> · {formatDate(appearance.publishedOn)}</span> : null}
                  <p className="source-item-claim">
                    Of the claim <Link href={`/claims/${appearance.claim.id}`}>{appearance.claim.statement}</Link>
                  </p>
                </li>
              ))}
            </ol>
          )}
          {appearances.more ? <p className="muted">Showing the {appearances.items.length} most recent.</p> : null}
        </section>

        <section aria-labelledby="source-evidence-heading" className="panel">
          <h2 id="source-evidence-heading">Evidence it published</h2>
          {evidence.items.length === 0 ? (
            <p className="empty">No evidence comes from this source’s publications.</p>
          ) : (
            <ol className="source-items" aria-label={`Evidence published by ${source.name}`}>
              {evidence.items.map((item) => (
                <li key={item.id} className={item.retractedAt ? 'is-retracted' : undefined}>
                  <a href={item.url} rel="noopener noreferrer nofollow" target="_blank">
                    {item.title}
                  </a>{' '}
                  <span className="badge">{STANCE_WORDS[item.stance]}</span>
                  {item.retractedAt ? <> <span className="badge status-retracted">Retracted</span></> : null}
                  {item.publishedOn ? <span className="muted"> · {formatDate(item.publishedOn)}</span> : null}
                  <p className="source-item-claim">
                    On the claim <Link href={`/claims/${item.claim.id}`}>{item.claim.statement}</Link>
                  </p>
                </li>
              ))}
            </ol>
          )}
          {evidence.more ? <p className="muted">Showing the {evidence.items.length} most recent.</p> : null}
        </section>

        <section aria-labelledby="source-history-heading" className="panel">
          <h2 id="source-history-heading">History</h2>
          {history.length === 0 ? (
            <p className="empty">No changes recorded.</p>
          ) : (
            <ol className="history">
              {history.map((line) => (
                <li key={line.id}>
                  <time dateTime={line.at}>{timeFormat.format(new Date(line.at))} UTC</time> <span>{line.text}</span>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </article>
  );
}
