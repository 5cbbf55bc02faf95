import { describe, expect, it } from 'vitest';
import { formatDate, formatNumber, formatQuantity, type QuantityFigures } from '@/lib/display/format';

const q = (figures: Partial<QuantityFigures> & Pick<QuantityFigures, 'bound'>): QuantityFigures => ({
  value: null,
  low: null,
  high: null,
  unit: 'troops',
  ...figures,
});

describe('formatQuantity', () => {
  it('reads each kind of bound as a phrase', () => {
    expect(formatQuantity(q({ bound: 'at_most', high: 10000 }))).toBe('at most 10,000 troops');
    expect(formatQuantity(q({ bound: 'range', low: 8000, high: 12000 }))).toBe('between 8,000 and 12,000 troops');
    expect(formatQuantity(q({ bound: 'about', value: 5 }))).toBe('about 5 troops');
    expect(formatQuantity(q({ bound: 'exact', value: 1234567 }))).toBe('1,234,567 troops');
    expect(formatQuantity(q({ bound: 'at_least', low: 3000 }))).toBe('at least 3,000 troops');
  });

  it('falls back to value for one-sided bounds and shows ? for a missing figure', () => {
    expect(formatQuantity(q({ bound: 'at_most', value: 40 }))).toBe('at most 40 troops');
    expect(formatQuantity(q({ bound: 'at_least', value: 2 }))).toBe('at least 2 troops');
    expect(formatQuantity(q({ bound: 'range', low: 1 }))).toBe('between 1 and ? troops');
  });

  it('keeps decimals and leaves out an empty unit', () => {
    expect(formatQuantity(q({ bound: 'about', value: 3.5, unit: 'million' }))).toBe('about 3.5 million');
    expect(formatQuantity(q({ bound: 'exact', value: 12, unit: '' }))).toBe('12');
  });
});

describe('formatNumber', () => {
  it('groups thousands with commas', () => {
    expect(formatNumber(10000)).toBe('10,000');
    expect(formatNumber(-2500.25)).toBe('-2,500.25');
  });
});

describe('formatDate', () => {
  it('writes calendar dates day-month-year', () => {
    expect(formatDate('2024-12-18')).toBe('18 Dec 2024');
    expect(formatDate('2024-01-01')).toBe('1 Jan 2024');
  });

  it('reads ISO timestamps in UTC', () => {
    expect(formatDate('2024-12-18T23:59:59.000Z')).toBe('18 Dec 2024');
    expect(formatDate('2024-03-01T00:00:00.000Z')).toBe('1 Mar 2024');
  });

  it('shows a dash for nothing and returns unreadable text as it is', () => {
    expect(formatDate(null)).toBe('—');
    expect(formatDate(undefined)).toBe('—');
    expect(formatDate('')).toBe('—');
    expect(formatDate('someday')).toBe('someday');
  });
});
