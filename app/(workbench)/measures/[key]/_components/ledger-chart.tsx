import { MODALITIES, type Modality } from '@/lib/vocabulary';
import { MODALITY_LABELS } from '@/lib/display/labels';
import { layoutLedgerChart, summariseChart, type ChartFigure, type ChartRow } from '@/lib/display/ledger-chart';

/**
 * The chart is laid out at three widths and CSS shows the one that fits (ledger.css), so its text
 * is drawn near its real size on a phone and on a desktop alike; the others are display: none and
 * so hidden from assistive technology too.
 */
const SIZES = [
  { name: 's', width: 320 },
  { name: 'm', width: 600 },
  { name: 'l', width: 880 },
] as const;

/** How each modality looks besides its colour (never colour alone). */
const MODALITY_SHAPES: Record<Modality, string> = {
  reported_fact: 'filled square, solid line',
  estimate: 'filled circle, solid line',
  projection: 'hollow circle, dashed line',
};

const HEAD = 8;
const CAP = 7;

function Marker({ modality, x, y }: { modality: Modality; x: number; y: number }) {
  if (modality === 'reported_fact') return <rect className="ledger-marker" x={x - 5} y={y - 5} width={10} height={10} />;
  return <circle className="ledger-marker" cx={x} cy={y} r={modality === 'projection' ? 5.5 : 6} />;
}

function Mark({ row }: { row: ChartRow }) {
  const { kind, x1, x2, x, y } = row;
  if (kind === 'none') {
    return (
      <text className="ledger-row-note" x={x1} y={y + 4}>
        no number stated
      </text>
    );
  }
  return (
    <g className={`ledger-mark modality-${row.modality}`}>
      {kind !== 'point' ? <line className="ledger-line" x1={x1} x2={x2} y1={y} y2={y} /> : null}
      {kind === 'bar' ? (
        <>
          <line className="ledger-cap" x1={x1} x2={x1} y1={y - CAP} y2={y + CAP} />
          <line className="ledger-cap" x1={x2} x2={x2} y1={y - CAP} y2={y + CAP} />
        </>
      ) : null}
      {kind === 'arrow-left' ? (
        <>
          <polygon className="ledger-head" points={`${x1},${y} ${x1 + HEAD},${y - 5} ${x1 + HEAD},${y + 5}`} />
          <line className="ledger-cap" x1={x2} x2={x2} y1={y - CAP} y2={y + CAP} />
        </>
      ) : null}
      {kind === 'arrow-right' ? (
        <>
          <polygon className="ledger-head" points={`${x2},${y} ${x2 - HEAD},${y - 5} ${x2 - HEAD},${y + 5}`} />
          <line className="ledger-cap" x1={x1} x2={x1} y1={y - CAP} y2={y + CAP} />
        </>
      ) : null}
      {x !== null ? <Marker modality={row.modality} x={x} y={y} /> : null}
    </g>
  );
}

function ChartSvg({
  figures,
  size,
  measureName,
  unit,
}: {
  figures: readonly ChartFigure[];
  size: (typeof SIZES)[number];
  measureName: string;
  unit: string;
}) {
  const layout = layoutLedgerChart(figures, size.width);
  const summary = summariseChart(layout, measureName, unit);
  const axisTitle = unit ? `${unit} (log scale)` : 'log scale';
  return (
    <svg
      className={`ledger-chart-svg size-${size.name}`}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      role="img"
      aria-label={summary}
      fontSize={layout.textSize}
    >
      <title>{`${measureName}: every figure on a log scale`}</title>
      <desc>{summary}</desc>
      {layout.ticks.map((tick) => (
        <line
          key={`grid-${tick.value}`}
          className={tick.major ? 'ledger-grid major' : 'ledger-grid'}
          x1={tick.x}
          x2={tick.x}
          y1={layout.plotTop}
          y2={layout.axisY}
        />
      ))}
      {layout.rows.map((row) => (
        <g key={row.claimId} className="ledger-row">
          {row.lines.map((line) => (
            <text key={line.y} className={line.strong ? 'ledger-label strong' : 'ledger-label'} x={layout.plotLeft} y={line.y}>
              {line.text}
            </text>
          ))}
          <Mark row={row} />
        </g>
      ))}
      <line className="ledger-axis" x1={layout.plotLeft} x2={layout.plotRight} y1={layout.axisY} y2={layout.axisY} />
      {layout.ticks.map((tick) => (
        <g key={`tick-${tick.value}`}>
          <line className="ledger-axis" x1={tick.x} x2={tick.x} y1={layout.axisY} y2={layout.axisY + (tick.major ? 5 : 3)} />
          {tick.showLabel ? (
            <text className="ledger-tick" x={tick.x} y={layout.tickLabelY} textAnchor="middle" fontSize={layout.tickTextSize}>
              {tick.label}
            </text>
          ) : null}
        </g>
      ))}
      <text className="ledger-axis-title" x={(layout.plotLeft + layout.plotRight) / 2} y={layout.axisTitleY} textAnchor="middle">
        {axisTitle}
      </text>
    </svg>
  );
}

function Legend() {
  const y = 10;
  return (
    <ul className="ledger-legend" aria-label="Legend">
      {MODALITIES.map((modality) => (
        <li key={modality}>
          <svg className={`ledger-mark modality-${modality}`} viewBox="0 0 36 20" width="36" height="20" aria-hidden="true" focusable="false">
            <line className="ledger-line" x1={2} x2={34} y1={y} y2={y} />
            <Marker modality={modality} x={18} y={y} />
          </svg>
          <span>
            <strong>{MODALITY_LABELS[modality]}</strong> <span className="muted">({MODALITY_SHAPES[modality]})</span>
          </span>
        </li>
      ))}
      <li className="ledger-legend-kinds muted">
        A point is a value, a bar a range (“about” spans ±10%), an arrow an upper (“at most”) or lower (“at least”)
        bound pointing the way the figure leaves open.
      </li>
    </ul>
  );
}

export function LedgerChart({
  figures,
  measureName,
  unit,
}: {
  figures: readonly ChartFigure[];
  measureName: string;
  unit: string;
}) {
  if (figures.length === 0) return <p className="empty">No claim states a figure for this measure yet.</p>;
  const notes = layoutLedgerChart(figures, SIZES[0].width).notes;
  return (
    <div className="ledger-chart">
      {SIZES.map((size) => (
        <ChartSvg key={size.name} figures={figures} size={size} measureName={measureName} unit={unit} />
      ))}
      {notes.map((note) => (
        <p key={note} className="notice ledger-note">
          {note}
        </p>
      ))}
      <Legend />
    </div>
  );
}
