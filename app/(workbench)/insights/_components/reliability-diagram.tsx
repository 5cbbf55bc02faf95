import type { ReliabilityBin } from '@/lib/insights/calibration';
import { layoutReliability } from '@/lib/insights/charts';

const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`);

/** Stated confidence against how often the rating matched the verdict, in five bins, with its table. */
export function ReliabilityDiagram({ bins, id, who }: { bins: readonly ReliabilityBin[]; id: string; who: string }) {
  const layout = layoutReliability(bins);
  const { plot } = layout;
  return (
    <div className="insights-reliability">
      <svg className="insights-reliability-svg" viewBox={`0 0 ${layout.size} ${layout.size}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <title id={`${id}-title`}>Reliability diagram for {who}</title>
        <desc id={`${id}-desc`}>
          Stated confidence across, share of ratings that matched the verdict up; the diagonal is perfect calibration. The table
          beside it lists every bin.
        </desc>
        {layout.ticks.map((tick) => (
          <g key={tick.label} className="insights-grid">
            <line x1={plot.left + tick.at * (plot.right - plot.left)} x2={plot.left + tick.at * (plot.right - plot.left)} y1={plot.top} y2={plot.bottom} />
            <line x1={plot.left} x2={plot.right} y1={plot.bottom - tick.at * (plot.bottom - plot.top)} y2={plot.bottom - tick.at * (plot.bottom - plot.top)} />
            <text x={plot.left + tick.at * (plot.right - plot.left)} y={plot.bottom + 14} textAnchor="middle">
              {tick.label}
            </text>
            <text x={plot.left - 5} y={plot.bottom - tick.at * (plot.bottom - plot.top) + 4} textAnchor="end">
              {tick.label}
            </text>
          </g>
        ))}
        <line className="insights-diagonal" {...layout.diagonal} />
        {layout.points.map((point) => (
          <circle key={point.bin.from} className="insights-point" cx={point.x} cy={point.y} r={point.r} />
        ))}
        <text className="insights-axis-label" x={(plot.left + plot.right) / 2} y={layout.size - 4} textAnchor="middle">
          confidence (%)
        </text>
      </svg>
      <table className="data-table">
        <caption>Confidence against agreement with the verdict, {who}</caption>
        <thead>
          <tr>
            <th scope="col">Confidence</th>
            <th scope="col">Ratings</th>
            <th scope="col">Mean confidence</th>
            <th scope="col">Matched the verdict</th>
          </tr>
        </thead>
        <tbody>
          {bins.map((bin) => (
            <tr key={bin.from}>
              <th scope="row">
                {Math.round(bin.from * 100)}–{Math.round(bin.to * 100)}
              </th>
              <td>{bin.count}</td>
              <td>{percent(bin.meanConfidence)}</td>
              <td>{percent(bin.observed)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
