import { describe, expect, it } from 'vitest';
import { VerdictListQuery } from '@/lib/api/schemas';
import { ExportQuery } from '@/lib/validation/export';
import { ClaimCreateForm } from '@/lib/validation/claim';
import { isCalendarDate } from '@/lib/validation/fields';

// One date check (isCalendarDate) serves the forms, the API's updated_since and the export filter;
// these pin what each of them accepts so the three cannot drift apart again.
describe('isCalendarDate', () => {
  it.each(['2024-02-29', '2023-12-31', '1800-01-01', '0001-01-01'])('accepts %s', (value) => {
    expect(isCalendarDate(value)).toBe(true);
  });

  it.each(['2024-02-30', '2023-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', 'yesterday', ''])('refuses %s', (value) => {
    expect(isCalendarDate(value)).toBe(false);
  });
});

describe('the places that check dates agree', () => {
  const api = (updated_since: string) => VerdictListQuery.safeParse({ updated_since });
  const exportFilter = (updatedSince: string) => ExportQuery.safeParse({ updatedSince });

  it('the API feed refuses a day that does not exist, alone or in a date-time, and keeps a real one', () => {
    expect(api('2024-02-30').success).toBe(false);
    expect(api('2023-02-29T10:00:00Z').success).toBe(false);
    expect(api('2024-02-29').data?.updated_since).toBe('2024-02-29T00:00:00.000Z');
    expect(api('2024-02-29T23:30:00-01:00').data?.updated_since).toBe('2024-03-01T00:30:00.000Z');
  });

  it('the export filter refuses the same days and keeps the same real one', () => {
    expect(exportFilter('2024-02-30').success).toBe(false);
    expect(exportFilter('2023-02-29T10:00:00Z').success).toBe(false);
    expect(exportFilter('2024-02-29').data?.updatedSince).toBe('2024-02-29T00:00:00.000Z');
  });

  it('a form date refuses a day that does not exist', () => {
    const result = ClaimCreateForm.safeParse({ claimedOn: '2023-02-29' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.some((issue) => issue.path[0] === 'claimedOn' && issue.message === 'That date does not exist')).toBe(true);
  });
});
