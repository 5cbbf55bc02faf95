import Link from 'next/link';
import type { LedgerFigure } from '@/lib/measures/ledger';
import { formatDate, formatQuantity } from '@/lib/display/format';
import { BOUND_LABELS, MODALITY_LABELS, STATUS_LABELS } from '@/lib/display/labels';

/**
 * The chart's data as a table: one row per figure, in the chart's order. On a phone each row is
 * shown as a card (ledger.css); the explicit roles keep the table's semantics when CSS changes
 * how its elements are displayed, which some browsers otherwise drop.
 */
export function LedgerTable({ figures, measureName }: { figures: readonly LedgerFigure[]; measureName: string }) {
  if (figures.length === 0) return <p className="empty">No figures to list.</p>;
  return (
    // Where the table is wider than the screen it scrolls in its own focusable region, not the page.
    <div className="ledger-table-scroll" role="region" aria-labelledby="ledger-table-caption" tabIndex={0}>
      <table className="ledger-table" role="table">
        <caption id="ledger-table-caption">Every figure for {measureName}, by as-of date</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">Claimant</th>
            <th scope="col" role="columnheader">Figure</th>
            <th scope="col" role="columnheader">Bound</th>
            <th scope="col" role="columnheader">Modality</th>
            <th scope="col" role="columnheader">As of</th>
            <th scope="col" role="columnheader">Quote</th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {figures.map((figure) => (
            <tr key={figure.claimId} role="row">
              <th scope="row" role="rowheader">
                <Link href={`/claims/${figure.claimId}`}>{figure.claimant.name}</Link>
                <span className="ledger-cell-note muted">
                  Claim {figure.claimId} · {STATUS_LABELS[figure.status]}
                </span>
              </th>
              <td className="ledger-figure-cell" role="cell" data-label="Figure">{formatQuantity(figure)}</td>
              <td className="ledger-nowrap" role="cell" data-label="Bound">{BOUND_LABELS[figure.bound]}</td>
              <td role="cell" data-label="Modality">{MODALITY_LABELS[figure.modality]}</td>
              <td role="cell" data-label="As of">
                {figure.asOf ? (
                  <time dateTime={figure.asOf}>{formatDate(figure.asOf)}</time>
                ) : (
                  <span className="muted">
                    Unknown (stated <time dateTime={figure.claimedOn}>{formatDate(figure.claimedOn)}</time>)
                  </span>
                )}
              </td>
              <td className="ledger-quote-cell" role="cell" data-label="Quote">
                {figure.quote ? (
                  <blockquote cite={figure.appearanceUrl ?? undefined}>
                    <p>{figure.quote}</p>
                  </blockquote>
                ) : (
                  <span className="muted">No quote recorded</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
