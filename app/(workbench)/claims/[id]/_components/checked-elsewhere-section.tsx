import type { FactcheckSummary, LinkedFactcheck } from '@/lib/claims/factcheck-links';
import { formatDate } from '@/lib/display/format';
import { ratingStep } from '@/lib/review/rating-scale';
import { LinkFactcheckButton, LinkFactcheckByUrl, UnlinkFactcheckButton } from './factcheck-forms';

/**
 * "Checked elsewhere": fact-checks other organisations published about this claim, linked by the
 * desk, and suggested ones (from matching) to link. Other organisations' ratings are public, so
 * blind reviewers see them too; nothing here comes from the desk's own ratings.
 */

function mappedLabel(label: FactcheckSummary['mappedLabel']): string | null {
  if (label === null) return null;
  if (label === 'no_equivalent') return 'no equivalent on our scale';
  return ratingStep(label).name;
}

function publisherOf(item: FactcheckSummary): string {
  return item.publisherName || item.publisherSite || 'Unknown publisher';
}

function FactcheckCard({ item }: { item: FactcheckSummary }) {
  const ours = mappedLabel(item.mappedLabel);
  return (
    <>
      <p className="factcheck-title">
        <strong>{publisherOf(item)}</strong>:{' '}
        <a href={item.url} target="_blank" rel="noopener noreferrer">
          {item.title || item.claimText}
          <span className="visually-hidden"> (opens in a new tab)</span>
        </a>
      </p>
      {item.title && item.claimText && item.title !== item.claimText ? (
        <p className="muted">
          Claim reviewed: “{item.claimText}”{item.claimant ? ` (${item.claimant})` : ''}
        </p>
      ) : null}
      <p className="muted">
        Rated <span className="badge">{item.ratingText || 'no rating given'}</span>
        {ours ? <> · on our scale: {ours}</> : null}
        {item.reviewDate ? (
          <>
            {' '}
            · reviewed <time dateTime={item.reviewDate}>{formatDate(item.reviewDate)}</time>
          </>
        ) : null}
      </p>
    </>
  );
}

interface Props {
  claimId: number;
  data: { linked: LinkedFactcheck[]; mayLink: boolean };
  /** Fact-checks that look like this claim (lib/matching); already-linked ones are left out here. */
  suggestions: FactcheckSummary[];
}

export function CheckedElsewhereSection({ claimId, data, suggestions }: Props) {
  const linkedIds = new Set(data.linked.map((item) => item.id));
  const suggested = suggestions.filter((item) => !linkedIds.has(item.id));
  return (
    <section aria-labelledby="checked-elsewhere-heading" className="panel">
      <h2 id="checked-elsewhere-heading">Checked elsewhere</h2>
      {data.linked.length === 0 ? (
        <p className="empty">No fact-check by another organisation is linked yet.</p>
      ) : (
        <ul className="factchecks" aria-label="Linked fact-checks">
          {data.linked.map((item) => (
            <li key={item.id}>
              <FactcheckCard item={item} />
              <p className="muted">
                Linked{item.linkedBy ? ` by ${item.linkedBy}` : ''} on <time dateTime={item.linkedAt}>{formatDate(item.linkedAt.slice(0, 10))}</time>
              </p>
              {data.mayLink ? <UnlinkFactcheckButton claimId={claimId} factcheckId={item.id} publisher={publisherOf(item)} /> : null}
            </li>
          ))}
        </ul>
      )}
      {suggested.length > 0 ? (
        <>
          <h3 id="suggested-factchecks-heading">Suggested</h3>
          <ul className="factchecks" aria-labelledby="suggested-factchecks-heading">
            {suggested.map((item) => (
              <li key={item.id}>
                <FactcheckCard item={item} />
                {data.mayLink ? <LinkFactcheckButton claimId={claimId} factcheckId={item.id} publisher={publisherOf(item)} /> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {data.mayLink ? <LinkFactcheckByUrl claimId={claimId} /> : null}
    </section>
  );
}
