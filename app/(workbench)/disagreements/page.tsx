import type { Metadata } from 'next';
import { getDb } from '@/db/client';
import { requireUser, userActor } from '@/lib/auth/session';
import { loadDisagreementQueue } from '@/lib/review/disagreement-queue';
import { assertCan } from '@/lib/auth/permissions';
import { DisagreementQueue } from '../_components/disagreement-queue';
import '../_components/queues.css';

export const metadata: Metadata = { title: 'Disagreements' };

/** How many the queue shows; past this the oldest are listed and the rest wait their turn. */
const QUEUE_LIMIT = 200;

/** Every open disagreement on the desk, oldest first: the work that holds verdicts back. */
export default async function DisagreementsPage() {
  const actor = userActor(await requireUser());
  assertCan(actor, 'claim:read');
  const items = loadDisagreementQueue(getDb(), actor, { limit: QUEUE_LIMIT });
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
