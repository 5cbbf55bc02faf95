import { describe, expect, it } from 'vitest';
import { formatAgo, formatDateTime } from '@/lib/display/format-time';

const now = new Date('2026-11-26T12:00:00.000Z');
const before = (ms: number) => new Date(now.getTime() - ms).toISOString();
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe('formatAgo', () => {
  it('says how long ago, in the largest whole unit', () => {
    expect(formatAgo(before(10_000), now)).toBe('just now');
    expect(formatAgo(before(5 * MINUTE), now)).toBe('5 minutes ago');
    expect(formatAgo(before(3 * 60 * MINUTE + 59 * MINUTE), now)).toBe('3 hours ago');
    expect(formatAgo(before(DAY + MINUTE), now)).toBe('yesterday');
    expect(formatAgo(before(3 * DAY), now)).toBe('3 days ago');
  });

  it('gives up after a month, so the caller shows the date', () => {
    expect(formatAgo(before(29 * DAY), now)).toBe('29 days ago');
    expect(formatAgo(before(30 * DAY), now)).toBeNull();
    expect(formatAgo('not a date', now)).toBeNull();
  });

  it('treats a time in the future (clock skew) as just now', () => {
    expect(formatAgo(new Date(now.getTime() + 5000).toISOString(), now)).toBe('just now');
  });
});

describe('formatDateTime', () => {
  it('reads in UTC', () => {
    expect(formatDateTime('2024-12-18T14:05:09.000Z')).toBe('18 Dec 2024, 14:05 UTC');
    expect(formatDateTime('nonsense')).toBe('nonsense');
  });
});
