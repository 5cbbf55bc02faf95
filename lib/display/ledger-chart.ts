import type { Modality } from '@/db/schema';
import { formatDate, formatQuantity } from '@/lib/display/format';
import { MODALITY_LABELS } from '@/lib/display/labels';
import { figureInterval, type Figure } from '@/lib/review/figures';

/**
 * Layout of the estimate ledger's chart: every figure for one measure on one
 * log-scale axis, one row each, with its label on its own line(s) above the mark so the chart
 * stays readable however narrow it is drawn. Pure numbers and strings; the SVG is drawn by
 * app/(workbench)/measures/[key]/_components/ledger-chart.tsx.
 */

/** What a row needs beyond the figure itself. */
export interface ChartFigure extends Figure {
  claimant: { name: string };
  claimedOn?: string | null;
}

/**
 * point: a value; bar: a range (or "about", ±10%); arrow-left: at most; arrow-right: at least.
 * An open bound is drawn from its value a short way towards the open side, fading out with an
 * arrow: it must never read as a range from the axis edge ("between 1,000 and 10,000").
 */
export type MarkKind = 'point' | 'bar' | 'arrow-left' | 'arrow-right' | 'none';

export interface ChartLine {
  text: string;
  /** Baseline. */
  y: number;
  strong: boolean;
}

export interface ChartRow {
  claimId: number;
  modality: Modality;
  kind: MarkKind;
  /**
   * Where the line of the mark starts and ends (equal for a point). For an open bound one end is
   * the value and the other where the line has faded out: not a number the figure states.
   */
  x1: number;
  x2: number;
  /** Where the stated number sits: the value, the "about" value, the at-most or at-least bound. */
  x: number | null;
  /** Vertical centre of the mark. */
  y: number;
  lines: ChartLine[];
  /** The figure without its unit: "at most 10,000". */
  label: string;
  /** The row in one sentence, for the chart's text alternative. */
  description: string;
  /** A bound of zero or below, drawn at the axis start because a log scale has no zero. */
  clamped: boolean;
}

export interface ChartTick {
  value: number;
  x: number;
  label: string;
  major: boolean;
  /** False when the label would collide with a more important one; the gridline stays. */
  showLabel: boolean;
}

export interface ChartLayout {
  width: number;
  height: number;
  plotLeft: number;
  plotRight: number;
  plotTop: number;
  axisY: number;
  tickLabelY: number;
  axisTitleY: number;
  textSize: number;
  tickTextSize: number;
  domain: { min: number; max: number };
  ticks: ChartTick[];
  rows: ChartRow[];
  /** Things a reader must know to read the chart right (clamped bounds, no numbers at all). */
  notes: string[];
}

const MARGIN = 12;
const TEXT_SIZE = 13;
const TICK_TEXT_SIZE = 12;
const LINE_HEIGHT = 17;
/** A generous average glyph width (in em) for system sans-serif, so estimated text never overflows. */
const GLYPH_EM = 0.6;
/** Space kept between a figure and the edge of its decade, in decades. */
const PADDING_DECADES = 0.1;
/** More decades than this and ticks step over some. */
const MAX_MAJOR_TICKS = 12;
const MIN_WIDTH = 240;

const compact = new Intl.NumberFormat('en', { maximumSignificantDigits: 3 });

/** "1,000", "100,000", "1M", "2B", "0.01". */
export function formatTick(value: number): string {
  const scales: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
  ];
  for (const [scale, suffix] of scales) {
    if (value >= scale) return `${compact.format(value / scale)}${suffix}`;
  }
  return compact.format(value);
}

/** Powers of ten written as 1eN so that 10^-3 is exactly 0.001. */
function pow10(exponent: number, mantissa = 1): number {
  return Number(`${mantissa}e${exponent}`);
}

function textWidth(text: string, size: number): number {
  return text.length * size * GLYPH_EM;
}

/**
 * Wraps " · "-separated segments into lines of at most maxChars, keeping a segment whole when it
 * fits on a line of its own and breaking it between words when it does not.
 */
export function wrapSegments(segments: readonly string[], maxChars: number): string[] {
  const lines: string[] = [];
  let current = '';
  const push = (word: string, separator: string) => {
    if (current && (current + separator + word).length <= maxChars) current += separator + word;
    else {
      if (current) lines.push(current);
      current = word;
    }
  };
  for (const segment of segments.filter((s) => s.length > 0)) {
    if (!current || (current + ' · ' + segment).length <= maxChars || segment.length <= maxChars) {
      push(segment, ' · ');
      continue;
    }
    segment.split(/\s+/).forEach((word, i) => push(word, i === 0 ? ' · ' : ' '));
  }
  if (current) lines.push(current);
  return lines.flatMap((line) => (line.length > maxChars ? splitWords(line, maxChars) : [line]));
}

function splitWords(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    if (current && (current + ' ' + word).length > maxChars) {
      lines.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(current);
  return lines;
}

/** The numbers a figure puts on the axis, from its interval and its stated value. */
function figureNumbers(f: Figure): number[] {
  const { low, high } = figureInterval(f);
  return [low, high, f.bound === 'about' ? (f.value ?? NaN) : NaN].filter(Number.isFinite);
}

function whenLabel(f: ChartFigure): string {
  if (f.asOf) return `as of ${formatDate(f.asOf)}`;
  if (f.claimedOn) return `stated ${formatDate(f.claimedOn)}`;
  return 'date unknown';
}

/** The whole chart for these figures drawn `width` units wide (the SVG's viewBox width). */
export function layoutLedgerChart(figures: readonly ChartFigure[], width: number): ChartLayout {
  const w = Math.max(MIN_WIDTH, Number.isFinite(width) ? width : MIN_WIDTH);
  const numbers = figures.flatMap(figureNumbers);
  const positive = numbers.filter((n) => n > 0);
  const notes: string[] = [];

  let lo = 0;
  let hi = 1;
  if (positive.length > 0) {
    const least = positive.reduce((a, b) => Math.min(a, b));
    const most = positive.reduce((a, b) => Math.max(a, b));
    lo = Math.floor(Math.log10(least) - PADDING_DECADES);
    hi = Math.ceil(Math.log10(most) + PADDING_DECADES);
  } else if (figures.length > 0) {
    notes.push('No figure states a number above zero, so the range of the axis is arbitrary.');
  }
  const step = Math.max(1, Math.ceil((hi - lo) / MAX_MAJOR_TICKS));
  hi = lo + step * Math.ceil((hi - lo) / step);
  if (numbers.some((n) => n <= 0)) {
    notes.push('A log scale has no zero: bounds of zero or below are drawn at the start of the axis.');
  }

  const tickValues: { value: number; major: boolean }[] = [];
  for (let e = lo; e <= hi; e += step) {
    tickValues.push({ value: pow10(e), major: true });
    if (hi - lo <= 2 && e < hi) tickValues.push({ value: pow10(e, 2), major: false }, { value: pow10(e, 5), major: false });
  }
  tickValues.sort((a, b) => a.value - b.value);
  const firstLabel = formatTick(pow10(lo));
  const lastLabel = formatTick(pow10(hi));
  const plotLeft = MARGIN + textWidth(firstLabel, TICK_TEXT_SIZE) / 2;
  const plotRight = w - MARGIN - Math.max(textWidth(lastLabel, TICK_TEXT_SIZE) / 2, 8);

  const round = (x: number) => Math.round(x * 10) / 10;
  const scale = (v: number): number => {
    if (v === Infinity) return round(plotRight);
    if (!(v > 0)) return round(plotLeft);
    const t = (Math.log10(v) - lo) / (hi - lo);
    return round(plotLeft + Math.min(1, Math.max(0, t)) * (plotRight - plotLeft));
  };

  const ticks = labelTicks(tickValues.map((t) => ({ ...t, x: scale(t.value), label: formatTick(t.value) })));

  const maxChars = Math.max(12, Math.floor((w - 2 * MARGIN) / (TEXT_SIZE * GLYPH_EM)));
  const plotTop = 8;
  let y = plotTop;
  const rows = figures.map((f): ChartRow => {
    const modality = MODALITY_LABELS[f.modality].toLowerCase();
    const full = formatQuantity(f);
    const texts = [
      ...wrapSegments([f.claimant.name], maxChars).map((text) => ({ text, strong: true })),
      ...wrapSegments([full, modality, whenLabel(f)], maxChars).map((text) => ({ text, strong: false })),
    ];
    const lines = texts.map((t, i) => ({ ...t, y: y + (i + 1) * LINE_HEIGHT - 4 }));
    const markY = y + texts.length * LINE_HEIGHT + 12;
    y = markY + 22;
    return {
      claimId: f.claimId,
      modality: f.modality,
      y: markY,
      lines,
      label: formatQuantity({ ...f, unit: '' }),
      description: `${f.claimant.name}: ${full}, ${modality}, ${whenLabel(f)}`,
      ...mark(f, scale),
    };
  });

  const axisY = y;
  return {
    width: w,
    height: axisY + 50,
    plotLeft: round(plotLeft),
    plotRight: round(plotRight),
    plotTop,
    axisY,
    tickLabelY: axisY + 18,
    axisTitleY: axisY + 40,
    textSize: TEXT_SIZE,
    tickTextSize: TICK_TEXT_SIZE,
    domain: { min: pow10(lo), max: pow10(hi) },
    ticks,
    rows,
    notes,
  };
}

/** The mark of one figure: which kind, and where its line and its stated number sit. */
function mark(f: Figure, scale: (v: number) => number): Pick<ChartRow, 'kind' | 'x1' | 'x2' | 'x' | 'clamped'> {
  const { low, high } = figureInterval(f);
  const clamped = figureNumbers(f).some((n) => n <= 0);
  const lowKnown = Number.isFinite(low);
  const highKnown = Number.isFinite(high);
  if (lowKnown && highKnown) {
    if (low === high && f.bound !== 'range') return { kind: 'point', x1: scale(low), x2: scale(low), x: scale(low), clamped };
    const centre = f.bound === 'about' && f.value !== null ? scale(f.value) : null;
    return { kind: 'bar', x1: scale(low), x2: scale(high), x: centre, clamped };
  }
  if (highKnown) {
    const x = scale(high);
    return { kind: 'arrow-left', x1: Math.max(scale(-Infinity), openEnd(x, -1, scale)), x2: x, x, clamped };
  }
  if (lowKnown) {
    const x = scale(low);
    return { kind: 'arrow-right', x1: x, x2: Math.min(scale(Infinity), openEnd(x, 1, scale)), x, clamped };
  }
  return { kind: 'none', x1: scale(-Infinity), x2: scale(-Infinity), x: null, clamped };
}

/** How far an open bound's fading line reaches, as a share of the plot's width, and at least. */
const OPEN_SHARE = 0.2;
const OPEN_MIN = 36;

/** Where an open bound's line fades out: a fixed share of the plot from its value, towards `direction`. */
function openEnd(x: number, direction: -1 | 1, scale: (v: number) => number): number {
  const width = scale(Infinity) - scale(-Infinity);
  return Math.round((x + direction * Math.max(OPEN_MIN, width * OPEN_SHARE)) * 10) / 10;
}

/** Shows every label that fits: majors first, left to right, then the 2× and 5× ones. */
function labelTicks(ticks: Omit<ChartTick, 'showLabel'>[]): ChartTick[] {
  const taken: [number, number][] = [];
  const shown = new Set<number>();
  const order = [...ticks.filter((t) => t.major), ...ticks.filter((t) => !t.major)];
  for (const tick of order) {
    const half = textWidth(tick.label, TICK_TEXT_SIZE) / 2 + 4;
    const span: [number, number] = [tick.x - half, tick.x + half];
    if (taken.some(([a, b]) => span[0] < b && a < span[1])) continue;
    taken.push(span);
    shown.add(tick.value);
  }
  return ticks.map((tick) => ({ ...tick, showLabel: shown.has(tick.value) }));
}

/** The chart in words: its range and every figure, for the SVG's text alternative. */
export function summariseChart(layout: ChartLayout, measureName: string, unit: string): string {
  const count = layout.rows.length;
  if (count === 0) return `No figures recorded for ${measureName} yet.`;
  const range = `${formatTick(layout.domain.min)} to ${formatTick(layout.domain.max)}${unit ? ` ${unit}` : ''}`;
  const head = `${count} ${count === 1 ? 'figure' : 'figures'} for ${measureName} on a log scale from ${range}.`;
  return [head, ...layout.rows.map((row) => `${row.description}.`), ...layout.notes].join(' ');
}
