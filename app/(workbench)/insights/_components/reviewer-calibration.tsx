import type { Calibration } from '@/lib/insights/calibration';
import type { ReviewerCalibration } from '@/lib/insights/insights-page';
import { RATING_SCALE } from '@/lib/review/rating-scale';
import { ReliabilityDiagram } from './reliability-diagram';

const share = (part: number, whole: number) => (whole === 0 ? '—' : `${Math.round((part / whole) * 100)}%`);
const signed = (value: number | null) => (value === null ? '—' : `${value > 0 ? '+' : ''}${value.toFixed(2)}`);
const fixed = (value: number | undefined) => (value === undefined ? '—' : value.toFixed(3));

/** One line per reviewer (and the team): the figures that say whether confidence is honest. */
export function CalibrationTable({ rows, caption }: { rows: readonly { name: string; calibration: Calibration }[]; caption: string }) {
  return (
    <table className="data-table insights-calibration-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Reviewer</th>
          <th scope="col">Rated</th>
          <th scope="col">Exact</th>
          <th scope="col">Within one step</th>
          <th scope="col">Bias (steps)</th>
          <th scope="col">Brier</th>
          <th scope="col">Reliability</th>
          <th scope="col">Resolution</th>
          <th scope="col">Uncertainty</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ name, calibration: c }) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td>{c.count}</td>
            <td>{share(c.exact, c.count)}</td>
            <td>{share(c.withinOne, c.count)}</td>
            <td>{signed(c.bias)}</td>
            <td>{fixed(c.brier?.score)}</td>
            <td>{fixed(c.brier?.reliability)}</td>
            <td>{fixed(c.brier?.resolution)}</td>
            <td>{fixed(c.brier?.uncertainty)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ConfusionMatrix({ calibration, who }: { calibration: Calibration; who: string }) {
  return (
    <table className="data-table insights-confusion">
      <caption>Ratings by {who} (rows) against the published verdict (columns)</caption>
      <thead>
        <tr>
          <th scope="col">Rated \ Verdict</th>
          {RATING_SCALE.map((step) => (
            <th key={step.label} scope="col">
              {step.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {RATING_SCALE.map((row) => (
          <tr key={row.label}>
            <th scope="row">{row.name}</th>
            {RATING_SCALE.map((column) => (
              <td key={column.label}>{calibration.confusion[row.label][column.label] || ''}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A reviewer's reliability diagram and confusion matrix. */
export function ReviewerDetails({ reviewer, headingLevel = 3 }: { reviewer: ReviewerCalibration; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const id = `reviewer-${reviewer.reviewerId}`;
  return (
    <section aria-labelledby={`${id}-heading`} className="insights-reviewer">
      <Heading id={`${id}-heading`}>{reviewer.name}</Heading>
      {reviewer.calibration.count === 0 ? (
        <p className="empty">No ratings of claims with a published verdict in this period.</p>
      ) : (
        <div className="insights-reviewer-grid">
          <ReliabilityDiagram bins={reviewer.calibration.bins} id={id} who={reviewer.name} />
          <ConfusionMatrix calibration={reviewer.calibration} who={reviewer.name} />
        </div>
      )}
    </section>
  );
}
