import Link from 'next/link';
import type { QueuedDisagreement } from '@/lib/review/disagreement-queue';
import { BLIND_MANUAL_REASON, BLIND_REASON, DISAGREEMENT_KIND_LABELS, OpenedLine } from './disagreement-text';

interface Props {
  items: QueuedDisagreement[];
  now: Date;
  /** The list's accessible name. */
  label: string;
}

/** Open disagreements as a queue: the claim, the kind, why it opened (unless blind), and its age. */
export function DisagreementQueue({ items, now, label }: Props) {
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
          </p>
          {d.reason === null ? (
            <p className="blind-note">{d.openedByName === null ? BLIND_REASON : BLIND_MANUAL_REASON}</p>
          ) : (
            <p className="queue-reason">{d.reason}</p>
          )}
          {d.relatedClaimId !== null ? (
            <p className="queue-related">
              Related claim: <Link href={`/claims/${d.relatedClaimId}`}>{d.relatedStatement ?? `Claim ${d.relatedClaimId}`}</Link>
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
