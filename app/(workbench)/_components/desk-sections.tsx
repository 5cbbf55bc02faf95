import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatDate } from '@/lib/display/format';
import { headlineBesideRating } from '@/lib/display/verdict-headline';
import { COUNT_CAP, type Desk, type DeskDisagreement, type NextStep } from '@/lib/review/desk';
import { ratingStep } from '@/lib/review/rating-scale';
import { CLAIM_STATUSES, type ClaimStatus } from '@/lib/vocabulary';
import { StatusBadge } from '../claims/_components/status-badge';
import { BLIND_MANUAL_REASON, BLIND_REASON, DISAGREEMENT_KIND_LABELS, OpenedLine } from './disagreement-text';

function isClaimStatus(value: string): value is ClaimStatus {
  return (CLAIM_STATUSES as readonly string[]).includes(value);
}

/** "12", or "1,000+" past the cap the desk counts to. */
function countText(total: number): string {
  return total > COUNT_CAP ? `${COUNT_CAP.toLocaleString('en-GB')}+` : String(total);
}

interface SectionProps {
  id: string;
  title: string;
  total: number;
  shown: number;
  empty: string;
  more?: ReactNode;
  children: ReactNode;
}

/** One desk section: its heading with the count, its list (or why it is empty), and a way on. */
export function DeskSection({ id, title, total, shown, empty, more, children }: SectionProps) {
  return (
    <section aria-labelledby={id} className="panel desk-section">
      <h2 id={id}>
        {title} <span className="desk-count">({countText(total)})</span>
      </h2>
      {total === 0 ? <p className="empty">{empty}</p> : children}
      {total > shown ? (
        <p className="section-more">
          Showing {shown} of {countText(total)}. {more}
        </p>
      ) : more ? (
        <p className="section-more">{more}</p>
      ) : null}
    </section>
  );
}

type ClaimRow = { id: number; statement: string; status: string; claimedOn: string };

/** Claims as a desk list: the statement (a link to the claim), when it was made, its status, and a note. */
export function ClaimList({ label, claims, note }: { label: string; claims: ClaimRow[]; note?: (claim: ClaimRow) => ReactNode }) {
  return (
    <ol className="queue-list plain" aria-label={label}>
      {claims.map((claim) => (
        <li key={claim.id} className="queue-item">
          <Link href={`/claims/${claim.id}`} className="claim-statement">
            {claim.statement}
          </Link>
          <p className="queue-meta">
            <span>
              Made <time dateTime={claim.claimedOn}>{formatDate(claim.claimedOn)}</time>
            </span>
            {isClaimStatus(claim.status) ? <StatusBadge status={claim.status} /> : null}
            {note ? note(claim) : null}
          </p>
        </li>
      ))}
    </ol>
  );
}

const NEXT_STEP_WORDS: Record<NextStep, string> = {
  resolve: 'Next: read the views and resolve it',
  'await-views': 'Next: waiting for the reviewers’ views (or add yours, or resolve it)',
  'add-view': 'Next: add your view',
  'rate-first': 'Next: rate the claim, then add your view',
  'await-editor': 'Next: waiting for the editor',
};

/** Open disagreements as desk cards: the claim, the kind, why (unless blind), the next step and the comment count. */
export function DeskDisagreements({ label, items, now }: { label: string; items: DeskDisagreement[]; now: Date }) {
  return (
    <ol className="queue-list" aria-label={label}>
      {items.map((d) => (
        <li key={d.id} className="queue-item">
          <Link href={`/claims/${d.claimId}#disagreements-heading`} className="claim-statement">
            {d.statement}
          </Link>
          <p className="queue-meta">
            <span className={`badge kind-${d.kind}`}>{DISAGREEMENT_KIND_LABELS[d.kind]}</span>{' '}
            <span>
              <OpenedLine openedAt={d.openedAt} openedByName={d.openedByName} now={now} sentence />
            </span>
            <span className="comment-count">
              {d.comments} {d.comments === 1 ? 'comment' : 'comments'}
            </span>
          </p>
          {d.reason === null ? (
            <p className="blind-note">{d.openedByName === null ? BLIND_REASON : BLIND_MANUAL_REASON}</p>
          ) : (
            <p className="queue-reason">{d.reason}</p>
          )}
          <p className={`next-step next-${d.nextStep}`}>{NEXT_STEP_WORDS[d.nextStep]}</p>
        </li>
      ))}
    </ol>
  );
}

/** The verdicts that went out lately, the rating once (as the badge), the headline after it. */
export function RecentVerdicts({ items }: { items: Desk['recent'] }) {
  return (
    <ol className="queue-list plain" aria-label="Recently published">
      {items.map((verdict) => {
        const rating = ratingStep(verdict.label).name;
        return (
          <li key={verdict.claimId} className="queue-item">
            <Link href={`/claims/${verdict.claimId}`} className="claim-statement">
              {verdict.statement}
            </Link>
            <p className="verdict-headline">
              <span className={`badge rating rating-${verdict.label}`}>{rating}</span> {headlineBesideRating(verdict.headline, rating)}
            </p>
            <p className="queue-meta">
              {verdict.kind === 'correction' ? <span className="badge verdict-correction">Corrected</span> : null}
              {verdict.kind === 'retraction' ? <span className="badge verdict-retraction">Retracted</span> : null}
              <time dateTime={verdict.publishedAt}>{formatDate(verdict.publishedAt)}</time>
              <Link href={`/verdicts/${verdict.claimId}`}>Public page</Link>
            </p>
          </li>
        );
      })}
    </ol>
  );
}
