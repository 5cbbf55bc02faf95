import { ratingSpread } from '@/lib/insights/method-note';
import type { RatingProcess } from '@/lib/insights/rating-process';
import { RATING_SCALE, ratingStep } from '@/lib/review/rating-scale';

/**
 * "How the rating was reached", once a verdict is published (lib/insights/rating-process.ts
 * returns nothing before, or to a reviewer blind to the claim's ratings): how many independent
 * assessments, their spread on the scale, how many matched the verdict, and whether a
 * disagreement was resolved.
 */
export function RatingProcessSection({ process }: { process: RatingProcess | null }) {
  if (!process) return null;
  const spread = ratingSpread(process);
  const n = process.assessments;
  return (
    <section aria-labelledby="rating-process-heading" className="panel">
      <h2 id="rating-process-heading">How the rating was reached</h2>
      <dl className="facts">
        <dt>Independent assessments</dt>
        <dd>{n === 0 ? 'None' : `${n}, each given before its reviewer could see the others`}</dd>
        <dt>Spread on the scale</dt>
        <dd>
          {spread === null
            ? 'No rating on the scale'
            : spread.steps === 0
              ? `All at ${ratingStep(spread.highest).name}`
              : `${ratingStep(spread.lowest).name} to ${ratingStep(spread.highest).name} (${spread.steps} ${spread.steps === 1 ? 'step' : 'steps'})`}
        </dd>
        <dt>Matched the verdict ({ratingStep(process.verdict).name})</dt>
        <dd>
          {process.matched} of {n}
        </dd>
        <dt>Disagreement</dt>
        <dd>
          {process.resolvedDisagreements === 0
            ? 'None needed resolving'
            : `${process.resolvedDisagreements} discussed and resolved`}
        </dd>
      </dl>
      <ul className="muted">
        {RATING_SCALE.filter((step) => (process.labels[step.label] ?? 0) > 0).map((step) => (
          <li key={step.label}>
            {step.name}: {process.labels[step.label]}
          </li>
        ))}
      </ul>
    </section>
  );
}
