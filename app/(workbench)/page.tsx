import type { Metadata } from 'next';
import Link from 'next/link';
import { formatDate } from '@/lib/display/format';
import { signedInPage } from '@/lib/http/page-context';
import { loadDesk } from '@/lib/review/desk';
import { ratingStep } from '@/lib/review/rating-scale';
import { CLAIM_STATUSES, type ClaimStatus } from '@/lib/vocabulary';
import { DisagreementQueue } from './_components/disagreement-queue';
import { StatusBadge } from './claims/_components/status-badge';
import './_components/queues.css';

export const metadata: Metadata = { title: 'Your desk' };

const VERDICT_KIND_MARKS: Record<string, string> = { correction: 'Corrected', retraction: 'Retracted' };

function isClaimStatus(value: string): value is ClaimStatus {
  return (CLAIM_STATUSES as readonly string[]).includes(value);
}

/** The home queue: what needs this person's rating, the arguments they are in, what went out lately. */
export default async function DeskPage() {
  const { actor, db } = await signedInPage();
  const { awaiting, disagreements, recent } = loadDesk(db, actor);
  const now = new Date();

  return (
    <div className="desk">
      <h1>Your desk</h1>

      <section aria-labelledby="awaiting-heading" className="panel desk-section">
        <h2 id="awaiting-heading">Awaiting your assessment</h2>
        {awaiting.length === 0 ? (
          <p className="empty">Nothing is waiting for your rating.</p>
        ) : (
          <ol className="queue-list plain" aria-labelledby="awaiting-heading">
            {awaiting.map((claim) => (
              <li key={claim.id} className="queue-item">
                <Link href={`/claims/${claim.id}`} className="claim-statement">
                  {claim.statement}
                </Link>
                <p className="queue-meta">
                  <span>
                    Made <time dateTime={claim.claimedOn}>{formatDate(claim.claimedOn)}</time>
                  </span>
                  {isClaimStatus(claim.status) ? <StatusBadge status={claim.status} /> : null}
                </p>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="my-disagreements-heading" className="panel desk-section">
        <h2 id="my-disagreements-heading">Open disagreements you are part of</h2>
        {disagreements.length === 0 ? (
          <p className="empty">You are not part of any open disagreement.</p>
        ) : (
          <DisagreementQueue items={disagreements} now={now} label="Open disagreements you are part of" />
        )}
        <p className="section-more">
          <Link href="/disagreements">All open disagreements</Link>
        </p>
      </section>

      <section aria-labelledby="recent-heading" className="panel desk-section">
        <h2 id="recent-heading">Recently published</h2>
        {recent.length === 0 ? (
          <p className="empty">No verdicts published yet.</p>
        ) : (
          <ol className="queue-list plain" aria-labelledby="recent-heading">
            {recent.map((verdict) => {
              const mark = VERDICT_KIND_MARKS[verdict.kind];
              return (
                <li key={verdict.claimId} className="queue-item">
                  <Link href={`/claims/${verdict.claimId}`} className="claim-statement">
                    {verdict.statement}
                  </Link>
                  <p className="verdict-headline">
                    <span className={`badge rating rating-${verdict.label}`}>{ratingStep(verdict.label).name}</span>{' '}
                    {verdict.headline}
                  </p>
                  <p className="queue-meta">
                    {mark ? <span className={`badge verdict-${verdict.kind}`}>{mark}</span> : null}
                    <time dateTime={verdict.publishedAt}>{formatDate(verdict.publishedAt)}</time>
                  </p>
                </li>
              );
            })}
          </ol>
        )}
      </section>
    </div>
  );
}
