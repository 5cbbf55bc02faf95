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

/**
 * An open bound ("at most", "at least"): from the value a line fades out towards the open side,
 * with an arrow on it, so it reads as "this far or beyond", not as a range ending somewhere.
 * The gradient is in user space (a horizontal line has no height for a bounding-box gradient) and
 * inside the mark's group, so its stops take the modality's colour.
 */
function OpenBound({ id, x, far, y }: { id: string; x: number; far: number; y: number }) {
  const direction = far < x ? -1 : 1;
  const head = x + (far - x) * 0.7;
  const paint = `url(#${id})`;
  return (
    <>
      <linearGradient id={id} gradientUnits="userSpaceOnUse" x1={x} y1={y} x2={far} y2={y}>
        <stop offset="0" className="ledger-fade-stop" />
        <stop offset="1" className="ledger-fade-stop end" />
      </linearGradient>
      <line className="ledger-open" x1={x} x2={far} y1={y} y2={y} stroke={paint} />
      <polyline
        className="ledger-open-head"
        points={`${head - direction * HEAD},${y - 5} ${head},${y} ${head - direction * HEAD},${y + 5}`}
        stroke={paint}
      />
    </>
  );
}

function Mark({ row, idPrefix }: { row: ChartRow; idPrefix: string }) {
  const { kind, x1, x2, x, y } = row;
  if (kind === 'none') {
    return (
      <text className="ledger-row-note" x={x1} y={y + 4}>
        no number stated
      </text>
    );
  }
  const open = kind === 'arrow-left' || kind === 'arrow-right';
  return (
    <g className={`ledger-mark modality-${row.modality}`} data-bound={kind}>
      {kind === 'bar' ? (
        <>
          <line className="ledger-line" x1={x1} x2={x2} y1={y} y2={y} />
          <line className="ledger-cap" x1={x1} x2={x1} y1={y - CAP} y2={y + CAP} />
          <line className="ledger-cap" x1={x2} x2={x2} y1={y - CAP} y2={y + CAP} />
        </>
      ) : null}
      {open && x !== null ? <OpenBound id={`${idPrefix}-${row.claimId}`} x={x} far={kind === 'arrow-left' ? x1 : x2} y={y} /> : null}
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
          <Mark row={row} idPrefix={`ledger-fade-${size.name}`} />
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

/** What each kind of bound looks like, drawn with the chart's own marks. */
const BOUND_SAMPLES: { bound: string; row: Pick<ChartRow, 'kind' | 'x1' | 'x2' | 'x'>; text: string }[] = [
  { bound: 'value', row: { kind: 'point', x1: 26, x2: 26, x: 26 }, text: 'a stated value' },
  { bound: 'range', row: { kind: 'bar', x1: 8, x2: 44, x: null }, text: 'a range (“about” spans ±10%)' },
  {
    bound: 'at-most',
    row: { kind: 'arrow-left', x1: 2, x2: 44, x: 44 },
    text: '“at most”: any number up to the dot; the line fades because no lower end is stated',
  },
  {
    bound: 'at-least',
    row: { kind: 'arrow-right', x1: 8, x2: 50, x: 8 },
    text: '“at least”: any number from the dot up; no upper end is stated',
  },
];

function Legend() {
  const y = 10;
  return (
    <div className="ledger-legend">
      <ul aria-label="Legend: modality">
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
      </ul>
      <ul aria-label="Legend: bounds">
        {BOUND_SAMPLES.map((sample) => (
          <li key={sample.bound} data-legend={sample.bound}>
            <svg viewBox="0 0 52 20" width="52" height="20" aria-hidden="true" focusable="false">
              <Mark
                row={{ ...sample.row, claimId: 0, modality: 'estimate', y, lines: [], label: '', description: '', clamped: false }}
                idPrefix={`ledger-legend-${sample.bound}`}
              />
            </svg>
            <span>{sample.text}</span>
          </li>
        ))}
      </ul>
    </div>
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
