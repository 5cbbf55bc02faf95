import type { Metadata } from 'next';
import Link from 'next/link';
import { signedInPage } from '@/lib/http/page-context';
import { loadMeasures } from '@/lib/measures/ledger';

export const metadata: Metadata = { title: 'Measures' };

/** Every measure, each linking to its estimate ledger. */
export default async function MeasuresPage() {
  const { actor, db } = await signedInPage();
  const measures = loadMeasures(db, actor);

  return (
    <>
      <h1>Measures</h1>
      <p className="lede">
        A measure is one quantity that several claims state a figure for. Each has an estimate ledger: every figure on
        one log-scale axis, with the same data as a table.
      </p>
      {measures.length === 0 ? (
        <p className="empty">No measures yet. A measure is created when a claim’s figure names one.</p>
      ) : (
        <ul className="claim-list" aria-label="Measures">
          {measures.map((measure) => (
            <li key={measure.id} className="claim-row">
              <Link href={`/measures/${encodeURIComponent(measure.key)}`} className="claim-statement">
                {measure.name}
              </Link>
              <p className="claim-meta">
                <span>
                  {measure.figureCount} {measure.figureCount === 1 ? 'figure' : 'figures'}
                </span>
                <span aria-hidden="true"> · </span>
                <span>unit: {measure.unit}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
