import { drizzle } from 'drizzle-orm/better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANDIDATE_LOOKUP_ROWS, SELECTIVE_FILTER_ROWS, listClaims, type ClaimListPage } from '@/lib/claims/claim-list';
import type { Db } from '@/db/open';
import * as schema from '@/db/schema';
import type { Actor } from '@/lib/auth/permissions';
import { toFtsQuery } from '@/lib/claims/search-query';
import { ClaimListQuery } from '@/lib/validation/claim-list';
import { seedClaims } from '../bench/seed-claims';
import { createTestDb } from '../helpers/test-db';

// Enough synthetic claims that some filters leave more than SELECTIVE_FILTER_ROWS rows and
// others fewer, so both ways of combining a search with a filter run against the same data.
const COUNT = 12_000;
const actor: Actor = { kind: 'user', id: 1, role: 'editor', name: 'Ed', email: 'ed@example.org' };

let db: Db;
let cleanup: () => void;
let logging: Db;
const logged: string[] = [];

beforeAll(() => {
  ({ db, cleanup } = createTestDb());
  seedClaims(db, { count: COUNT, sourceCount: 300 });
  logging = drizzle(db.$client, { schema, logger: { logQuery: (query) => logged.push(query) } }) as unknown as Db;
});
afterAll(() => cleanup());

interface Row {
  id: number;
  status: string;
  claimant_id: number;
  disputed: number;
}

/** The answer worked out the slow, obvious way: every match, filtered in JavaScript. */
function expectedIds(params: Record<string, string>): number[] {
  const match = toFtsQuery(params.q ?? '');
  const matching = new Set(
    db.$client.prepare('SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?').pluck().all(match) as number[],
  );
  const rows = db.$client.prepare('SELECT id, status, claimant_id, disputed FROM claims ORDER BY id DESC').all() as Row[];
  return rows
    .filter((row) => matching.has(row.id))
    .filter((row) => params.status === undefined || row.status === params.status)
    .filter((row) => params.claimant === undefined || row.claimant_id === Number(params.claimant))
    .filter((row) => params.disputed === undefined || row.disputed === 1)
    .map((row) => row.id);
}

type Strategy = 'matches checked row by row' | 'rowid set' | 'claims looked up';

function walk(params: Record<string, string>): { ids: number[]; strategy: Strategy } {
  logged.length = 0;
  const pages: ClaimListPage[] = [listClaims(logging, actor, ClaimListQuery.parse(params))];
  const strategy: Strategy = logged.some((query) => query.includes('+"claims_fts"."rowid" in (select'))
    ? 'rowid set'
    : logged.some((query) => query.includes('from "claims" cross join "claims_fts"'))
      ? 'claims looked up'
      : 'matches checked row by row';
  while (pages.at(-1)!.nextCursor) {
    pages.push(listClaims(logging, actor, ClaimListQuery.parse({ ...params, cursor: pages.at(-1)!.nextCursor! })));
  }
  return { ids: pages.flatMap((page) => page.items.map((item) => item.id)), strategy };
}

const countWhere = (column: string, value: string | number) =>
  db.$client.prepare(`SELECT count(*) FROM claims WHERE ${column} = ?`).pluck().get(value) as number;

describe('search combined with a filter', () => {
  it('checks a broad filter row by row, a narrow one as a rowid set and a small one claim by claim, with the same answers', () => {
    const claimants = db.$client
      .prepare('SELECT claimant_id AS id, count(*) AS n FROM claims GROUP BY claimant_id ORDER BY n DESC, id')
      .all() as { id: number; n: number }[];
    const busiest = claimants[0]!;
    const quiet = claimants.find((c) => c.n > 30 && c.n <= CANDIDATE_LOOKUP_ROWS)!;
    expect(busiest.n).toBeGreaterThan(CANDIDATE_LOOKUP_ROWS);
    expect(quiet).toBeDefined();
    expect(countWhere('status', 'published')).toBeGreaterThan(SELECTIVE_FILTER_ROWS);
    expect(countWhere('status', 'ready')).toBeLessThan(SELECTIVE_FILTER_ROWS);
    expect(countWhere('status', 'ready')).toBeGreaterThan(CANDIDATE_LOOKUP_ROWS);
    expect(countWhere('disputed', 1)).toBeLessThanOrEqual(CANDIDATE_LOOKUP_ROWS);

    const cases: [Record<string, string>, Strategy][] = [
      [{ q: 'troops', status: 'published', limit: '100' }, 'matches checked row by row'],
      [{ q: 'troops', status: 'ready', limit: '100' }, 'rowid set'],
      [{ q: 'sanc', claimant: String(busiest.id), limit: '20' }, 'rowid set'],
      [{ q: 'troops', disputed: '1', limit: '50' }, 'claims looked up'],
      [{ q: 'troops', claimant: String(quiet.id), limit: '7' }, 'claims looked up'],
      [{ q: 'sanc', claimant: String(quiet.id), status: 'published', limit: '3' }, 'claims looked up'],
      [{ q: 'zeppelin', claimant: String(quiet.id) }, 'claims looked up'],
      [{ q: 'zeppelin', status: 'published' }, 'matches checked row by row'],
    ];
    for (const [params, strategy] of cases) {
      const expected = expectedIds(params);
      const walked = walk(params);
      expect(walked.strategy, JSON.stringify(params)).toBe(strategy);
      expect(walked.ids, JSON.stringify(params)).toEqual(expected);
    }
  });

  it('counts a narrow filter only beyond the cursor', () => {
    const params = { q: 'troops', status: 'published', limit: '100' };
    const all = walk(params).ids;
    // Deep enough that fewer than SELECTIVE_FILTER_ROWS published claims remain past the cursor.
    let page = listClaims(db, actor, ClaimListQuery.parse({ status: 'published', limit: '100' }));
    for (let i = 0; i < 30 && page.nextCursor; i += 1) {
      page = listClaims(db, actor, ClaimListQuery.parse({ status: 'published', limit: '100', cursor: page.nextCursor }));
    }
    const deepest = page.items.at(-1)!.id;
    const rest = walk({ ...params, cursor: page.nextCursor! });
    expect(rest.strategy).toBe('rowid set');
    expect(rest.ids).toEqual(all.filter((id) => id < deepest));
  });

  it.each([
    { q: 'troops', status: 'ready', limit: '40' },
    { q: 'troops', disputed: '1', limit: '10' },
  ])('walks back through a narrow filter to the same pages: %o', (params) => {
    const forward: ClaimListPage[] = [listClaims(db, actor, ClaimListQuery.parse(params))];
    while (forward.at(-1)!.nextCursor) {
      forward.push(listClaims(db, actor, ClaimListQuery.parse({ ...params, cursor: forward.at(-1)!.nextCursor! })));
    }
    expect(forward.length).toBeGreaterThan(3);
    const back: ClaimListPage[] = [forward.at(-1)!];
    while (back.at(-1)!.prevCursor) {
      back.push(listClaims(db, actor, ClaimListQuery.parse({ ...params, cursor: back.at(-1)!.prevCursor!, dir: 'prev' })));
    }
    const ids = (pages: ClaimListPage[]) => pages.map((page) => page.items.map((item) => item.id));
    expect(ids(back).reverse()).toEqual(ids(forward));
  });
});
