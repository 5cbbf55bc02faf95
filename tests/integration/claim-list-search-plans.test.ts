import { drizzle } from 'drizzle-orm/better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SELECTIVE_FILTER_ROWS, listClaims, type ClaimListPage } from '@/db/queries/claim-list';
import type { Db } from '@/db/open';
import * as schema from '@/db/schema';
import type { Actor } from '@/lib/permissions';
import { toFtsQuery } from '@/lib/search-query';
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

function walk(params: Record<string, string>): { ids: number[]; usedRowidSet: boolean } {
  logged.length = 0;
  const pages: ClaimListPage[] = [listClaims(logging, actor, ClaimListQuery.parse(params))];
  const usedRowidSet = logged.some((query) => query.includes('+"claims_fts"."rowid" in (select'));
  while (pages.at(-1)!.nextCursor) {
    pages.push(listClaims(logging, actor, ClaimListQuery.parse({ ...params, cursor: pages.at(-1)!.nextCursor! })));
  }
  return { ids: pages.flatMap((page) => page.items.map((item) => item.id)), usedRowidSet };
}

const countWhere = (column: string, value: string | number) =>
  db.$client.prepare(`SELECT count(*) FROM claims WHERE ${column} = ?`).pluck().get(value) as number;

describe('search combined with a filter', () => {
  it('checks a broad filter row by row and a narrow one as a rowid set, with the same answers', () => {
    const busiest = db.$client
      .prepare('SELECT claimant_id FROM claims GROUP BY claimant_id ORDER BY count(*) DESC LIMIT 1')
      .pluck()
      .get() as number;
    expect(countWhere('status', 'published')).toBeGreaterThan(SELECTIVE_FILTER_ROWS);
    expect(countWhere('status', 'ready')).toBeLessThan(SELECTIVE_FILTER_ROWS);

    const cases: [Record<string, string>, boolean][] = [
      [{ q: 'troops', status: 'published', limit: '100' }, false],
      [{ q: 'troops', status: 'ready', limit: '100' }, true],
      [{ q: 'sanc', claimant: String(busiest), limit: '20' }, true],
      [{ q: 'troops', disputed: '1', limit: '50' }, true],
      [{ q: 'zeppelin', status: 'published' }, false],
    ];
    for (const [params, narrow] of cases) {
      const expected = expectedIds(params);
      const { ids, usedRowidSet } = walk(params);
      expect(usedRowidSet, JSON.stringify(params)).toBe(narrow);
      expect(ids, JSON.stringify(params)).toEqual(expected);
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
    expect(rest.usedRowidSet).toBe(true);
    expect(rest.ids).toEqual(all.filter((id) => id < deepest));
  });

  it('walks back through a narrow filter to the same pages', () => {
    const params = { q: 'troops', status: 'ready', limit: '40' };
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
