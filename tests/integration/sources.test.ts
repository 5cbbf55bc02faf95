import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { listClaims } from '@/lib/claims/claim-list';
import { FEW_MATCHES } from '@/lib/sources/source-list';
import { claims, sources } from '@/db/schema';
import { seedDemo } from '@/lib/demo/seed';
import { createClaim } from '@/lib/claims/claims';
import { ConflictError } from '@/lib/history/conflicts';
import { AppError, fieldErrorsFromZod, type ErrorCode } from '@/lib/errors';
import type { Actor } from '@/lib/auth/permissions';
import { listSourcesFor } from '@/lib/sources/source-list';
import { editSource, loadSourcePage, SOURCE_PAGE_CLAIMS } from '@/lib/sources/sources';
import { ClaimListQuery } from '@/lib/validation/claim-list';
import { formSchema } from '@/lib/validation/fields';
import { SourceUpdate } from '@/lib/validation/source';
import { SOURCE_LIST_LIMIT, SourceListQuery } from '@/lib/validation/source-list';
import { demoActors } from '../helpers/actors';
import { tableCounts } from '../helpers/table-counts';
import { createTestDb } from '../helpers/test-db';

let db: Db;
let cleanup: () => void;
type Person = 'reviewer1' | 'reviewer2' | 'editor' | 'admin';
const actors = {} as Record<Person, Actor>;
const sourceId = (name: string) => db.select({ id: sources.id }).from(sources).where(eq(sources.name, name)).get()!.id;
const sourceRow = (id: number) => db.select().from(sources).where(eq(sources.id, id)).get()!;

beforeAll(async () => {
  ({ db, cleanup } = createTestDb());
  await seedDemo(db);
  Object.assign(actors, demoActors(db));
});
afterAll(() => cleanup());

function refusal(run: () => unknown): AppError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AppError);
  return caught as AppError;
}

const names = (params: Record<string, string>) => listSourcesFor(db, actors.reviewer1, SourceListQuery.parse(params)).items.map((s) => s.name);

/** Every page of a listing, following the next cursors from the first page. */
function walk(params: Record<string, string>): { ids: number[]; pages: number } {
  let page = listSourcesFor(db, actors.reviewer1, SourceListQuery.parse(params));
  const ids = page.items.map((s) => s.id);
  let pages = 1;
  while (page.nextCursor) {
    page = listSourcesFor(db, actors.reviewer1, SourceListQuery.parse({ ...params, cursor: page.nextCursor }));
    ids.push(...page.items.map((s) => s.id));
    pages++;
  }
  return { ids, pages };
}

/** The same listing worked out the slow, obvious way. */
function expected(filter: (row: { name: string; kind: string }) => boolean): number[] {
  const rows = db.$client.prepare('SELECT id, name, kind FROM sources').all() as { id: number; name: string; kind: string }[];
  return rows
    .filter(filter)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id))
    .map((row) => row.id);
}

describe('the sources list', () => {
  it('lists the demo sources by name, with how many claims each made', () => {
    const page = listSourcesFor(db, actors.reviewer1, SourceListQuery.parse({}));
    expect(page.items.map((s) => s.name)).toEqual([...page.items.map((s) => s.name)].sort());
    const menafn = page.items.find((s) => s.name === 'MENAFN')!;
    expect(menafn.claimCount).toBe(db.$client.prepare('SELECT count(*) FROM claims WHERE claimant_id = ?').pluck().get(menafn.id));
    expect(menafn.claimCount).toBe(2);
    expect(page.items.find((s) => s.name === 'Reuters')!.claimCount).toBe(0);
  });

  it('finds sources by any word of their name, the last one as a prefix, ignoring case and accents', () => {
    expect(names({ q: 'korea' })).toEqual(["North Korea's UN ambassador", "South Korea's Foreign Ministry"]);
    expect(names({ q: 'Zelen' })).toEqual(['Volodymyr Zelensky']);
    expect(names({ q: 'south kor' })).toEqual(["South Korea's Foreign Ministry"]);
    expect(names({ q: 'KYIV' })).toEqual(['The Kyiv Independent']);
    expect(names({ q: 'nobody by this name' })).toEqual([]);
    // FTS5 syntax typed into the box is only ever text.
    expect(names({ q: 'NEAR(" korea' })).toEqual([]);
    expect(names({ q: '"*' })).toHaveLength(Math.min(SOURCE_LIST_LIMIT, db.$client.prepare('SELECT count(*) FROM sources').pluck().get() as number));
    const lusa = db.insert(sources).values({ name: 'Agência Lusa', kind: 'media' }).returning().get();
    expect(names({ q: 'AGENCIA' })).toEqual(['Agência Lusa']);
    db.delete(sources).where(eq(sources.id, lusa.id)).run();
    expect(names({ q: 'agencia' })).toEqual([]);
  });

  it('filters by kind, alone and with a search', () => {
    expect(names({ kind: 'person' })).toEqual(['Vladimir Putin', 'Volodymyr Zelensky']);
    expect(names({ kind: 'media', q: 'independent' })).toEqual(['The Kyiv Independent']);
    expect(names({ kind: 'person', q: 'korea' })).toEqual([]);
  });

  it('refuses a forged cursor as a bad request naming the cursor', () => {
    const error = refusal(() => listSourcesFor(db, actors.reviewer1, SourceListQuery.parse({ cursor: 'eyJ2IjoxfQ' })));
    expect(error.code).toBe('bad_request');
    expect(Object.keys(error.fieldErrors)).toEqual(['cursor']);
  });

  it('is refused without a session and to an API key', () => {
    expect(refusal(() => listSourcesFor(db, null as unknown as Actor, SourceListQuery.parse({}))).code).toBe('unauthorized');
    expect(refusal(() => listSourcesFor(db, { kind: 'api_key', id: 1, scopes: ['claims:write'], name: 'k' }, SourceListQuery.parse({}))).code).toBe('forbidden');
  });
});

describe('the sources list at some thousands of sources', () => {
  beforeAll(() => {
    // More "Ministry" names than FEW_MATCHES, so a search for it walks the name index, and fewer
    // "Herald" names, so that search sorts its matches; names repeat across kinds.
    const insert = db.$client.prepare('INSERT INTO sources (name, kind) VALUES (?, ?)');
    db.$client.transaction(() => {
      for (let i = 0; i < FEW_MATCHES + 500; i++) insert.run(`Ministry of Harbours ${String(i).padStart(5, '0')}`, i % 2 ? 'government' : 'document');
      for (let i = 0; i < 700; i++) insert.run(`Herald ${String((i * 7919) % 700).padStart(4, '0')}`, i % 3 ? 'media' : 'organisation');
      for (let i = 0; i < 300; i++) insert.run(`Aaron Zeta ${i}`, 'person');
    })();
  });

  it.each<[string, Record<string, string>, (row: { name: string; kind: string }) => boolean]>([
    ['every source', {}, () => true],
    ['one kind', { kind: 'media' }, (r) => r.kind === 'media'],
    ['a search with many matches (the name index walked)', { q: 'ministry' }, (r) => /\bministry\b/i.test(r.name)],
    ['a search with many matches, of one kind', { q: 'harbours', kind: 'government' }, (r) => /\bharbours\b/i.test(r.name) && r.kind === 'government'],
    ['a search with few matches (sorted from the matches)', { q: 'herald' }, (r) => /\bherald\b/i.test(r.name)],
    ['a search with few matches, of one kind', { q: 'herald', kind: 'organisation' }, (r) => /\bherald\b/i.test(r.name) && r.kind === 'organisation'],
  ])('pages through %s in name order, each source once', (_case, params, filter) => {
    const want = expected(filter);
    const { ids, pages } = walk(params);
    expect(ids).toEqual(want);
    expect(pages).toBe(Math.max(1, Math.ceil(want.length / SOURCE_LIST_LIMIT)));
  });

  it('pages back from the end to the start the same way', () => {
    const forward = walk({ q: 'ministry' }).ids;
    let page = listSourcesFor(db, actors.reviewer1, SourceListQuery.parse({ q: 'ministry' }));
    while (page.nextCursor) page = listSourcesFor(db, actors.reviewer1, SourceListQuery.parse({ q: 'ministry', cursor: page.nextCursor }));
    const backward = [...page.items.map((s) => s.id)];
    while (page.prevCursor) {
      page = listSourcesFor(db, actors.reviewer1, SourceListQuery.parse({ q: 'ministry', cursor: page.prevCursor, dir: 'prev' }));
      backward.unshift(...page.items.map((s) => s.id));
    }
    expect(backward).toEqual(forward);
  });

  it('reads the list through its indexes, never sorting the whole table', () => {
    const plan = (sql: string, ...params: unknown[]) =>
      (db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan('SELECT id FROM sources ORDER BY name, id LIMIT 51')).toMatch(/SCAN sources USING (COVERING )?INDEX sources_name_idx/);
    const byKind = plan("SELECT id, url FROM sources WHERE kind = 'media' ORDER BY name, id LIMIT 51");
    expect(byKind).toContain('sources_kind_name_idx');
    expect(byKind).not.toContain('TEMP B-TREE');
    expect(plan('SELECT count(*) FROM evidence WHERE publisher_id = 1')).toContain('evidence_publisher_idx');
  });
});

describe('a source page', () => {
  it('shows a claimant’s claims with their status and current verdict rating', () => {
    const data = loadSourcePage(db, actors.reviewer2, sourceId("South Korea's Foreign Ministry"));
    expect(data.source).toMatchObject({ name: "South Korea's Foreign Ministry", kind: 'government', claimCount: 1 });
    expect(data.claims.items).toHaveLength(1);
    // Published, then corrected: the current version's rating.
    expect(data.claims.items[0]).toMatchObject({ status: 'published', verdictLabel: 'accurate', verdictKind: 'correction' });
    expect(data.claims.more).toBe(false);
    expect(data.permissions.editSource).toBe(true);
  });

  it('shows the appearances and the evidence a source published', () => {
    const menafn = loadSourcePage(db, actors.editor, sourceId('MENAFN'));
    expect(menafn.appearances.items.length).toBeGreaterThan(0);
    expect(menafn.appearances.items[0]!.claim.statement.length).toBeGreaterThan(0);
    const reuters = loadSourcePage(db, actors.editor, sourceId('Reuters'));
    expect(reuters.claims.items).toEqual([]);
    expect(reuters.evidence.items.length).toBeGreaterThan(0);
    expect(reuters.evidence.items.every((item) => item.claim.id > 0 && item.url.startsWith('http'))).toBe(true);
  });

  it('lists the newest claims of a prolific source and says more exist', () => {
    const source = sourceId('Aaron Zeta 1');
    for (let i = 0; i <= SOURCE_PAGE_CLAIMS; i++) {
      createClaim(db, actors.editor, {
        statement: `Prolific claim ${i}.`,
        claimantId: source,
        claimedOn: '2024-12-18',
        language: 'en',
        context: '',
        appearance: { url: `https://example.org/prolific/${i}`, title: `Prolific ${i}`, quote: '' },
      });
    }
    const data = loadSourcePage(db, actors.editor, source);
    expect(data.source.claimCount).toBe(SOURCE_PAGE_CLAIMS + 1);
    expect(data.claims.items).toHaveLength(SOURCE_PAGE_CLAIMS);
    expect(data.claims.more).toBe(true);
    expect(data.claims.items[0]!.statement).toBe(`Prolific claim ${SOURCE_PAGE_CLAIMS}.`);
    expect(data.claims.items[0]).toMatchObject({ status: 'draft', verdictLabel: null, verdictKind: null });
  });

  it('answers not found for a source that does not exist', () => {
    expect(refusal(() => loadSourcePage(db, actors.editor, 987654)).code).toBe('not_found');
  });
});

describe('editing a source', () => {
  let serial = 0;
  function newSource(): number {
    serial++;
    return db.insert(sources).values({ name: `Edit fixture outlet ${serial}`, kind: 'media' }).returning().get().id;
  }
  const input = (id: number, overrides: Partial<SourceUpdate> = {}): SourceUpdate => {
    const row = sourceRow(id);
    return { sourceId: id, version: row.version, name: row.name, kind: row.kind, url: row.url ?? undefined, notes: row.notes, ...overrides };
  };

  it('saves the changed fields at the next version, audited with only what changed', () => {
    const id = newSource();
    const since = db.$client.prepare('SELECT coalesce(max(id), 0) FROM audit_events').pluck().get() as number;
    const { source, changed } = editSource(db, actors.reviewer1, input(id, { url: 'https://outlet.example/', notes: 'State-owned.' }));
    expect(changed).toBe(true);
    expect(source).toMatchObject({ url: 'https://outlet.example/', notes: 'State-owned.', version: 2, name: `Edit fixture outlet ${serial}` });
    const events = db.$client.prepare('SELECT action, entity_type, entity_id, actor_user_id, "before", "after" FROM audit_events WHERE id > ?').all(since) as Record<string, unknown>[];
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'source.update', entity_type: 'source', entity_id: id, actor_user_id: actors.reviewer1.id });
    expect(JSON.parse(events[0]!.before as string)).toEqual({ url: null, notes: '', version: 1 });
    expect(JSON.parse(events[0]!.after as string)).toEqual({ url: 'https://outlet.example/', notes: 'State-owned.', version: 2 });
    expect(loadSourcePage(db, actors.editor, id).history[0]!.text).toBe('Rosa Reviewer added the URL https://outlet.example/ and edited the notes.');
  });

  it('renames a source: its own search and the search of its claims follow', () => {
    const id = sourceId('Vladimir Putin');
    const claimId = db.select({ id: claims.id }).from(claims).where(eq(claims.claimantId, id)).get()!.id;
    editSource(db, actors.editor, input(id, { name: 'Vladimir Vladimirovich Putin' }));
    expect(names({ q: 'vladimirovich' })).toEqual(['Vladimir Vladimirovich Putin']);
    expect(listClaims(db, actors.editor, ClaimListQuery.parse({ q: 'Vladimirovich' })).items.map((c) => c.id)).toEqual([claimId]);
    expect(loadSourcePage(db, actors.editor, id).history[0]!.text).toBe('Edith Editor renamed it from “Vladimir Putin” to “Vladimir Vladimirovich Putin”.');
  });

  it('removes the URL when the field is emptied', () => {
    const id = newSource();
    editSource(db, actors.editor, input(id, { url: 'https://outlet.example/a' }));
    const parsed = formSchema(SourceUpdate).parse({ sourceId: String(id), version: '2', name: sourceRow(id).name, kind: 'media', url: '', notes: '' });
    editSource(db, actors.editor, parsed);
    expect(sourceRow(id)).toMatchObject({ url: null, version: 3 });
  });

  it('saves nothing when nothing changed', () => {
    const id = newSource();
    const counts = tableCounts(db);
    expect(editSource(db, actors.editor, input(id)).changed).toBe(false);
    expect(tableCounts(db)).toEqual(counts);
    expect(sourceRow(id).version).toBe(1);
  });

  it('refuses a stale version, saying who changed what, and writes nothing', () => {
    const id = newSource();
    const stale = input(id);
    editSource(db, actors.reviewer2, { ...stale, notes: 'First.' });
    const counts = tableCounts(db);
    const error = refusal(() => editSource(db, actors.editor, { ...stale, notes: 'Second, on the old page.' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toMatch(/^This source was changed after you opened it, so your save was not applied\. Ravi Reviewer changed notes at \d\d:\d\d UTC\./);
    expect(tableCounts(db)).toEqual(counts);
    expect(sourceRow(id)).toMatchObject({ notes: 'First.', version: 2 });
  });

  it('refuses a name another source of that kind has, naming the field, and writes nothing', () => {
    const id = newSource();
    const counts = tableCounts(db);
    const error = refusal(() => editSource(db, actors.editor, input(id, { name: 'Reuters' })));
    expect(error.code).toBe('bad_request');
    expect(error.fieldErrors).toEqual({ name: ['Another media outlet is already called “Reuters”'] });
    expect(tableCounts(db)).toEqual(counts);
    // The same name for another kind is a different source.
    expect(editSource(db, actors.editor, input(id, { name: 'Reuters', kind: 'organisation' })).source).toMatchObject({ name: 'Reuters', kind: 'organisation' });
  });

  it.each<[string, Actor | null, ErrorCode]>([
    ['no session', null, 'unauthorized'],
    ['an API key', { kind: 'api_key', id: 1, scopes: ['claims:write', 'verdicts:read', 'export:read'], name: 'CMS' }, 'forbidden'],
  ])('refuses %s, writing nothing', (_who, actor, code) => {
    const id = newSource();
    const counts = tableCounts(db);
    expect(refusal(() => editSource(db, actor as Actor, input(id, { notes: 'Nope.' }))).code).toBe(code);
    expect(tableCounts(db)).toEqual(counts);
  });

  it('lets reviewers, editors and admins edit sources', () => {
    for (const who of ['reviewer1', 'reviewer2', 'editor', 'admin'] as const) {
      expect(editSource(db, actors[who], input(newSource(), { notes: `By ${who}.` })).changed).toBe(true);
    }
  });

  it.each<[string, Record<string, string>, string]>([
    ['an empty name', { name: ' ' }, 'name'],
    ['an unknown kind', { kind: 'alien' }, 'kind'],
    ['a URL that is not a web address', { url: 'javascript:alert(1)' }, 'url'],
    ['notes that are too long', { notes: 'x'.repeat(2001) }, 'notes'],
    ['a missing version', { version: '' }, 'version'],
  ])('refuses %s in the form, naming the field', (_case, overrides, field) => {
    const result = formSchema(SourceUpdate).safeParse({ sourceId: '1', version: '1', name: 'A name', kind: 'media', url: '', notes: '', ...overrides });
    expect(result.success).toBe(false);
    if (!result.success) expect(Object.keys(fieldErrorsFromZod(result.error))).toEqual([field]);
  });
});
