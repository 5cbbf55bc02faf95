import type { AlphaResult } from './krippendorff';
import type { ReliabilityBin } from './calibration';

/**
 * Layout of the insights page's two charts, pure numbers for the SVG that
 * app/(workbench)/insights/_components draws: the monthly alpha trend and a reviewer's reliability
 * diagram. Each chart also has a table beside it; these only place marks.
 */

/** An alpha for people: three decimals, or why there is none. */
export function alphaText(result: Pick<AlphaResult, 'alpha'> & { reason?: string }): string {
  if (result.alpha !== null) return result.alpha.toFixed(3);
  return result.reason === 'too_few_units' ? 'no claims with two ratings' : 'not enough variation';
}

export interface TrendPoint {
  x: number;
  y: number;
  month: string;
  value: number;
}

export interface TrendLayout {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  /** y of gridlines with their labels. */
  ticks: { y: number; label: string }[];
  /** x of each month's label. */
  months: { x: number; label: string }[];
  /** One polyline per series; a month without an alpha breaks the line. */
  series: { name: 'nominal' | 'ordinal'; segments: TrendPoint[][] }[];
}

export interface TrendMonth {
  key: string;
  nominal: AlphaResult;
  ordinal: AlphaResult;
}

const WIDTH = 640;
const HEIGHT = 240;

/** Months left to right, alpha from min(0, lowest) to 1 bottom to top. */
export function layoutAlphaTrend(months: readonly TrendMonth[]): TrendLayout {
  const plot = { left: 48, right: WIDTH - 16, top: 16, bottom: HEIGHT - 40 };
  const values = months.flatMap((m) => [m.nominal.alpha, m.ordinal.alpha]).filter((v): v is number => v !== null);
  const low = Math.min(0, Math.floor(Math.min(...values, 0) * 2) / 2);
  const y = (value: number) => plot.bottom - ((value - low) / (1 - low)) * (plot.bottom - plot.top);
  const step = months.length > 1 ? (plot.right - plot.left) / (months.length - 1) : 0;
  const x = (index: number) => (months.length > 1 ? plot.left + index * step : (plot.left + plot.right) / 2);
  const ticks: { y: number; label: string }[] = [];
  for (let value = low; value <= 1 + 1e-9; value += 0.25) ticks.push({ y: y(value), label: value.toFixed(2) });
  // Label every month when they fit, else every n-th.
  const every = Math.max(1, Math.ceil(months.length / 8));
  const series = (['nominal', 'ordinal'] as const).map((name) => {
    const segments: TrendPoint[][] = [];
    let current: TrendPoint[] = [];
    months.forEach((month, index) => {
      const value = month[name].alpha;
      if (value === null) {
        if (current.length) segments.push(current);
        current = [];
        return;
      }
      current.push({ x: x(index), y: y(value), month: month.key, value });
    });
    if (current.length) segments.push(current);
    return { name, segments };
  });
  return {
    width: WIDTH,
    height: HEIGHT,
    plot,
    ticks,
    months: months.map((m, index) => ({ x: x(index), label: m.key })).filter((_, index) => index % every === 0),
    series,
  };
}

export interface ReliabilityLayout {
  size: number;
  plot: { left: number; right: number; top: number; bottom: number };
  /** One mark per non-empty bin: stated confidence across, how often right up; radius by count. */
  points: { x: number; y: number; r: number; bin: ReliabilityBin }[];
  /** The diagonal of perfect calibration. */
  diagonal: { x1: number; y1: number; x2: number; y2: number };
  ticks: { at: number; label: string }[];
}

const SIZE = 240;

export function layoutReliability(bins: readonly ReliabilityBin[]): ReliabilityLayout {
  const plot = { left: 40, right: SIZE - 12, top: 12, bottom: SIZE - 36 };
  const x = (p: number) => plot.left + p * (plot.right - plot.left);
  const y = (p: number) => plot.bottom - p * (plot.bottom - plot.top);
  const most = Math.max(1, ...bins.map((b) => b.count));
  return {
    size: SIZE,
    plot,
    points: bins
      .filter((bin) => bin.count > 0 && bin.meanConfidence !== null && bin.observed !== null)
      .map((bin) => ({ x: x(bin.meanConfidence!), y: y(bin.observed!), r: 3 + 5 * Math.sqrt(bin.count / most), bin })),
    diagonal: { x1: x(0), y1: y(0), x2: x(1), y2: y(1) },
    ticks: [0, 0.2, 0.4, 0.6, 0.8, 1].map((p) => ({ at: p, label: `${Math.round(p * 100)}` })),
  };
}
