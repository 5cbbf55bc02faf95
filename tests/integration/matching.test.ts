import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { externalFactchecks, sources, verdicts, verdictDrafts } from '@/db/schema';
import { createApiKey } from '@/lib/api/keys';
import { similarForApi } from '@/lib/api/similar';
import type { Actor } from '@/lib/auth/permissions';
import { createClaim } from '@/lib/claims/claims';
import { AppError } from '@/lib/errors';
import { findSimilar, suggestForClaim } from '@/lib/matching/find-similar';
import { createTestDb } from '../helpers/test-db';

/** findSimilar and suggestForClaim on a real database built from the migrations (FTS5 over claims and fact-checks). */
let db: Db;
let cleanup: () => void;
const reviewer: Actor = { kind: 'user', id: 0, role: 'reviewer', name: 'Rev', email: 'rev@example.org' };
let troopsId = 0;
let draftId = 0;
let factcheckId = 0;

function addFactcheck(values: { url: string; claimText: string; title: string; ratingText?: string }) {
  return db
    .insert(externalFactchecks)
    .values({ urlKey: values.url, url: values.url, publisherName: 'Full Fact', publisherSite: 'fullfact.org', publisherKey: 'fullfact.org', title: values.title, claimText: values.claimText, ratingText: values.ratingText ?? 'False', raw: '{}', contentHash: values.url, reviewDate: '2024-12-19' })
    .returning()
    .get().id;
}

beforeAll(() => {
  ({ db, cleanup } = createTestDb());
  const pentagon = db.insert(sources).values({ name: 'Pentagon', kind: 'government' }).returning().get().id;
  const council = db.insert(sources).values({ name: 'Riverton City Council', kind: 'government' }).returning().get().id;
  const user = db.$client.prepare("INSERT INTO users (email, name, role, password_hash) VALUES ('rev@example.org', 'Rev', 'reviewer', 'x') RETURNING id").pluck().get() as number;
  reviewer.id = user;
  const make = (statement: string, claimantId: number) =>
    createClaim(db, reviewer, { statement, claimantId, claimedOn: '2024-12-18', language: 'en', context: '', appearance: { url: 'https://example.org/a', title: 'A', quote: '' } }).id;
  troopsId = make('As many as 10,000 North Korean troops have been sent to Russia.', pentagon);
  draftId = make('North Korea sent 10,000 soldiers to fight for Russia in Kursk.', pentagon);
  make('Bus ridership rose 12% in 2023.', council);
  // The first claim is published "mostly_accurate"; the second has only an editor's unpublished draft.
  db.$client.prepare("UPDATE claims SET status = 'published' WHERE id = ?").run(troopsId);
  db.insert(verdicts).values({ claimId: troopsId, versionNumber: 1, kind: 'publication', label: 'mostly_accurate', headline: 'h', explanation: 'e', snapshot: JSON.stringify({ claim: { statement: 'As many as 10,000 North Korean troops have been sent to Russia.' } }) }).run();
  db.insert(verdictDrafts).values({ claimId: draftId, label: 'inaccurate' }).run();
  factcheckId = addFactcheck({ url: 'https://fullfact.org/troops', claimText: 'North Korea has deployed 10,000 troops to Russia.', title: 'Has North Korea sent troops to Russia?' });
  addFactcheck({ url: 'https://fullfact.org/bread', claimText: 'A loaf of bread costs five pounds.', title: 'Bread prices' });
});
afterAll(() => cleanup());

describe('findSimilar', () => {
  it('ranks the same claim first, from the desk and from fact-checks, with tiers and scores', async () => {
    const found = await findSimilar(db, reviewer, 'Pentagon: 10,000 North Korean troops sent to Russia');
    expect(found.length).toBeGreaterThanOrEqual(2);
    expect(found[0]).toMatchObject({ kind: 'claim', id: troopsId, status: 'published', verdict: { label: 'mostly_accurate', kind: 'publication' } });
    expect(found.some((m) => m.kind === 'factcheck' && m.id === factcheckId && m.publisher.name === 'Full Fact' && m.rating.text === 'False')).toBe(true);
    for (let i = 1; i < found.length; i++) expect(found[i - 1]!.score).toBeGreaterThanOrEqual(found[i]!.score);
    expect(found[0]!.tier).toBe('same');
    expect(found.some((m) => m.text.includes('bread') || m.text.includes('Bus'))).toBe(false);
  });

  it('shows published verdicts only: an unpublished draft’s label never reaches the caller', async () => {
    const draft = (await findSimilar(db, reviewer, 'North Korea sent 10,000 soldiers to fight for Russia in Kursk')).find((m) => m.id === draftId && m.kind === 'claim');
    expect(draft).toMatchObject({ kind: 'claim', status: 'draft', verdict: null });
  });

  it('honours limit, kinds and excludeClaimId', async () => {
    expect(await findSimilar(db, reviewer, 'North Korean troops Russia', { limit: 1 })).toHaveLength(1);
    expect((await findSimilar(db, reviewer, 'North Korean troops Russia', { kinds: ['factcheck'] })).every((m) => m.kind === 'factcheck')).toBe(true);
    expect((await findSimilar(db, reviewer, 'North Korean troops Russia', { excludeClaimId: troopsId })).some((m) => m.kind === 'claim' && m.id === troopsId)).toBe(false);
  });

  it('treats FTS5 syntax as text', async () => {
    for (const text of ['troops" OR statement:*', 'NEAR(troops russia, 2)', '^troops AND -russia', '"unterminated']) {
      await expect(findSimilar(db, reviewer, text), text).resolves.toBeInstanceOf(Array);
    }
    expect((await findSimilar(db, reviewer, 'NEAR(troops russia)'))[0]?.text).toMatch(/troops/i);
  });

  it('refuses text with no words (422 naming text), and finds nothing for words no one used', async () => {
    for (const text of ['', '   ', '?!…—"*()']) {
      let error: unknown;
      try {
        await findSimilar(db, reviewer, text);
      } catch (caught) {
        error = caught;
      }
      expect(error, JSON.stringify(text)).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('unprocessable');
      expect((error as AppError).fieldErrors).toHaveProperty('text');
    }
    expect(await findSimilar(db, reviewer, 'zyxwvut qwertyuiop')).toEqual([]);
  });

  it('reads a 3 MB text as its first 10,000 characters, quickly', async () => {
    const started = performance.now();
    const found = await findSimilar(db, reviewer, `North Korean troops Russia ${'lorem ipsum '.repeat(260_000)}`);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(found[0]?.text).toMatch(/troops/i);
  });

  it('is for people of the desk and keys with claims:read only', async () => {
    const { apiKey } = createApiKey(db, null, { name: 'CMS', scopes: ['claims:read'] });
    const reader: Actor = { kind: 'api_key', id: apiKey.id, name: apiKey.name, scopes: apiKey.scopes };
    expect((await similarForApi(db, reader, 'North Korean troops Russia', 10)).data[0]).toMatchObject({ kind: expect.any(String), tier: expect.any(String) });
    const writer: Actor = { kind: 'api_key', id: apiKey.id, name: apiKey.name, scopes: ['claims:write', 'verdicts:read', 'export:read'] };
    await expect(findSimilar(db, writer, 'troops')).rejects.toThrow(AppError);
  });

  it('keeps the fact-check index in step with inserts, updates and deletes', async () => {
    const id = addFactcheck({ url: 'https://fullfact.org/zeppelin', claimText: 'A zeppelin landed on the town hall.', title: 'Zeppelin' });
    expect((await findSimilar(db, reviewer, 'zeppelin town hall'))[0]).toMatchObject({ kind: 'factcheck', id });
    db.$client.prepare("UPDATE external_factchecks SET claim_text = 'A blimp landed on the library.', title = 'Blimp' WHERE id = ?").run(id);
    expect(await findSimilar(db, reviewer, 'zeppelin town hall')).toEqual([]);
    expect((await findSimilar(db, reviewer, 'blimp library'))[0]).toMatchObject({ id });
    db.$client.prepare('DELETE FROM external_factchecks WHERE id = ?').run(id);
    expect(await findSimilar(db, reviewer, 'blimp library')).toEqual([]);
    db.$client.prepare("INSERT INTO factchecks_fts(factchecks_fts, rank) VALUES ('integrity-check', 1)").run();
  });
});

describe('suggestForClaim', () => {
  it('suggests fact-checks and possible duplicates, never the claim itself', async () => {
    const { factchecks, duplicates } = await suggestForClaim(db, reviewer, troopsId, 5);
    expect(factchecks[0]).toMatchObject({ kind: 'factcheck', id: factcheckId });
    expect(duplicates.map((d) => d.id)).toContain(draftId);
    expect(duplicates.map((d) => d.id)).not.toContain(troopsId);
    expect(duplicates.find((d) => d.id === draftId)?.verdict).toBeNull();
  });
  it('answers not_found for a claim that does not exist', async () => {
    await expect(suggestForClaim(db, reviewer, 999_999, 5)).rejects.toThrow(AppError);
  });
});
