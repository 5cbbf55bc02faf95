import { alphaText } from '@/lib/insights/charts';
import type { AgreementGroup, AlphaSummary } from '@/lib/insights/insights-page';

function Figure({ title, hint, summary }: { title: string; hint: string; summary: AlphaSummary }) {
  return (
    <div className="insights-figure">
      <h3>{title}</h3>
      <p className="insights-alpha" data-testid={`alpha-${title.split(' ')[0]!.toLowerCase()}`}>
        α = {alphaText(summary)}
      </p>
      <p className="muted">
        {summary.interval
          ? `95% interval ${summary.interval.low.toFixed(3)} to ${summary.interval.high.toFixed(3)}`
          : 'No interval: too few claims or too little variation.'}
      </p>
      <p className="muted">
        {summary.units} {summary.units === 1 ? 'claim' : 'claims'}, {summary.pairable} pairable ratings. {hint}
      </p>
    </div>
  );
}

/** The team's two alphas with their intervals and counts. */
export function AgreementSummary({ nominal, ordinal }: { nominal: AlphaSummary; ordinal: AlphaSummary }) {
  return (
    <div className="insights-figures">
      <Figure title="Nominal agreement" hint="Over the six labels; any two different labels disagree equally." summary={nominal} />
      <Figure title="Ordinal agreement" hint="Over the five steps of the scale; unverifiable counts as missing." summary={ordinal} />
    </div>
  );
}

/** Alpha per group (claimant kind, measure) as a table. */
export function AgreementTable({ caption, groups, groupName }: { caption: string; groups: readonly AgreementGroup[]; groupName: string }) {
  if (groups.length === 0) return <p className="empty">No claims with two or more ratings to group.</p>;
  return (
    <table className="data-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{groupName}</th>
          <th scope="col">Claims</th>
          <th scope="col">Nominal α</th>
          <th scope="col">Ordinal α</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((group) => (
          <tr key={group.key}>
            <th scope="row">{group.name}</th>
            <td>{group.claims}</td>
            <td>{alphaText(group.nominal)}</td>
            <td>{alphaText(group.ordinal)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
