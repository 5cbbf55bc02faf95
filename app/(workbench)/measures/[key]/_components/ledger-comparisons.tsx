import type { LedgerFigure, LedgerLink } from '@/lib/measures/ledger';
import { explainIncomparability } from '@/lib/display/figure-words';
import { formatDate, formatQuantity } from '@/lib/display/format';
import { MODALITY_LABELS } from '@/lib/display/labels';
import { compareFigures, describeComparison, findContradictions } from '@/lib/review/figures';

type Verdict = 'contradiction' | 'incomparable' | 'overlap';

/** More pairs than this that need no action fold away, so a long ledger keeps its table in reach. */
const COLLAPSE_AFTER = 3;

const BADGES: Record<Verdict, string> = {
  contradiction: 'Contradiction',
  incomparable: 'Not comparable',
  overlap: 'Overlap',
};

/** The claimant's name, with the claim id when two figures share a claimant. */
function figureName(figure: LedgerFigure, all: readonly LedgerFigure[]): string {
  const shared = all.some((other) => other.claimId !== figure.claimId && other.claimant.name === figure.claimant.name);
  return shared ? `${figure.claimant.name} (claim ${figure.claimId})` : figure.claimant.name;
}

function figureSummary(figure: LedgerFigure): string {
  const when = figure.asOf ? `as of ${formatDate(figure.asOf)}` : 'as-of date unknown';
  return `${formatQuantity(figure)} (${MODALITY_LABELS[figure.modality].toLowerCase()}, ${when})`;
}

/**
 * Every pair of figures, compared by the workflow's rules: figures whose modality, unit or as-of
 * date differ are "not directly comparable" rather than contradictory, as they may both be right.
 */
export function LedgerComparisons({ figures, links }: { figures: readonly LedgerFigure[]; links: readonly LedgerLink[] }) {
  if (figures.length < 2) return <p className="empty">A comparison needs at least two figures.</p>;
  const contradictions = new Set(findContradictions(figures).map((c) => `${c.a}:${c.b}`));
  const pairs = figures.flatMap((a, i) =>
    figures.slice(i + 1).map((b) => {
      const comparison = compareFigures(a, b);
      const key = `${Math.min(a.claimId, b.claimId)}:${Math.max(a.claimId, b.claimId)}`;
      const verdict: Verdict = contradictions.has(key)
        ? 'contradiction'
        : comparison.comparable
          ? 'overlap'
          : 'incomparable';
      const notes = links
        .filter((l) => (l.fromClaimId === a.claimId && l.toClaimId === b.claimId) || (l.fromClaimId === b.claimId && l.toClaimId === a.claimId))
        .map((l) => l.note);
      const why = explainIncomparability({ ...a, name: figureName(a, figures) }, { ...b, name: figureName(b, figures) }, notes);
      return { a, b, key, verdict, text: describeComparison(comparison), why } satisfies Pair;
    }),
  );
  const flagged = pairs.filter((pair) => pair.verdict === 'contradiction');
  const others = pairs.filter((pair) => pair.verdict !== 'contradiction');
  const counts = { contradiction: flagged.length, incomparable: 0, overlap: 0 };
  for (const pair of others) counts[pair.verdict] += 1;

  return (
    <>
      <p className="ledger-comparison-summary">
        {pairs.length} {pairs.length === 1 ? 'pair' : 'pairs'}: {counts.contradiction}{' '}
        {counts.contradiction === 1 ? 'contradiction' : 'contradictions'}, {counts.incomparable} not directly
        comparable, {counts.overlap} overlapping.
      </p>
      {/* Contradictions come first and always show: they are what a desk has to act on. */}
      {flagged.length > 0 ? <PairList pairs={flagged} figures={figures} /> : null}
      {others.length > COLLAPSE_AFTER ? (
        <details className="ledger-comparison-more">
          <summary>
            Show the {others.length} {flagged.length > 0 ? 'other pairs' : 'pairs'} (not directly comparable or
            overlapping)
          </summary>
          <PairList pairs={others} figures={figures} />
        </details>
      ) : others.length > 0 ? (
        <PairList pairs={others} figures={figures} />
      ) : null}
    </>
  );
}

interface Pair {
  a: LedgerFigure;
  b: LedgerFigure;
  key: string;
  verdict: Verdict;
  text: string;
  /** Why the two are not comparable, in plain words; empty when they are. */
  why: string[];
}

function PairList({ pairs, figures }: { pairs: readonly Pair[]; figures: readonly LedgerFigure[] }) {
  return (
    <ul className="ledger-comparisons">
      {pairs.map((pair) => (
        <li key={pair.key} className={`ledger-comparison ${pair.verdict}`}>
          <p>
            <span className={`badge comparison-${pair.verdict}`}>{BADGES[pair.verdict]}</span>{' '}
            {pair.verdict === 'contradiction' ? <strong>{sentence(pair, figures)}</strong> : sentence(pair, figures)}
          </p>
          {pair.why.map((sentence) => (
            <p key={sentence} className="ledger-why">
              {sentence}
            </p>
          ))}
          <p className="muted">
            {figureName(pair.a, figures)}: {figureSummary(pair.a)} · {figureName(pair.b, figures)}:{' '}
            {figureSummary(pair.b)}
          </p>
        </li>
      ))}
    </ul>
  );
}

function sentence(pair: Pair, all: readonly LedgerFigure[]): string {
  return `${figureName(pair.a, all)} vs ${figureName(pair.b, all)}: ${pair.text}`;
}
