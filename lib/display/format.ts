import type { BoundKind } from '@/db/schema';

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const numberFormat = new Intl.NumberFormat('en');

/** "2024-12-18" or an ISO timestamp → "18 Dec 2024". */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? value : dateFormat.format(date);
}

export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

export interface QuantityFigures {
  value: number | null;
  low: number | null;
  high: number | null;
  unit: string;
  bound: BoundKind;
}

/** "at most 10,000 troops", "between 8,000 and 12,000 troops", "about 3.5 million"… */
export function formatQuantity(q: QuantityFigures): string {
  const n = (v: number | null) => (v === null ? '?' : formatNumber(v));
  const unit = q.unit ? ` ${q.unit}` : '';
  switch (q.bound) {
    case 'exact':
      return `${n(q.value)}${unit}`;
    case 'about':
      return `about ${n(q.value)}${unit}`;
    case 'at_most':
      return `at most ${n(q.high ?? q.value)}${unit}`;
    case 'at_least':
      return `at least ${n(q.low ?? q.value)}${unit}`;
    case 'range':
      return `between ${n(q.low)} and ${n(q.high)}${unit}`;
  }
}
