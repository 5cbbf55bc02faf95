import { describe, expect, it } from 'vitest';
import { ClaimListQuery, ClaimListQueryStrict } from '@/lib/validation/claim-list';

const issuePaths = (result: { error?: { issues: { path: PropertyKey[] }[] } }) =>
  (result.error?.issues ?? []).map((issue) => issue.path.join('.'));

describe('ClaimListQuery', () => {
  it('defaults to the first page of 25, newest first', () => {
    expect(ClaimListQuery.parse({})).toEqual({ dir: 'next', limit: 25 });
  });

  it('reads every param from strings', () => {
    expect(
      ClaimListQuery.parse({ q: '  troops  ', status: 'in_review', claimant: '12', disputed: 'true', cursor: 'abc', dir: 'prev', limit: '50' }),
    ).toEqual({ q: 'troops', status: 'in_review', claimant: 12, disputed: true, cursor: 'abc', dir: 'prev', limit: 50 });
    expect(ClaimListQuery.parse({ disputed: '1' }).disputed).toBe(true);
    expect(ClaimListQuery.parse({ disputed: '0' }).disputed).toBe(false);
  });

  it('treats empty and blank params as absent, as a submitted form sends them', () => {
    const parsed = ClaimListQuery.parse({ q: '   ', status: '', claimant: '', disputed: '', cursor: '', dir: '', limit: '' });
    expect(parsed).toMatchObject({ dir: 'next', limit: 25 });
    expect([parsed.q, parsed.status, parsed.claimant, parsed.disputed, parsed.cursor]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('takes the first of a repeated param', () => {
    expect(ClaimListQuery.parse({ status: ['ready', 'draft'] }).status).toBe('ready');
  });

  it('ignores unknown params on the page', () => {
    expect(ClaimListQuery.parse({ utm_source: 'mail' })).toEqual({ dir: 'next', limit: 25 });
  });

  it.each([
    [{ status: 'pending' }, 'status'],
    [{ claimant: 'abc' }, 'claimant'],
    [{ claimant: '0' }, 'claimant'],
    [{ claimant: '1.5' }, 'claimant'],
    [{ disputed: 'yes' }, 'disputed'],
    [{ dir: 'sideways' }, 'dir'],
    [{ limit: '0' }, 'limit'],
    [{ limit: '101' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ q: 'x'.repeat(201) }, 'q'],
  ])('refuses %j naming the field', (params, field) => {
    const result = ClaimListQuery.safeParse(params);
    expect(result.success).toBe(false);
    expect(issuePaths(result)).toEqual([field]);
  });
});

describe('ClaimListQueryStrict', () => {
  it('accepts the known params and refuses unknown ones', () => {
    expect(ClaimListQueryStrict.parse({ q: 'troops', limit: '10' })).toEqual({ q: 'troops', dir: 'next', limit: 10 });
    const result = ClaimListQueryStrict.safeParse({ q: 'troops', page: '2' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
  });
});
