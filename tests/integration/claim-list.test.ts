import { drizzle } from 'drizzle-orm/better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listClaimantOptions, listClaims, type ClaimListPage } from '@/lib/claims/claim-list';
import { HIGHLIGHT_END, HIGHLIGHT_START } from '@/lib/claims/search-query';
import { claimCursor } from '@/lib/validation/cursor';
import type { Db } from '@/db/open';
import * as schema from '@/db/schema';
import { claims, sources, users, type ClaimStatus } from '@/db/schema';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/permissions';
import { ClaimListQuery } from '@/lib/validation/claim-list';
import { createTestDb } from '../helpers/test-db';
import { userActor } from '../helpers/actors';

let db: Db;
let cleanup: () => void;
let reviewer: Actor;
const ids: Record<string, number> = {};
const allIds: number[] = [];
const FILLER = 53;

const list = (params: Record<string, string> = {}) => listClaims(db, reviewer, ClaimListQuery.parse(params));
const idsOf = (page: ClaimListPage) => page.items.map((item) => item.id);

beforeAll(() => {
  ({ db, cleanup } = createTestDb());
  const user = db
    .insert(users)
    .values({ email: 'rev@example.org', name: 'Rita Reviewer', role: 'reviewer', passwordHash: 'x' })
    .returning()
    .get();
  reviewer = userActor(user);

  const source = (name: string, kind: schema.SourceKind) =>
    db.insert(sources).values({ name, kind }).returning({ id: sources.id }).get().id;
  ids.pentagon = source('Pentagon', 'government');
  ids.zelensky = source('Volodymyr Zelensky', 'person');
  ids.menafn = source('MENAFN', 'media');
  ids.unused = source('Unused Source', 'organisation');

  const claim = (key: string, statement: string, claimantId: number, status: ClaimStatus, disputed = false) => {
    const id = db
      .insert(claims)
      .values({ statement, claimantId, claimedOn: '2024-12-18', status, disputed, createdBy: user.id })
      .returning({ id: claims.id })
      .get().id;
    ids[key] = id;
    allIds.push(id);
  };
  claim('pentagonTroops', 'As many as 10,000 North Korean troops have been sent to Russia.', ids.pentagon, 'in_review', true);
  claim('zelenskyTroops', 'As many as 100,000 troops could be deployed.', ids.zelensky, 'in_review', true);
  claim('treasury', 'The US Treasury sanctioned North Korean banks and military officials.', ids.pentagon, 'published');
  claim('blacklist', 'South Korea blacklisted 11 individuals and 15 entities.', ids.menafn, 'published');
  claim('single', 'A single troop was seen near the front.', ids.zelensky, 'draft');
  const statuses: ClaimStatus[] = ['draft', 'in_review', 'ready', 'published', 'retracted'];
  for (let i = 0; i < FILLER; i += 1) {
    claim(`filler${i}`, `Filler claim ${i} about shipping`, ids.menafn, statuses[i % statuses.length]!, i % 10 === 0);
  }
  allIds.sort((a, b) => b - a);
});

afterAll(() => cleanup());

describe('listClaims filters', () => {
  it('lists newest first with the claimant', () => {
    const page = list({ limit: '3' });
    expect(idsOf(page)).toEqual(allIds.slice(0, 3));
    expect(page.items[0]).toMatchObject({ claimant: { id: ids.menafn, name: 'MENAFN' }, highlighted: null });
    expect(page.prevCursor).toBeNull();
    expect(page.nextCursor).not.toBeNull();
  });

  it('filters by status', () => {
    const page = list({ status: 'in_review', limit: '100' });
    expect(page.items.length).toBeGreaterThan(2);
    expect(page.items.every((item) => item.status === 'in_review')).toBe(true);
    expect(idsOf(page)).toContain(ids.pentagonTroops);
    expect(idsOf(page)).toContain(ids.zelenskyTroops);
  });

  it('filters by claimant', () => {
    expect(idsOf(list({ claimant: String(ids.pentagon) }))).toEqual([ids.treasury, ids.pentagonTroops]);
  });

  it('filters by disputed, either way', () => {
    const disputed = list({ disputed: '1', limit: '100' });
    expect(disputed.items.every((item) => item.disputed)).toBe(true);
    expect(disputed.items).toHaveLength(2 + Math.ceil(FILLER / 10));
    const undisputed = list({ disputed: 'false', limit: '100' });
    expect(undisputed.items.some((item) => item.disputed)).toBe(false);
    expect(disputed.items.length + undisputed.items.length).toBe(allIds.length);
  });

  it('combines filters and treats empty params as absent', () => {
    const page = list({ status: 'in_review', claimant: String(ids.zelensky), disputed: '1', q: '', cursor: '' });
    expect(idsOf(page)).toEqual([ids.zelenskyTroops]);
  });
});

describe('listClaims search', () => {
  it('finds by word, by stem and by prefix', () => {
    expect(idsOf(list({ q: 'blacklisted' }))).toEqual([ids.blacklist]);
    expect(idsOf(list({ q: 'troop' }))).toEqual([ids.single, ids.zelenskyTroops, ids.pentagonTroops]);
    expect(idsOf(list({ q: 'troops' }))).toEqual([ids.single, ids.zelenskyTroops, ids.pentagonTroops]);
    expect(idsOf(list({ q: 'north korean tro' }))).toEqual([ids.pentagonTroops]);
    expect(idsOf(list({ q: 'sanc' }))).toEqual([ids.treasury]);
  });

  it('combines search with filters', () => {
    expect(idsOf(list({ q: 'troops', status: 'in_review', claimant: String(ids.pentagon) }))).toEqual([ids.pentagonTroops]);
    expect(list({ q: 'troops', claimant: String(ids.unused) })).toEqual({ items: [], nextCursor: null, prevCursor: null });
  });

  it('marks the matched words in the statement', () => {
    const [item] = list({ q: 'troop' }).items;
    expect(item?.statement).toBe('A single troop was seen near the front.');
    expect(item?.highlighted).toBe(`A single ${HIGHLIGHT_START}troop${HIGHLIGHT_END} was seen near the front.`);
    const [treasury] = list({ q: 'sanc' }).items;
    expect(treasury?.highlighted).toContain(`${HIGHLIGHT_START}sanctioned${HIGHLIGHT_END}`);
  });

  it('leaves out the highlight when the statement itself holds a marker character', () => {
    let page: ClaimListPage | undefined;
    expect(() =>
      db.transaction((tx) => {
        tx.insert(claims).values({ statement: `Odd ${HIGHLIGHT_START} troops`, claimantId: ids.pentagon!, claimedOn: '2024-12-18' }).run();
        page = listClaims(tx, reviewer, ClaimListQuery.parse({ q: 'odd troops' }));
        tx.rollback();
      }),
    ).toThrow();
    expect(page?.items).toHaveLength(1);
    expect(page?.items[0]?.highlighted).toBeNull();
  });

  it.each(['"', '*', 'NEAR(', 'NEAR(troops', '(((', 'AND OR', 'AND', 'col:x', 'statement:troops', '^troops', "' OR 1=1 --", 'troops"'])(
    'answers %j with results or an empty list, never an error',
    (q) => {
      const page = list({ q });
      expect(Array.isArray(page.items)).toBe(true);
    },
  );

  it('searches a hostile string for its words', () => {
    expect(idsOf(list({ q: 'NEAR(troops deployed' }))).toEqual([]);
    expect(idsOf(list({ q: '"troops" could' }))).toEqual([ids.zelenskyTroops]);
    expect(idsOf(list({ q: 'statement:troops' }))).toEqual([]);
  });

  it('survives a 10,000-character search that skipped validation', () => {
    const page = listClaims(db, reviewer, { q: 'troops '.repeat(1500), dir: 'next', limit: 25 });
    expect(idsOf(page)).toEqual([ids.single, ids.zelenskyTroops, ids.pentagonTroops]);
    expect(() => listClaims(db, reviewer, { q: '('.repeat(10_000), dir: 'next', limit: 25 })).not.toThrow();
  });

  it('refuses an overlong search in the URL with a message on q', () => {
    const parsed = ClaimListQuery.safeParse({ q: 'x'.repeat(201) });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['q']);
  });
});

describe('listClaims keyset pagination', () => {
  const walk = (params: Record<string, string>) => {
    const pages: ClaimListPage[] = [list(params)];
    while (pages.at(-1)!.nextCursor) pages.push(list({ ...params, cursor: pages.at(-1)!.nextCursor! }));
    return pages;
  };

  it.each([
    ['all claims', {}],
    ['a status', { status: 'draft' }],
    ['a search', { q: 'filler' }],
  ])('visits every claim once, newest first, forwards and back (%s)', (_name, filter: Record<string, string>) => {
    const params = { ...filter, limit: '7' };
    const pages = walk(params);
    const expected = idsOf(list({ ...filter, limit: '100' }));
    expect(expected.length).toBeGreaterThan(7);
    expect(pages.flatMap(idsOf)).toEqual(expected);
    expect(pages.slice(0, -1).every((page) => page.items.length === 7)).toBe(true);

    const back: ClaimListPage[] = [pages.at(-1)!];
    while (back.at(-1)!.prevCursor) back.push(list({ ...params, cursor: back.at(-1)!.prevCursor!, dir: 'prev' }));
    expect(back.map(idsOf).reverse()).toEqual(pages.map(idsOf));
    expect(back.at(-1)!.prevCursor).toBeNull();
  });

  it('keeps a way back from past either end', () => {
    const past = list({ cursor: claimCursor.encode({ id: Math.min(...allIds) }) });
    expect(past.items).toEqual([]);
    expect(past.nextCursor).toBeNull();
    expect(idsOf(list({ cursor: past.prevCursor!, dir: 'prev', limit: '2' }))).toEqual(allIds.slice(-3, -1));
  });

  it.each([
    'not a cursor!',
    '%%%',
    Buffer.from('garbage').toString('base64url'),
    Buffer.from('{"v":2,"id":5}').toString('base64url'),
    Buffer.from('{"v":1,"id":-5}').toString('base64url'),
    Buffer.from('{"v":1,"id":"5"}').toString('base64url'),
  ])('refuses the malformed cursor %j as a bad request on the cursor field', (cursor) => {
    const error = (() => {
      try {
        list({ cursor });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('bad_request');
    expect((error as AppError).fieldErrors.cursor?.length).toBe(1);
  });
});

describe('claim list query plans', () => {
  it('uses an index for every filter and never sorts', () => {
    const logged: { query: string; params: unknown[] }[] = [];
    const logging = drizzle(db.$client, {
      schema,
      logger: { logQuery: (query, params) => logged.push({ query, params }) },
    }) as unknown as Db;
    const cursor = claimCursor.encode({ id: allIds[10]! });
    const plan = (params: Record<string, string>) => {
      logged.length = 0;
      listClaims(logging, reviewer, ClaimListQuery.parse(params));
      const { query, params: bound } = logged.at(-1)!;
      const rows = db.$client.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...(bound as never[])) as { detail: string }[];
      return rows.map((row) => row.detail).join('\n');
    };

    expect(plan({ cursor })).toMatch(/SEARCH claims USING INTEGER PRIMARY KEY \(rowid<\?\)/);
    expect(plan({ status: 'draft', cursor })).toMatch(/claims_status_id_idx \(status=\? AND (?:row)?id<\?\)/);
    expect(plan({ claimant: String(ids.menafn), cursor })).toMatch(/claims_claimant_id_idx \(claimant_id=\? AND (?:row)?id<\?\)/);
    expect(plan({ disputed: '1', cursor })).toMatch(/claims_disputed_id_idx \(disputed=\? AND (?:row)?id<\?\)/);
    expect(plan({ status: 'draft', cursor, dir: 'prev' })).toMatch(/claims_status_id_idx \(status=\? AND (?:row)?id>\?\)/);
    // Matches walked in rowid order from the cursor, each joined to its claim.
    const searchPlan = plan({ q: 'troops', cursor });
    expect(searchPlan).toMatch(/^SCAN claims_fts VIRTUAL TABLE INDEX \d+:M\d+[<>]+\n/);
    expect(searchPlan).toMatch(/SEARCH claims USING INTEGER PRIMARY KEY/);
    // A filter that leaves few claims: those claims down their index, each looked up in the full-text index.
    expect(plan({ q: 'troops', status: 'draft', cursor })).toMatch(
      /^SEARCH claims USING INDEX claims_status_id_idx \(status=\? AND (?:row)?id<\?\)\nSCAN claims_fts VIRTUAL TABLE INDEX \d+:=M\d+\n/,
    );
    const unsorted: Record<string, string>[] = [
      {},
      { status: 'draft' },
      { q: 'troops' },
      { q: 'troops', dir: 'prev', cursor },
      { q: 'troops', status: 'draft', cursor },
      { q: 'troops', status: 'draft', dir: 'prev', cursor },
    ];
    for (const params of unsorted) {
      expect(plan(params)).not.toMatch(/TEMP B-TREE/);
    }
  });
});

describe('listClaimantOptions', () => {
  it('lists claimants by name with their claim counts, leaving out sources without claims', () => {
    expect(listClaimantOptions(db, reviewer)).toEqual([
      { id: ids.menafn, name: 'MENAFN', claimCount: 1 + FILLER },
      { id: ids.pentagon, name: 'Pentagon', claimCount: 2 },
      { id: ids.zelensky, name: 'Volodymyr Zelensky', claimCount: 2 },
    ]);
  });
});

describe('claim list permissions', () => {
  const machine: Actor = { kind: 'api_key', id: 1, scopes: [], name: 'k' };

  it.each([
    ['listClaims', () => listClaims(db, machine, ClaimListQuery.parse({}))],
    ['listClaimantOptions', () => listClaimantOptions(db, machine)],
  ])('refuses %s to an actor without claim:read', (_name, run) => {
    expect(run).toThrow(AppError);
    try {
      run();
    } catch (error) {
      expect((error as AppError).code).toBe('forbidden');
    }
  });
});
