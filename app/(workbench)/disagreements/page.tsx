import type { Metadata } from 'next';
import { signedInPage } from '@/lib/http/page-context';
import { loadDisagreementQueue } from '@/lib/review/disagreement-queue';
import { DisagreementQueue } from '../_components/disagreement-queue';
import '../_components/queues.css';

export const metadata: Metadata = { title: 'Disagreements' };

/** How many the queue shows; past this the oldest are listed and the rest wait their turn. */
const QUEUE_LIMIT = 200;

/** Every open disagreement on the desk, oldest first: the work that holds verdicts back. */
export default async function DisagreementsPage() {
  const { actor, db } = await signedInPage();
  // The queue checks claim:read itself, next to its read.
  const items = loadDisagreementQueue(db, actor, { limit: QUEUE_LIMIT });
  const now = new Date();

  return (
    <>
      <h1>Disagreements</h1>
      <p className="lede">
        Open disagreements, oldest first. A claim with an open disagreement cannot be published until an editor
        resolves it.
      </p>
      {items.length === 0 ? (
        <p className="empty">No open disagreements.</p>
      ) : (
        <>
          <p className="queue-count">
            {items.length === QUEUE_LIMIT
              ? `Showing the ${QUEUE_LIMIT} oldest open disagreements.`
              : `${items.length} open ${items.length === 1 ? 'disagreement' : 'disagreements'}.`}
          </p>
          <DisagreementQueue items={items} now={now} label="Open disagreements" />
        </>
      )}
    </>
  );
}
