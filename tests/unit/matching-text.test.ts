import { describe, expect, it } from 'vitest';
import { combine, cosine, coverage, featureCandidates, idfOf, scoreFeatured, softCoverage, WordCosines, WEIGHTS, LEXICAL_WEIGHTS, SENTENCELESS_WEIGHTS, type Features, type MatchVectors } from '@/lib/matching/rank';
import { porterStem } from '@/lib/matching/stem';
import { cleanText, contentTerms, ftsOrQuery, searchWords, splitHashtag, words } from '@/lib/matching/text';
import { RELATED_THRESHOLD, SAME_CLAIM_THRESHOLD, SENTENCELESS_RELATED_THRESHOLD, SENTENCELESS_SAME_CLAIM_THRESHOLD, tierOf } from '@/lib/matching/tiers';

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
    const candidates = [
      { item: 'weak', bm25: -2, text: analysed('Russia sent aid') },
      { item: 'strong', bm25: -5, text: analysed('North Korean troops in Russia') },
    ];
    const ranked = scoreFeatured(featureCandidates(query, candidates, idf, null, WEIGHTS), null);
    expect(ranked.map((r) => r.item)).toEqual(['strong', 'weak']);
    for (const r of ranked) {
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
    }
    expect(ranked[0]!.features.lexical).toBe(1);
    expect(LEXICAL_WEIGHTS.meaning).toBe(0);
  });
  it('scores a candidate by its sentence vector when it has one, and by the other features with their own weights when not', () => {
    const unit = (values: number[]) => Int8Array.from(values, (x) => Math.round(x * 127));
    const query = analysed('North Korean troops sent to Russia');
    const close = unit([1, 0, 0]);
    const far = unit([0, 1, 0]);
    const vectors = new Map<string, Int8Array>([
      ['close', close],
      ['far', far],
    ]);
    const candidates = ['close', 'far', 'unread'].map((item) => ({ item, bm25: -3, text: analysed('North Korean troops in Russia') }));
    const ranked = scoreFeatured(featureCandidates(query, candidates, idf, null, WEIGHTS, SENTENCELESS_WEIGHTS), { query: unit([1, 0, 0]), of: (item) => vectors.get(item) });
    const by = new Map(ranked.map((r) => [r.item, r]));
    expect(by.get('close')!.features.sentence).toBeCloseTo(1);
    expect(by.get('far')!.features.sentence).toBe(0);
    expect(by.get('unread')!.features.sentence).toBeNull();
    // Same words everywhere: the sentence vector alone orders them, and the unread one sits between.
    expect(ranked.map((r) => r.item)).toEqual(['close', 'unread', 'far']);
    const features: Features = { lexical: 0.5, coverage: 0.5, meaning: 0.5, softCoverage: 0.5, sentence: null };
    expect(combine(features, WEIGHTS, SENTENCELESS_WEIGHTS)).toBeCloseTo(0.5);
    expect(combine({ ...features, sentence: 1 }, WEIGHTS, SENTENCELESS_WEIGHTS)).toBeGreaterThan(0.5);
    expect(cosine(close, far)).toBe(0);
  });
  it('IDF weighs rare words more, and a word in no document still counts', () => {
    expect(idfOf(1, 1000)).toBeGreaterThan(idfOf(100, 1000));
    expect(idfOf(0, 1000)).toBeGreaterThan(0);
  });
});

describe('searchWords', () => {
  const rows: Record<string, number> = { troop: 40, korean: 300, north: 2_000, sent: 4_000, russia: 3_000 };
  const documentsWith = (stem: string) => rows[stem] ?? 0;

  it('takes the rarest words first while their rows stay within the budget', () => {
    const text = ['north', 'korean', 'troops', 'sent', 'russia'];
    expect(searchWords(text, documentsWith, 5_000)).toEqual(['troops', 'korean', 'north']);
    expect(searchWords(text, documentsWith, 2_339)).toEqual(['troops', 'korean']);
    expect(searchWords(text, documentsWith, Number.POSITIVE_INFINITY)).toEqual(['troops', 'korean', 'north', 'russia', 'sent']);
  });

  it('keeps two words whatever they cost, each word once, and a word no row holds first', () => {
    expect(searchWords(['sent', 'russia', 'sent'], documentsWith, 10)).toEqual(['russia', 'sent']);
    expect(searchWords(['sent', 'zeppelin', 'russia'], documentsWith, 10)).toEqual(['zeppelin', 'russia']);
    expect(searchWords(['sent'], documentsWith, 0)).toEqual(['sent']);
  });
});

describe('softCoverage', () => {
  // Three-dimensional unit vectors as ±127 integers: "troops" and "soldiers" close, "rain" apart.
  const table: Record<string, number[]> = {
    troops: [127, 0, 0],
    soldiers: [117, 49, 0],
    korea: [0, 127, 0],
    rain: [0, 0, 127],
    sent: [90, 0, 90],
  };
  const vectors: MatchVectors = { vector: (word) => (table[word] ? Int8Array.from(table[word]!) : undefined) };
  const idf = (stem: string) => (stem === porterStem('korea') ? 3 : 1);

  /** The same feature written out pair by pair: each query word's best match (at most 1), to the fourth power, IDF-weighted. */
  function direct(query: ReturnType<typeof analysed>, candidate: ReturnType<typeof analysed>): number {
    let covered = 0;
    let total = 0;
    for (const word of new Set(query.words)) {
      const stem = porterStem(word);
      total += idf(stem);
      let best = candidate.stems.has(stem) ? 1 : 0;
      const v = vectors.vector(word);
      for (const other of candidate.words) {
        const u = vectors.vector(other);
        if (v && u) best = Math.max(best, v.reduce((sum, x, d) => sum + x * u[d]!, 0) / (127 * 127));
      }
      covered += idf(stem) * Math.min(1, best) ** 4;
    }
    return covered / total;
  }

  it('counts a missing word by its closest candidate word, once per word pair across candidates', () => {
    const query = analysed('troops sent to Korea troops');
    const cosines = new WordCosines(query, vectors);
    for (const text of ['soldiers sent to Korea', 'rain in Korea', 'troops', 'nothing known here', 'soldiers soldiers rain']) {
      const candidate = analysed(text);
      expect(softCoverage(cosines, candidate, idf)).toBeCloseTo(direct(query, candidate), 12);
    }
    const close = softCoverage(cosines, analysed('soldiers sent to Korea'), idf);
    expect(close).toBeGreaterThan(softCoverage(cosines, analysed('rain sent to Korea'), idf));
    expect(close).toBeLessThan(1);
    expect(softCoverage(cosines, analysed('troops sent to Korea'), idf)).toBe(1);
  });
});

describe('tiers', () => {
  it('puts scores in the measured tiers, and nothing below the related threshold', () => {
    expect(SAME_CLAIM_THRESHOLD).toBeGreaterThan(RELATED_THRESHOLD);
    expect(tierOf(SAME_CLAIM_THRESHOLD)).toBe('same');
    expect(tierOf(SAME_CLAIM_THRESHOLD - 0.001)).toBe('related');
    expect(tierOf(RELATED_THRESHOLD)).toBe('related');
    expect(tierOf(RELATED_THRESHOLD - 0.001)).toBeNull();
    // A score made without a sentence vector is judged by the thresholds measured without them.
    expect(tierOf(SENTENCELESS_RELATED_THRESHOLD - 0.001, false)).toBeNull();
    expect(tierOf(SENTENCELESS_RELATED_THRESHOLD, false)).toBe('related');
    expect(tierOf(SENTENCELESS_SAME_CLAIM_THRESHOLD, false)).toBe('same');
    expect(tierOf(SENTENCELESS_SAME_CLAIM_THRESHOLD - 0.001, false)).toBe('related');
  });
});
