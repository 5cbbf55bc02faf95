import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { signedInPage } from '@/lib/http/page-context';
import { loadMeasureLedger } from '@/lib/measures/ledger';
import { LedgerChart } from './_components/ledger-chart';
import { LedgerComparisons } from './_components/ledger-comparisons';
import { LedgerTable } from './_components/ledger-table';
import '../ledger.css';

interface Props {
  params: Promise<{ key: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { key } = await params;
  return { title: `Estimate ledger: ${key.slice(0, 80)}` };
}

/**
 * The estimate ledger: every figure for one measure, drawn on one log-scale axis and tabulated with
 * the same data, so figures of different modality or as-of date sit side by side without being counted
 * as contradicting each other.
 */
export default async function MeasurePage({ params }: Props) {
  const { actor, db } = await signedInPage();
  const { key } = await params;
  const ledger = loadMeasureLedger(db, actor, key);
  if (!ledger) notFound();
  const { measure, figures, links } = ledger;
  const claimants = new Set(figures.map((f) => f.claimant.id)).size;

  return (
    <article className="ledger">
      <p className="eyebrow">
        <Link href="/measures">Measures</Link> / Estimate ledger
      </p>
      <h1>{measure.name}</h1>
      <p className="lede">
        {figures.length} {figures.length === 1 ? 'figure' : 'figures'} in {measure.unit} from {claimants}{' '}
        {claimants === 1 ? 'claimant' : 'claimants'}. Each figure says what kind it is (a reported count, an estimate or
        a projection); figures of different kinds or as-of dates are not directly comparable and are never counted as
        contradicting each other.
      </p>

      <section aria-labelledby="chart-heading" className="panel">
        <h2 id="chart-heading">Figures on one axis</h2>
        <LedgerChart figures={figures} measureName={measure.name} unit={measure.unit} />
      </section>

      <section aria-labelledby="comparisons-heading" className="panel">
        <h2 id="comparisons-heading">Comparisons</h2>
        <LedgerComparisons figures={figures} links={links} />
      </section>

      <section aria-labelledby="table-heading" className="panel">
        <h2 id="table-heading">Figures</h2>
        <LedgerTable figures={figures} measureName={measure.name} />
      </section>
    </article>
  );
}
