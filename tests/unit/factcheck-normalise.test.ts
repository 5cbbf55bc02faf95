import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandItem, normaliseReview, ratingOf, type FactcheckRecord, type Unit } from '@/lib/import/factchecks/normalise';
import { proposeNumericMapping } from '@/lib/import/factchecks/proposals';
import { absoluteUrl, calendarDate, ratingKey, textOf, urlKey } from '@/lib/import/factchecks/values';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/factchecks');

function fixture(name: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as unknown;
}

/** Every review in a value, normalised: records by URL path, skips by place. */
function readAll(value: unknown): { records: Map<string, FactcheckRecord>; skips: { where: string; reason: string }[] } {
  const records = new Map<string, FactcheckRecord>();
  const skips: { where: string; reason: string }[] = [];
  for (const unit of expandItem(value, '') as Iterable<Unit>) {
    if (unit.kind === 'skip') {
      skips.push({ where: unit.where, reason: unit.reason });
      continue;
    }
    const result = normaliseReview(unit);
    if (result.ok) records.set(new URL(result.record.url).pathname, result.record);
    else skips.push({ where: unit.where, reason: result.reason });
  }
  return { records, skips };
}

describe('fact-check keys and values', () => {
  it('normalises the review URL: scheme and host lower-cased; fragment, utm_* and trailing slash dropped', () => {
    const url = absoluteUrl('HTTPS://Checkers.EXAMPLE:443/fact-check/moon/?utm_source=x&UTM_Medium=y&id=7#top');
    expect(url && urlKey(url)).toBe('https://checkers.example/fact-check/moon?id=7');
    const plain = absoluteUrl('https://checkers.example/fact-check/moon/');
    expect(plain && urlKey(plain)).toBe('https://checkers.example/fact-check/moon');
    // The scheme stays part of the identity, as the issue asks.
    const http = absoluteUrl('http://checkers.example/fact-check/moon');
    expect(http && urlKey(http)).toBe('http://checkers.example/fact-check/moon');
  });

  it('refuses relative and non-http(s) URLs, reads a scheme-less host as https', () => {
    expect(absoluteUrl('/estadao-verifica/x/')).toBeNull();
    expect(absoluteUrl('javascript:alert(1)')).toBeNull();
    expect(absoluteUrl('ftp://numbers.example/bridge')).toBeNull();
    expect(absoluteUrl('aosfatos.org/noticias/x/')?.href).toBe('https://aosfatos.org/noticias/x/');
  });

  it('reads dates as a plain day, a timestamp with microseconds, a space-separated time, or not at all', () => {
    expect(calendarDate('2019-09-20')).toBe('2019-09-20');
    expect(calendarDate('2019-12-09T15:11:25.619782+00:00')).toBe('2019-12-09');
    expect(calendarDate('2020-08-31 17:22:16')).toBe('2020-08-31');
    expect(calendarDate('2020-03-27T10:46:13+0200')).toBe('2020-03-27');
    expect(calendarDate('2023-02-31')).toBeNull();
    expect(calendarDate('yesterday')).toBeNull();
    expect(calendarDate(undefined)).toBeNull();
  });

  it('keys rating labels: case, underscores, final punctuation and "Label: explanation"', () => {
    expect(ratingKey('Pants on Fire!')).toBe('pants on fire');
    expect(ratingKey('FALSE.')).toBe('false');
    expect(ratingKey('não_é_bem_assim')).toBe('não é bem assim');
    expect(ratingKey('FALSO: As imagens foram retiradas do canal')).toBe('falso');
    expect(ratingKey('  Mostly   true ')).toBe('mostly true');
    expect(ratingKey('x'.repeat(500))).toHaveLength(200);
  });

  it('reads text from a string, an {"@value"} object and a list', () => {
    expect(textOf({ '@value': 'False', '@language': 'en' })).toBe('False');
    expect(textOf(['Ann', { '@value': 'mayor' }, 'Ann'])).toBe('Ann, mayor');
    expect(textOf({ foo: 1 })).toBe('');
  });
});

describe('numeric ratings and mapping proposals', () => {
  it('keeps a numeric rating with its scale, with or without worstRating', () => {
    expect(ratingOf({ ratingValue: '2', bestRating: '5', worstRating: '1', alternateName: 'Mostly false' })).toMatchObject({
      ratingKey: 'mostly false',
      ratingValue: 2,
      bestRating: 5,
      worstRating: 1,
    });
    expect(ratingOf({ ratingValue: 4, bestRating: 5 })).toMatchObject({ ratingKey: '4 of 1–5', ratingValue: 4, bestRating: 5, worstRating: null });
  });

  it('drops numbers when bestRating is -1 (not numeric) or the combination is impossible', () => {
    expect(ratingOf({ ratingValue: '-1', bestRating: '-1', worstRating: '-1', alternateName: 'really_false' })).toEqual({
      ratingText: 'really_false',
      ratingKey: 'really false',
      ratingValue: null,
      bestRating: null,
      worstRating: null,
    });
    expect(ratingOf({ ratingValue: 9, bestRating: 5, worstRating: 1, alternateName: 'Wrong' }).ratingValue).toBeNull();
    expect(ratingOf({ ratingValue: 3, bestRating: 3, worstRating: 3 }).ratingValue).toBeNull();
  });

  it('proposes a label from the value’s place on its scale, and nothing without a scale', () => {
    expect(proposeNumericMapping(1, 1, 5)).toBe('inaccurate');
    expect(proposeNumericMapping(5, 1, 5)).toBe('accurate');
    expect(proposeNumericMapping(3, 1, 5)).toBe('mixed');
    expect(proposeNumericMapping(2, null, 5)).toBe('mostly_inaccurate');
    expect(proposeNumericMapping(1, 1, 6)).toBe('inaccurate');
    expect(proposeNumericMapping(0.8, 0, 1)).toBe('mostly_accurate');
    expect(proposeNumericMapping(4, null, null)).toBeNull();
    expect(proposeNumericMapping(null, 1, 5)).toBeNull();
    expect(proposeNumericMapping(9, 1, 5)).toBeNull();
  });
});

describe('each quirk of real feeds (tests/fixtures/factchecks/quirks.json)', () => {
  const { records, skips } = readAll(fixture('quirks.json'));

  it('author and publisher as lists, name as a list, alternateName as {"@value"}', () => {
    expect(records.get('/author-array')).toMatchObject({
      publisherName: 'Quirk Checks Ltd, Quirk Checks',
      publisherSite: 'quirks.example',
      publisherKey: 'quirks.example',
      ratingText: 'False',
      ratingKey: 'false',
    });
  });

  it('no author or publisher: the publisher is the review URL’s site; alternateName a list', () => {
    expect(records.get('/no-publisher')).toMatchObject({ publisherName: 'quirks.example', publisherKey: 'quirks.example', ratingText: 'Misleading / Missing context' });
  });

  it('publisher known only by its site; "Label: explanation" keyed by its label', () => {
    expect(records.get('/site-only')).toMatchObject({ publisherName: 'siteonly.example', publisherSite: 'siteonly.example', ratingKey: 'falso' });
  });

  it('no claimReviewed: the claim is itemReviewed.name; a whole sentence as the label; appearance a string', () => {
    const record = records.get('/item-name');
    expect(record?.claimText).toBe('Claim text only in itemReviewed.name.');
    expect(record?.ratingKey).toBe('the minister never said this. the quote was made up by a parody account in 2019');
  });

  it('no claim text at all, and a URL that is not http(s): skipped with the item and the reason', () => {
    expect(skips).toEqual([
      { where: 'item 5', reason: 'no claim text (neither claimReviewed nor itemReviewed.name)' },
      { where: 'item 6', reason: 'the review URL is not an absolute http(s) address: "javascript:alert(1)"' },
      { where: 'item 12', reason: 'not a ClaimReview (@type Organization)' },
      { where: 'item 13', reason: 'the item is a string, not an object' },
    ]);
  });

  it('numeric ratings: without worstRating, bestRating -1, impossible; appearance an object or a list; an impossible date', () => {
    expect(records.get('/numeric-no-worst')).toMatchObject({ ratingValue: 4, bestRating: 5, worstRating: null, claimDate: null });
    expect(records.get('/not-numeric')).toMatchObject({ ratingValue: null, ratingKey: 'really false' });
    expect(records.get('/impossible')).toMatchObject({ ratingValue: null, bestRating: null, ratingKey: 'wrong' });
    expect(records.get('/numeric-only')).toMatchObject({ ratingText: '', ratingKey: '1 of 1–5', ratingValue: 1 });
  });

  it('dates with microseconds or a space, a paragraph as claimReviewed, a claimant name list', () => {
    expect(records.get('/dates')).toMatchObject({
      claimDate: '2019-12-09',
      reviewDate: '2020-08-31',
      claimant: 'Ann Example, mayor of Example',
      claimText: "A paragraph of claim text, with line breaks and runs of spaces, as some publishers write the whole article's summary into claimReviewed instead of the claim itself.",
      ratingKey: 'pants on fire',
    });
  });

  it('keeps the item as received', () => {
    const raw = JSON.parse(records.get('/dates')?.raw ?? '{}') as { claimReviewed: string };
    expect(raw.claimReviewed.startsWith('   A paragraph\n\n')).toBe(true);
  });

  it('never throws, whatever JSON it is given', () => {
    const odd: unknown[] = [null, 1, 'x', [], [[[]]], { '@type': null }, { '@type': 'ClaimReview', url: { a: 1 }, reviewRating: 'False' }, { claims: [null, { claimReview: [null, 5] }] }];
    for (const value of odd) expect(() => readAll(value)).not.toThrow();
  });
});

describe('containers', () => {
  it('a claims:search answer: one fact-check per review, publisher known only by site, a claim with no review skipped', () => {
    const { records, skips } = readAll(fixture('google-response.json'));
    expect([...records.values()].map((r) => [r.urlKey, r.publisherName, r.claimant, r.claimDate, r.ratingKey, r.language])).toEqual([
      ['https://checkers.example/fact-check/moon-studio?id=7', 'Checkers Weekly', 'Viral post', '2024-03-01', 'false', 'en'],
      ['https://verifica.example/luna-estudio', 'verifica.example', 'Viral post', '2024-03-01', 'falso', 'es'],
    ]);
    expect(skips).toEqual([{ where: 'claim 2', reason: 'the claim has no claimReview' }]);
    const raw = JSON.parse([...records.values()][1]?.raw ?? '{}') as { claimReview: unknown[]; text: string };
    expect(raw.claimReview).toHaveLength(1);
  });

  it('a DataFeed: item null skipped, an item holding several reviews, @type a list', () => {
    const { records, skips } = readAll(fixture('datafeed.json'));
    expect([...records.keys()]).toEqual(['/review/1', '/review/2', '/review/3']);
    expect(records.get('/review/1')).toMatchObject({ publisherName: 'Feed Checks', publisherSite: 'feed.example', reviewDate: '2023-11-02' });
    expect(skips).toEqual([{ where: 'element 1', reason: 'DataFeedItem has no item (null)' }]);
  });

  it('@graph: the ClaimReview among the page’s other nodes', () => {
    const { records, skips } = readAll(fixture('graph.jsonld'));
    expect(skips).toEqual([]);
    expect([...records.values()]).toEqual([
      expect.objectContaining({ title: 'The tax did not rise by 40%', claimant: 'A Minister', reviewDate: '2022-06-03', ratingValue: 2, worstRating: 1 }),
    ]);
  });
});
