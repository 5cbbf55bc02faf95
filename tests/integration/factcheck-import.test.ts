import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFactchecks, importUnits, openFactcheckInput, UnknownFormatError } from '@/lib/import/factchecks';
import { createTestDb } from '../helpers/test-db';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/factchecks');
const fixture = (name: string) => path.join(FIXTURES, name);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-factchecks-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function review(n: number, rating = 'False', extra: Record<string, unknown> = {}) {
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: `https://bulk.example/checks/${n}`,
    claimReviewed: `Claim number ${n} went viral.`,
    author: { '@type': 'Organization', name: 'Bulk Checks', url: 'https://bulk.example/' },
    reviewRating: { '@type': 'Rating', alternateName: rating },
    datePublished: '2024-01-02',
    ...extra,
  };
}

describe('fact-check import (lib/import/factchecks)', () => {
  let test: ReturnType<typeof createTestDb>;
  const one = (sql: string, ...params: unknown[]) => test.db.$client.prepare(sql).pluck().get(...params);
  beforeEach(() => {
    test = createTestDb();
  });
  afterEach(() => test.cleanup());

  async function importFile(file: string, options: Parameters<typeof importUnits>[2] = {}) {
    const input = await openFactcheckInput(file);
    return importUnits(test.db, input.units, { pauseMs: 0, ...options });
  }

  it('reads every format: claims:search (one and one per line), DataFeed, @graph, a JSON-LD list, an HTML page and a folder', async () => {
    const results = {
      google: await importFile(fixture('google-response.json')),
      perLine: await importFile(fixture('google-per-line.jsonl')),
      feed: await importFile(fixture('datafeed.json')),
      graph: await importFile(fixture('graph.jsonld')),
      list: await importFile(fixture('quirks.json')),
      page: await importFile(fixture('page.html')),
      folder: await importFile(fixture('pages')),
    };
    expect(Object.fromEntries(Object.entries(results).map(([k, r]) => [k, [r.added, r.updated, r.unchanged, r.skippedTotal]]))).toEqual({
      google: [2, 0, 0, 1],
      perLine: [2, 0, 0, 2],
      feed: [3, 0, 0, 1],
      graph: [1, 0, 0, 0],
      list: [9, 0, 0, 4],
      page: [1, 0, 0, 1],
      // a-dam.html is the page above in other words: an update; the page without ld+json is reported.
      folder: [1, 1, 0, 1],
    });
    expect(results.perLine.skipped.map((s) => s.where)).toEqual(['line 2, claim 1', 'line 3']);
    expect(results.page.skipped).toEqual([{ where: 'block 2', reason: expect.stringMatching(/^invalid JSON in this ld\+json block/) as string }]);
    expect(results.folder.skipped).toEqual([{ where: 'c-about.html', reason: expect.stringContaining('without any application/ld+json block') as string }]);
    expect(one('SELECT count(*) FROM external_factchecks')).toBe(19);
    // Every row added or changed has its audit event.
    expect(one("SELECT count(*) FROM audit_events WHERE entity_type = 'external_factcheck'")).toBe(20);
  });

  it('a second run adds nothing and changes nothing; a changed item is updated, one version on', async () => {
    const first = await importFactchecks(test.db, [review(1), review(2), review(3)], { pauseMs: 0 });
    expect(first).toMatchObject({ added: 3, updated: 0, unchanged: 0, skippedTotal: 0 });
    const again = await importFactchecks(test.db, [review(1), review(2), review(3)], { pauseMs: 0 });
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 3 });
    // The same review behind another form of its URL is the same review.
    const moved = { ...review(2, 'Mostly false'), url: 'HTTPS://BULK.example/checks/2/?utm_campaign=x#share' };
    const third = await importFactchecks(test.db, [review(1), moved], { pauseMs: 0 });
    expect(third).toMatchObject({ added: 0, updated: 1, unchanged: 1 });
    expect(test.db.$client.prepare("SELECT rating_key, version FROM external_factchecks WHERE url_key = 'https://bulk.example/checks/2'").get()).toEqual({
      rating_key: 'mostly false',
      version: 2,
    });
    expect(
      test.db.$client
        .prepare("SELECT json_extract(before, '$.version') AS b, json_extract(after, '$.version') AS a FROM audit_events WHERE action = 'factcheck.update'")
        .all(),
    ).toEqual([{ b: 1, a: 2 }]);
  });

  it('a dry run counts exactly and writes nothing', async () => {
    await importFactchecks(test.db, [review(1)], { pauseMs: 0 });
    const before = one('SELECT count(*) FROM audit_events');
    const plan = await importFactchecks(test.db, [review(1), review(1, 'True'), review(2), review(2), { '@type': 'Thing' }], { dryRun: true, batchSize: 2 });
    expect(plan).toMatchObject({ added: 1, updated: 1, unchanged: 2, skippedTotal: 1 });
    expect(one('SELECT count(*) FROM external_factchecks')).toBe(1);
    expect(one('SELECT count(*) FROM audit_events')).toBe(before);
  });

  it('a run that crashes keeps whole batches only, and running again finishes the job', async () => {
    function* crashing() {
      for (let n = 1; n <= 25; n++) {
        if (n === 23) throw new Error('the disk went away');
        yield review(n);
      }
    }
    await expect(importFactchecks(test.db, crashing(), { batchSize: 10, pauseMs: 0 })).rejects.toThrow('the disk went away');
    expect(one('SELECT count(*) FROM external_factchecks')).toBe(20);
    expect(one('SELECT count(*) FROM audit_events')).toBe(20);
    const all = Array.from({ length: 25 }, (_, i) => review(i + 1));
    const resumed = await importFactchecks(test.db, all, { batchSize: 10, pauseMs: 0 });
    expect(resumed).toMatchObject({ added: 5, updated: 0, unchanged: 20 });
  });

  it('applies the rating mapping table at import, per publisher and label', async () => {
    test.db.$client.prepare("INSERT INTO rating_mappings (publisher_key, rating_key, label) VALUES ('bulk.example', 'false', 'inaccurate'), ('bulk.example', 'satire', 'no_equivalent')").run();
    await importFactchecks(test.db, [review(1, 'FALSE!'), review(2, 'Satire'), review(3, 'Mostly false')], { pauseMs: 0 });
    expect(test.db.$client.prepare('SELECT rating_key, mapped_label FROM external_factchecks ORDER BY id').all()).toEqual([
      { rating_key: 'false', mapped_label: 'inaccurate' },
      { rating_key: 'satire', mapped_label: 'no_equivalent' },
      { rating_key: 'mostly false', mapped_label: null },
    ]);
  });

  it('refuses an input in no known format before anything is read into the database', async () => {
    await expect(openFactcheckInput(fixture('not-a-feed.json'))).rejects.toThrow(UnknownFormatError);
    await expect(openFactcheckInput(fixture('not-a-feed.csv'))).rejects.toThrow(/is not JSON, JSON Lines or HTML/);
    const empty = path.join(tmp, 'empty.json');
    fs.writeFileSync(empty, '\n\n');
    await expect(openFactcheckInput(empty)).rejects.toThrow(/is empty/);
    const broken = path.join(tmp, 'broken.json');
    fs.writeFileSync(broken, '{\n  "claims": [\n');
    await expect(openFactcheckInput(broken)).rejects.toThrow(/is not valid JSON/);
    await expect(openFactcheckInput(path.join(tmp, 'missing.json'))).rejects.toThrow(/no such file or folder/);
  });

  it('reads standard input, and JSON Lines whose first line is broken', async () => {
    const input = await openFactcheckInput('-', Readable.from([`${JSON.stringify(review(1))}\n${JSON.stringify(review(2))}\n`]));
    expect(input.format).toBe('json-lines');
    expect(await importUnits(test.db, input.units, { pauseMs: 0 })).toMatchObject({ added: 2 });
    const file = path.join(tmp, 'first-broken.jsonl');
    fs.writeFileSync(file, `{"@type": "ClaimReview", "url":\n${JSON.stringify(review(3))}\n`);
    const result = await importFile(file);
    expect(result).toMatchObject({ added: 1, skipped: [{ where: 'line 1', reason: expect.stringMatching(/^not valid JSON/) as string }] });
  });

  it('streams JSON Lines: the first batch is written while most of the input is still unread', async () => {
    let produced = 0;
    function* lines() {
      for (let n = 0; n < 20_000; n++) {
        produced++;
        yield `${JSON.stringify(review(n))}\n`;
      }
    }
    const input = await openFactcheckInput('-', Readable.from(lines(), { objectMode: false, highWaterMark: 16 }));
    const producedAtBatch: number[] = [];
    const result = await importUnits(test.db, input.units, { pauseMs: 0, batchSize: 1000, onBatch: () => producedAtBatch.push(produced) });
    expect(result.added).toBe(20_000);
    // Read as it is written, not slurped: when the first batch commits, the stream is far from its end.
    expect(producedAtBatch[0]).toBeLessThan(5000);
  }, 60_000);
});
