import { describe, expect, it } from 'vitest';
import { fieldErrorsFromZod } from '@/lib/errors';
import { ExportApiQuery, ExportQuery, exportQueryFromApi, exportSearchParams } from '@/lib/validation/export';

const errorsOf = (result: { success: boolean; error?: Parameters<typeof fieldErrorsFromZod>[0] }) =>
  result.error ? Object.keys(fieldErrorsFromZod(result.error)) : [];

describe('ExportQuery (the export page and its download link)', () => {
  it('defaults to CSV with no filters, treating blank fields as absent', () => {
    expect(ExportQuery.parse({})).toEqual({ format: 'csv' });
    expect(ExportQuery.parse({ format: '', status: '', claimant: '', updatedSince: '' })).toEqual({ format: 'csv' });
  });

  it('reads every filter and ignores params it does not know', () => {
    expect(ExportQuery.parse({ format: 'jsonl', status: 'published', claimant: '12', updatedSince: '2024-12-18', utm: 'x' })).toEqual({
      format: 'jsonl',
      status: 'published',
      claimant: 12,
      updatedSince: '2024-12-18T00:00:00.000Z',
    });
  });

  it('normalises a date-time with a zone to the stored UTC form', () => {
    expect(ExportQuery.parse({ updatedSince: '2024-12-18T09:30:00+02:00' }).updatedSince).toBe('2024-12-18T07:30:00.000Z');
    expect(ExportQuery.parse({ updatedSince: '2024-12-18T09:30Z' }).updatedSince).toBe('2024-12-18T09:30:00.000Z');
    expect(ExportQuery.parse({ updatedSince: '2024-12-18T09:30:00.123456Z' }).updatedSince).toBe('2024-12-18T09:30:00.123Z');
  });

  it.each([
    ['format', { format: 'xlsx' }],
    ['status', { status: 'archived' }],
    ['claimant', { claimant: '0' }],
    ['claimant', { claimant: 'abc' }],
    ['updatedSince', { updatedSince: 'yesterday' }],
    ['updatedSince', { updatedSince: '2024-02-30' }],
    ['updatedSince', { updatedSince: '2024-02-30T10:00:00Z' }],
    ['updatedSince', { updatedSince: '2024-12-18T09:30:00' }],
    ['updatedSince', { updatedSince: '2024-12-18T25:00:00Z' }],
  ])('refuses a bad %s, naming it', (field, params) => {
    expect(errorsOf(ExportQuery.safeParse(params))).toEqual([field]);
  });

  it('round-trips through the search params of the download link', () => {
    const query = ExportQuery.parse({ format: 'claimreview', status: 'published', claimant: '3', updatedSince: '2024-01-02' });
    expect(ExportQuery.parse(Object.fromEntries(exportSearchParams(query)))).toEqual(query);
  });
});

describe('ExportApiQuery (GET /api/v1/export)', () => {
  it('takes snake_case names and maps them to the export query', () => {
    const parsed = ExportApiQuery.parse({ format: 'claimreview', updated_since: '2024-12-18', claimant: '4', status: 'published' });
    expect(exportQueryFromApi(parsed)).toEqual({
      format: 'claimreview',
      status: 'published',
      updatedSince: '2024-12-18T00:00:00.000Z',
      claimant: 4,
    });
  });

  it('requires the format', () => {
    expect(errorsOf(ExportApiQuery.safeParse({}))).toEqual(['format']);
  });

  it('refuses an unknown param, such as the camelCase spelling', () => {
    const result = ExportApiQuery.safeParse({ format: 'csv', updatedSince: '2024-12-18' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['updatedSince'] });
  });

  it('names updated_since when it is not a date', () => {
    expect(errorsOf(ExportApiQuery.safeParse({ format: 'jsonl', updated_since: '18/12/2024' }))).toEqual(['updated_since']);
  });
});
