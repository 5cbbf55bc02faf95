import Link from 'next/link';
import type { DeskClaimCard, DuplicateState } from '@/lib/claims/duplicates';
import { ratingStep } from '@/lib/review/rating-scale';
import { StatusBadge } from '../../_components/status-badge';
import { MarkDuplicateButton, MarkDuplicateForm, UnmarkDuplicateButton } from './duplicate-forms';

/**
 * "Possible duplicates in this desk": claims merged into this one (each with a way to its own page
 * and history, and to undo the merge), claims that look like it (from matching) with "Mark as
 * duplicate of this", and the form to mark one by number. Other claims show their status and
 * published verdict only, never a rating in progress (blind rating).
 */

function ClaimLine({ card }: { card: DeskClaimCard }) {
  return (
    <p>
      <Link href={`/claims/${card.id}`}>
        Claim {card.id}: {card.statement}
      </Link>{' '}
      <StatusBadge status={card.status} />
      {card.verdictLabel ? <span className="muted"> · published verdict: {ratingStep(card.verdictLabel).name}</span> : null}
    </p>
  );
}

interface Props {
  claimId: number;
  state: DuplicateState;
  /** Desk claims that look like this one (lib/matching), as lib/claims/duplicates.ts deskClaimCards gives them. */
  suggestions: DeskClaimCard[];
}

export function DuplicatesSection({ claimId, state, suggestions }: Props) {
  const merged = new Set(state.mergedHere.map((card) => card.id));
  const suggested = suggestions.filter((card) => card.id !== claimId && !merged.has(card.id) && card.id !== state.duplicateOf?.id);
  return (
    <section aria-labelledby="duplicates-heading" className="panel">
      <h2 id="duplicates-heading">Possible duplicates in this desk</h2>
      {state.mergedHere.length > 0 ? (
        <>
          <h3 id="merged-here-heading">Merged into this claim</h3>
          <ul className="related" aria-labelledby="merged-here-heading">
            {state.mergedHere.map((card) => (
              <li key={card.id}>
                <p>
                  Claim {card.id} was merged here: “{card.statement}”.{' '}
                  <Link href={`/claims/${card.id}?view=duplicate`}>See claim {card.id}’s own page and history</Link>
                </p>
                {state.mayMark ? <UnmarkDuplicateButton duplicateId={card.id} version={card.version} /> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {suggested.length > 0 ? (
        <ul className="related" aria-label="Claims that may be the same">
          {suggested.map((card) => (
            <li key={card.id}>
              <ClaimLine card={card} />
              {state.mayMark && state.duplicateOf === null ? <MarkDuplicateButton claimId={claimId} version={state.version} otherClaimId={card.id} /> : null}
            </li>
          ))}
        </ul>
      ) : state.mergedHere.length === 0 ? (
        <p className="empty">No other claim of the desk looks like this one.</p>
      ) : null}
      {state.mayMark && state.duplicateOf === null ? <MarkDuplicateForm claimId={claimId} version={state.version} /> : null}
    </section>
  );
}

/**
 * At the top of the page: that a claim was merged here (after the redirect from its old address),
 * or, on a duplicate's own page, which claim it was merged into.
 */
export function DuplicateNotice({ claimId, state, mergedFrom }: { claimId: number; state: DuplicateState; mergedFrom: number | null }) {
  if (state.duplicateOf) {
    const kept = state.duplicateOf;
    return (
      <div role="status" className="notice">
        <p>
          This claim is marked a duplicate of <Link href={`/claims/${kept.id}`}>claim {kept.id}</Link>: its appearances and evidence were moved
          there. This page is kept for its history.
        </p>
        {state.mayMark ? <UnmarkDuplicateButton duplicateId={claimId} version={state.version} /> : null}
      </div>
    );
  }
  const from = state.mergedHere.find((card) => card.id === mergedFrom);
  if (!from) return null;
  return (
    <p role="status" className="notice">
      Claim {from.id} was merged here. <Link href={`/claims/${from.id}?view=duplicate`}>See claim {from.id}’s history</Link>.
    </p>
  );
}
