import type { Metadata } from 'next';
import Link from 'next/link';
import { loadInsights } from '@/lib/insights/insights-page';
import { signedInPage } from '@/lib/http/page-context';
import { can } from '@/lib/auth/permissions';
import { formatDate } from '@/lib/display/format';
import { INSIGHT_PERIODS, InsightsQuery, type InsightPeriod } from '@/lib/validation/insights';
import { AgreementSummary, AgreementTable } from './_components/agreement-summary';
import { AlphaTrendChart } from './_components/alpha-trend-chart';
import { CalibrationTable, ReviewerDetails } from './_components/reviewer-calibration';
import './insights.css';

export const metadata: Metadata = { title: 'Insights' };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const PERIOD_NAMES: Record<InsightPeriod, string> = {
  all: 'All time',
  '365d': 'Last 12 months',
  '90d': 'Last 90 days',
  '30d': 'Last 30 days',
};

/**
 * How far the desk's ratings can be trusted: agreement between reviewers beyond chance and each
 * reviewer's calibration against published verdicts. Editors and admins see the team; a reviewer
 * sees only their own calibration (lib/insights/insights-page.ts decides, beside the reads).
 */
export default async function InsightsPage({ searchParams }: Props) {
  const { actor, db } = await signedInPage('insights:read');
  const { period } = InsightsQuery.parse(await searchParams);
  const data = loadInsights(db, actor, { period });
  const { team } = data;
  const periodText = data.since ? `ratings given since ${formatDate(data.since.slice(0, 10))}` : 'every rating';

  return (
    <div className="insights">
      <h1>Insights</h1>
      <p className="lede">
        {team
          ? 'Do our reviewers agree beyond chance, and is each reviewer’s confidence honest? Agreement counts every claim with two or more current ratings; calibration compares ratings with published verdicts.'
          : 'How your ratings compare with the verdicts the desk published: whether your confidence matches how often you were right. Only you and the editors see these figures.'}
      </p>

      <form action="/insights" method="get" className="form insights-period" aria-label="Period">
        <div className="field">
          <label htmlFor="period">Period</label>
          <select id="period" name="period" defaultValue={period}>
            {INSIGHT_PERIODS.map((value) => (
              <option key={value} value={value}>
                {PERIOD_NAMES[value]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          Show
        </button>
      </form>
      <p className="muted">Showing {periodText}.</p>

      {team ? (
        <>
          <section aria-labelledby="agreement-heading" className="panel">
            <h2 id="agreement-heading">Agreement between reviewers</h2>
            <p className="muted">
              Krippendorff’s alpha over {team.claims} {team.claims === 1 ? 'claim' : 'claims'} with two or more current ratings: 1 is
              perfect agreement, 0 is what chance alone would give. The interval resamples claims (1,000 times, the same each time).
            </p>
            <AgreementSummary nominal={team.nominal} ordinal={team.ordinal} />
          </section>
          <section aria-labelledby="trend-heading" className="panel">
            <h2 id="trend-heading">Agreement by month</h2>
            <AlphaTrendChart months={team.months} />
          </section>
          <section aria-labelledby="kind-heading" className="panel">
            <h2 id="kind-heading">By claimant kind</h2>
            <AgreementTable caption="Alpha by the kind of claimant" groupName="Claimant kind" groups={team.byKind} />
          </section>
          <section aria-labelledby="measure-heading" className="panel">
            <h2 id="measure-heading">By measure</h2>
            <AgreementTable caption="Alpha by the measure a claim states a figure for (the largest first)" groupName="Measure" groups={team.byMeasure} />
          </section>
        </>
      ) : null}

      <section aria-labelledby="calibration-heading" className="panel">
        <h2 id="calibration-heading">{team ? 'Calibration' : 'Your calibration'}</h2>
        <p className="muted">
          A confidence is read as the chance that the rating matches the published verdict. Bias is the mean step difference from
          the verdict (above zero: kinder than the desk). The Brier score (lower is better) splits into reliability (lower is
          better) − resolution (higher is better) + uncertainty, over five confidence bins.
        </p>
        <CalibrationTable
          caption={team ? 'Each reviewer’s ratings of claims with a published verdict, and the team’s' : 'Your ratings of claims with a published verdict'}
          rows={team ? [...data.reviewers, { name: 'Team', calibration: team.calibration }] : data.reviewers}
        />
        {data.reviewers.map((reviewer) => (
          <ReviewerDetails key={reviewer.reviewerId} reviewer={reviewer} />
        ))}
      </section>

      {can(actor, 'assessment:export') ? (
        <p>
          <Link href="/export?format=assessments">Export assessments for researchers</Link> (CSV, reviewers as pseudonyms).
        </p>
      ) : null}
    </div>
  );
}
