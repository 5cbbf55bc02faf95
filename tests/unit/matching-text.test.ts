import { describe, expect, it } from 'vitest';
import { coverage, idfOf, scoreCandidates, WEIGHTS, LEXICAL_WEIGHTS } from '@/lib/matching/rank';
import { porterStem } from '@/lib/matching/stem';
import { cleanText, contentTerms, ftsOrQuery, splitHashtag, words } from '@/lib/matching/text';
import { RELATED_THRESHOLD, SAME_CLAIM_THRESHOLD, tierOf } from '@/lib/matching/tiers';

const analysed = (text: string) => {
  const w = words(text).filter((x) => x.length > 1);
  return { words: w, stems: new Set(w.map(porterStem)) };
};

describe('porterStem', () => {
  it('stems as SQLite’s porter tokenizer does', () => {
    const cases: [string, string][] = [
      ['vaccines', 'vaccin'], ['vaccinated', 'vaccin'], ['caresses', 'caress'], ['ponies', 'poni'], ['running', 'run'],
      ['hopping', 'hop'], ['relational', 'relat'], ['generalization', 'gener'], ['agreed', 'agre'], ['troops', 'troop'],
      ['deployed', 'deploi'], ['happy', 'happi'], ['electricity', 'electr'], ['hopeful', 'hope'], ['adjustment', 'adjust'],
    ];
    for (const [word, stem] of cases) expect(porterStem(word), word).toBe(stem);
  });
  it('leaves short words and non-ASCII words alone', () => {
    expect(porterStem('is')).toBe('is');
    expect(porterStem('führer')).toBe('führer');
  });
});

describe('tweet cleanup and words', () => {
  it('drops links, picture links and the embedded tweet’s date, keeps who posted', () => {
    const text = cleanText('Minecraft is NOT closing https://t.co/V4Lz pic.twitter.com/TvRkHvlgby — Helen Z (@HelenAngel) January 6, 2020');
    expect(words(text)).toEqual(['minecraft', 'is', 'not', 'closing', 'helen', 'z', 'helen', 'angel']);
  });
  it('splits hashtags and handles into words', () => {
    expect(splitHashtag('NotMyPresident')).toBe('Not My President');
    expect(splitHashtag('COVID19')).toBe('COVID 19');
    expect(words(cleanText('#PrayForAmazonia by @realDonaldTrump'))).toEqual(['pray', 'for', 'amazonia', 'by', 'real', 'donald', 'trump']);
  });
  it('folds case and diacritics and joins apostrophes', () => {
    expect(words('Ça DON’T café')).toEqual(['ca', 'dont', 'cafe']);
  });
  it('keeps content words only, stemmed', () => {
    expect(contentTerms('The troops were deployed to the region')).toEqual(['troop', 'deploi', 'region']);
  });
});

describe('ftsOrQuery', () => {
  it('quotes every word, so FTS5 syntax in the text is text', () => {
    expect(ftsOrQuery(['near', 'and', 'or'])).toBe('"near" OR "and" OR "or"');
    expect(ftsOrQuery(['a"b', 'a"b'])).toBe('"a""b"');
    expect(ftsOrQuery(words('statement:* NEAR("a" b) ^c OR -d'))).toBe('"statement" OR "near" OR "a" OR "b" OR "c" OR "or" OR "d"');
  });
});

describe('ranking', () => {
  const idf = (stem: string) => (stem === 'troop' || stem === 'korean' ? 3 : 1);
  it('coverage is the share of the query’s IDF mass the candidate holds', () => {
    expect(coverage(analysed('korean troops sent'), analysed('korean troops'), idf)).toBeCloseTo(6 / 7);
    expect(coverage(analysed('korean troops sent'), analysed('nothing alike'), idf)).toBe(0);
  });
  it('scores stay in [0, 1] and rank the candidate that shares the rare words first', () => {
    const query = analysed('North Korean troops sent to Russia');
    const ranked = scoreCandidates(
      query,
      [
        { item: 'weak', bm25: -2, text: analysed('Russia sent aid') },
        { item: 'strong', bm25: -5, text: analysed('North Korean troops in Russia') },
      ],
      idf,
      null,
      WEIGHTS,
    );
    expect(ranked.map((r) => r.item)).toEqual(['strong', 'weak']);
    for (const r of ranked) {
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
    }
    expect(ranked[0]!.features.lexical).toBe(1);
    expect(LEXICAL_WEIGHTS.meaning).toBe(0);
  });
  it('IDF weighs rare words more, and a word in no document still counts', () => {
    expect(idfOf(1, 1000)).toBeGreaterThan(idfOf(100, 1000));
    expect(idfOf(0, 1000)).toBeGreaterThan(0);
  });
});

describe('tiers', () => {
  it('puts scores in the measured tiers, and nothing below the related threshold', () => {
    expect(SAME_CLAIM_THRESHOLD).toBeGreaterThan(RELATED_THRESHOLD);
    expect(tierOf(SAME_CLAIM_THRESHOLD)).toBe('same');
    expect(tierOf(SAME_CLAIM_THRESHOLD - 0.001)).toBe('related');
    expect(tierOf(RELATED_THRESHOLD)).toBe('related');
    expect(tierOf(RELATED_THRESHOLD - 0.001)).toBeNull();
  });
});
