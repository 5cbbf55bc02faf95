import Link from 'next/link';
import { formatDate } from '@/lib/display/format';
import type { ClaimPageData } from '@/lib/claims/claim-page';
import { latestToday } from '@/lib/validation/fields';
import { ASSESSMENT_ANCHOR } from './claim-summary';
import { EvidenceAdder, EvidenceEditor } from './evidence-form';
import { RetractEvidenceDisclosure } from './retract-evidence-form';
import { STANCE_EMPTY, STANCE_LABELS, STANCES } from './stance';
import './evidence.css';

type EvidenceItem = ClaimPageData['evidence'][number];

/** The W3C text-quote selector as a reader sees it: the exact words, in their surrounding text. */
function QuoteSelector({ item }: { item: EvidenceItem }) {
  if (!item.quoteExact) return null;
  return (
    <blockquote cite={item.url} className="evidence-quote">
      <p>
        {item.quotePrefix ? <span className="evidence-quote-context">…{item.quotePrefix} </span> : null}
        <mark>{item.quoteExact}</mark>
        {item.quoteSuffix ? <span className="evidence-quote-context"> {item.quoteSuffix}…</span> : null}
      </p>
    </blockquote>
  );
}

function EvidenceEntry({ item, mayChange, today }: { item: EvidenceItem; mayChange: boolean; today: string }) {
  const retracted = item.retractedAt !== null;
  const titleId = `evidence-item-${item.id}-heading`;
  return (
    <li className={`evidence-item${retracted ? ' is-retracted' : ''}`}>
      <article aria-labelledby={titleId}>
        {retracted ? (
          <p className="evidence-retraction">
            <strong className="badge evidence-retracted-badge">Retracted</strong>{' '}
            <span>
              on <time dateTime={item.retractedAt ?? undefined}>{formatDate(item.retractedAt)}</time>. Reason: {item.retractionReason}
            </span>
          </p>
        ) : null}
        <h4 id={titleId} className="evidence-title">
          <a href={item.url} rel="noopener noreferrer nofollow" target="_blank">
            {item.title}
          </a>
        </h4>
        <p className="evidence-meta">
          {item.publisherId !== null && item.publisherName !== null ? (
            <Link href={`/sources/${item.publisherId}`}>{item.publisherName}</Link>
          ) : (
            'Publisher not listed'
          )}{' '}
          ·{' '}
          {item.publishedOn ? <time dateTime={item.publishedOn}>{formatDate(item.publishedOn)}</time> : 'date unknown'}
        </p>
        <QuoteSelector item={item} />
        {item.note ? <p className="evidence-note">{item.note}</p> : null}
        <p className="evidence-byline">
          Added by {item.addedByName} on <time dateTime={item.createdAt}>{formatDate(item.createdAt)}</time>
          {!retracted && item.version > 1 ? (
            <>
              {' '}
              · edited <time dateTime={item.updatedAt}>{formatDate(item.updatedAt)}</time>
            </>
          ) : null}
        </p>
        {mayChange ? (
          <div className="evidence-actions">
            <EvidenceEditor evidence={item} today={today} />
            <RetractEvidenceDisclosure evidenceId={item.id} version={item.version} />
          </div>
        ) : null}
      </article>
    </li>
  );
}

/** Evidence by stance, each item with its quote; the actor's own (or, for editors, any) can be changed. */
export function EvidenceSection({ data }: { data: ClaimPageData }) {
  const { evidence, permissions, claim } = data;
  const today = latestToday();
  const mayChange = (item: EvidenceItem) =>
    item.retractedAt === null && (permissions.editAnyEvidence || (permissions.actorId !== null && item.addedBy === permissions.actorId));
  const closed = claim.status === 'retracted';
  // As the assessments section decides whether to show its form.
  const mayRate = permissions.actorId !== null && claim.status !== 'published';

  return (
    <section aria-labelledby="evidence-heading" className="panel evidence">
      <h2 id="evidence-heading">Evidence</h2>
      {evidence.length === 0 ? (
        <p className="empty">No evidence attached yet.</p>
      ) : (
        STANCES.map((stance) => {
          const items = evidence.filter((item) => item.stance === stance);
          const headingId = `evidence-${stance}-heading`;
          return (
            <section key={stance} aria-labelledby={headingId} className={`evidence-group evidence-group-${stance}`}>
              <h3 id={headingId}>{STANCE_LABELS[stance]}</h3>
              {items.length === 0 ? (
                <p className="empty">{STANCE_EMPTY[stance]}</p>
              ) : (
                <ul className="evidence-list">
                  {items.map((item) => (
                    <EvidenceEntry key={item.id} item={item} mayChange={mayChange(item)} today={today} />
                  ))}
                </ul>
              )}
            </section>
          );
        })
      )}
      {closed ? (
        <p className="muted">This claim’s verdict was retracted; no more evidence can be added.</p>
      ) : (
        <>
          {/* The open evidence form is many fields long: a keyboard reaches the rating without them. */}
          {mayRate ? (
            <p className="skip-ahead">
              <a href={`#${ASSESSMENT_ANCHOR}`}>Skip to your assessment</a>
            </p>
          ) : null}
          <EvidenceAdder claimId={claim.id} today={today} defaultOpen={evidence.length === 0} />
        </>
      )}
    </section>
  );
}
