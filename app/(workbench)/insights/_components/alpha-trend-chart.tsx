import { alphaText, layoutAlphaTrend } from '@/lib/insights/charts';
import type { AgreementGroup } from '@/lib/insights/insights-page';

const SERIES_NAMES = { nominal: 'Nominal (six labels)', ordinal: 'Ordinal (five steps)' } as const;

/** The team's alpha by month: a server-rendered SVG and the same figures as a table for screen readers. */
export function AlphaTrendChart({ months }: { months: readonly AgreementGroup[] }) {
  if (months.length === 0) return <p className="empty">No month has claims with two or more ratings in this period.</p>;
  const layout = layoutAlphaTrend(months.map((m) => ({ key: m.key, nominal: m.nominal, ordinal: m.ordinal })));
  const { plot } = layout;
  return (
    <div className="insights-chart">
      {/* The table below carries every figure; the picture is a summary of it. */}
      <svg
        className="insights-trend-svg"
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="img"
        aria-labelledby="trend-title trend-desc"
      >
        <title id="trend-title">Krippendorff’s alpha by month</title>
        <desc id="trend-desc">
          Nominal and ordinal alpha for {months.length} {months.length === 1 ? 'month' : 'months'}, from {months[0]!.key} to{' '}
          {months[months.length - 1]!.key}. The table after the chart lists every value.
        </desc>
        {layout.ticks.map((tick) => (
          <g key={tick.label} className="insights-grid">
            <line x1={plot.left} x2={plot.right} y1={tick.y} y2={tick.y} />
            <text x={plot.left - 6} y={tick.y + 4} textAnchor="end">
              {tick.label}
            </text>
          </g>
        ))}
        {layout.months.map((month) => (
          <text key={month.label} className="insights-axis-label" x={month.x} y={plot.bottom + 18} textAnchor="middle">
            {month.label}
          </text>
        ))}
        {layout.series.map((series) => (
          <g key={series.name} className={`insights-series series-${series.name}`}>
            {series.segments.map((segment) => (
              <g key={segment[0]!.month}>
                {segment.length > 1 ? <polyline points={segment.map((p) => `${p.x},${p.y}`).join(' ')} /> : null}
                {segment.map((point) =>
                  series.name === 'nominal' ? (
                    <circle key={point.month} cx={point.x} cy={point.y} r={4} />
                  ) : (
                    <rect key={point.month} x={point.x - 4} y={point.y - 4} width={8} height={8} />
                  ),
                )}
              </g>
            ))}
          </g>
        ))}
      </svg>
      <p className="insights-legend muted">
        <span className="legend-nominal">● {SERIES_NAMES.nominal}</span> <span className="legend-ordinal">■ {SERIES_NAMES.ordinal}, dashed</span>
      </p>
      <table className="data-table">
        <caption>Alpha by month (the month of each claim’s latest rating)</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Claims</th>
            <th scope="col">{SERIES_NAMES.nominal}</th>
            <th scope="col">{SERIES_NAMES.ordinal}</th>
          </tr>
        </thead>
        <tbody>
          {months.map((month) => (
            <tr key={month.key}>
              <th scope="row">{month.key}</th>
              <td>{month.claims}</td>
              <td>{alphaText(month.nominal)}</td>
              <td>{alphaText(month.ordinal)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
