/**
 * The re-ranker: from full-text candidates to a score that means "how likely this is the same
 * claim". Pure (the caller reads the database and the vectors), so each feature is testable alone.
 *
 * Five features, each in [0, 1], combined linearly (weights below, chosen by cross-validation on
 * the CLEF 2020 CheckThat! tweets; tests/bench/matching.ts reports the held-out figure):
 * - lexical: bm25 relative to the best candidate of the query — the full-text index's own view;
 * - coverage: the share of the text's IDF mass (stemmed content words, rare words weigh more) that
 *   the candidate holds — a long tweet matched by a short claim is judged by what they share, not
 *   diluted by everything else the tweet says;
 * - meaning: the cosine of IDF-weighted mean word vectors — the same subject in other words;
 * - soft coverage: coverage again, but each word of the text counts by its closest word in the
 *   candidate (cosine raised to the 4th power, so only near-synonyms count);
 * - sentence: the cosine of the text's and the candidate's sentence vectors (lib/matching/sentences.ts)
 *   — what the whole sentence says, word order and all; a candidate whose vector is not read yet is
 *   scored without it (SENTENCELESS_WEIGHTS), as every candidate is when the encoder is missing.
 */

import { porterStem } from './stem';

export interface MatchVectors {
  /** A word's unit vector as ±127 integers, or undefined when unknown. */
  vector(word: string): Int8Array | undefined;
}

export interface AnalysedText {
  /** Content words, lower-case, unstemmed (vectors are per word). */
  words: string[];
  /** Their stems, as the index holds them. */
  stems: Set<string>;
}

export interface RankWeights {
  lexical: number;
  coverage: number;
  meaning: number;
  softCoverage: number;
  sentence: number;
}

/** With word vectors and sentence vectors (the default). */
export const WEIGHTS: RankWeights = { lexical: 1, coverage: 4, meaning: 0, softCoverage: 1.35, sentence: 3 };
/** With word vectors, for a candidate (or a query) without a sentence vector. */
export const SENTENCELESS_WEIGHTS: RankWeights = { lexical: 1, coverage: 1.75, meaning: 0.6, softCoverage: 1.35, sentence: 0 };
/** Without word vectors (the package missing, or the ablation). */
export const LEXICAL_WEIGHTS: RankWeights = { lexical: 1, coverage: 3, meaning: 0, softCoverage: 0, sentence: 0 };

export interface Features {
  lexical: number;
  coverage: number;
  meaning: number;
  softCoverage: number;
  /** Null when the candidate or the query has no sentence vector. */
  sentence: number | null;
}

/** The query's sentence vector and its candidates' (those that have one). */
export interface SentenceVectors<T> {
  query: Int8Array;
  of(item: T): Int8Array | undefined;
}

/** The weighted mean of the features: in [0, 1] whatever the weights. Without a sentence vector, `fallback`'s weights. */
export function combine(features: Features, weights: RankWeights, fallback: RankWeights): number {
  const w = features.sentence === null ? fallback : weights;
  const total = w.lexical + w.coverage + w.meaning + w.softCoverage + w.sentence;
  const sum =
    w.lexical * features.lexical +
    w.coverage * features.coverage +
    w.meaning * features.meaning +
    w.softCoverage * features.softCoverage +
    w.sentence * (features.sentence ?? 0);
  return total > 0 ? sum / total : 0;
}

export type Idf = (stem: string) => number;

/** IDF with a floor: a word no document holds weighs like one in half a document. */
export function idfOf(documentsWithTerm: number, documents: number): number {
  return Math.log((documents + 1) / (documentsWithTerm + 0.5));
}

/** The cosine of two unit vectors kept as ±127 integers (word vectors and sentence vectors alike). */
export const cosine = (a: Int8Array, b: Int8Array): number => {
  let sum = 0;
  for (let d = 0; d < a.length; d++) sum += a[d]! * b[d]!;
  return sum / (127 * 127);
};

function meanVector(words: readonly string[], idf: Idf, vectors: MatchVectors): Float64Array | null {
  let sum: Float64Array | null = null;
  for (const word of words) {
    const v = vectors.vector(word);
    if (!v) continue;
    sum ??= new Float64Array(v.length);
    const weight = idf(porterStem(word));
    for (let d = 0; d < v.length; d++) sum[d]! += v[d]! * weight;
  }
  if (!sum) return null;
  let norm = 0;
  for (const x of sum) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  return sum.map((x) => x / norm);
}

/** The share of the query's IDF mass that the candidate holds. */
export function coverage(query: AnalysedText, candidate: AnalysedText, idf: Idf): number {
  let shared = 0;
  let total = 0;
  for (const stem of query.stems) {
    const weight = idf(stem);
    total += weight;
    if (candidate.stems.has(stem)) shared += weight;
  }
  return total > 0 ? shared / total : 0;
}

/**
 * The cosines between a query's distinct words and any word of its candidates, each pair computed
 * once per query: fifty to a hundred candidates share most of their words, so the per-candidate
 * work is a few table reads instead of a hundred-dimension product for every pair.
 */
export class WordCosines {
  readonly words: readonly string[];
  readonly stems: readonly string[];
  private readonly vectors: MatchVectors;
  private readonly queryVectors: readonly (Int8Array | undefined)[];
  private readonly rows = new Map<string, Float64Array>();

  constructor(query: AnalysedText, vectors: MatchVectors) {
    this.words = [...new Set(query.words)];
    this.stems = this.words.map(porterStem);
    this.vectors = vectors;
    this.queryVectors = this.words.map((word) => vectors.vector(word));
  }

  /** Each query word's cosine with `word`, in the order of `words`; 0 where either has no vector. */
  row(word: string): Float64Array {
    let row = this.rows.get(word);
    if (!row) {
      row = new Float64Array(this.words.length);
      const v = this.vectors.vector(word);
      if (v) this.queryVectors.forEach((q, i) => q && (row![i] = cosine(q, v)));
      this.rows.set(word, row);
    }
    return row;
  }
}

/** Coverage where a query word absent from the candidate counts by its closest candidate word. */
export function softCoverage(cosines: WordCosines, candidate: AnalysedText, idf: Idf): number {
  const best: number[] = cosines.stems.map((stem) => (candidate.stems.has(stem) ? 1 : 0));
  for (const word of new Set(candidate.words)) {
    const row = cosines.row(word);
    for (let i = 0; i < best.length; i++) if (row[i]! > best[i]!) best[i] = row[i]!;
  }
  let covered = 0;
  let total = 0;
  cosines.stems.forEach((stem, i) => {
    const weight = idf(stem);
    total += weight;
    covered += weight * Math.min(1, best[i]!) ** 4;
  });
  return total > 0 ? covered / total : 0;
}

export interface Scored<T> {
  item: T;
  features: Features;
  score: number;
}

/** Candidates with every feature but the sentence vectors' measured, and the weights to combine them with. */
export interface Featured<T> {
  candidates: { item: T; features: Features }[];
  used: RankWeights;
  fallback: RankWeights;
}

/**
 * Scoring candidates for one query, first step: every feature but the sentence vectors' — what can be
 * computed before the query's sentence vector is there (lib/matching/find-similar.ts does this while
 * the encoder reads the query). `bm25` is FTS5's (lower is better); the best candidate's sets the scale.
 */
export function featureCandidates<T>(
  query: AnalysedText,
  candidates: readonly { item: T; bm25: number; text: AnalysedText }[],
  idf: Idf,
  vectors: MatchVectors | null,
  weights: RankWeights,
  sentenceless: RankWeights = { ...weights, sentence: 0 },
): Featured<T> {
  const best = Math.min(0, ...candidates.map((c) => c.bm25));
  const wordless = (w: RankWeights): RankWeights => (vectors ? w : { ...w, meaning: 0, softCoverage: 0 });
  const used = wordless(weights);
  const fallback = wordless(sentenceless);
  const queryVector = vectors && Math.max(used.meaning, fallback.meaning) > 0 ? meanVector(query.words, idf, vectors) : null;
  const cosines = vectors && Math.max(used.softCoverage, fallback.softCoverage) > 0 ? new WordCosines(query, vectors) : null;
  const featured = candidates.map(({ item, bm25, text }) => {
    let meaning = 0;
    if (queryVector && vectors) {
      const v = meanVector(text.words, idf, vectors);
      if (v) for (let d = 0; d < v.length; d++) meaning += v[d]! * queryVector[d]!;
    }
    const features: Features = {
      lexical: best < 0 ? bm25 / best : 0,
      coverage: coverage(query, text, idf),
      meaning: Math.max(0, meaning),
      softCoverage: cosines ? softCoverage(cosines, text, idf) : 0,
      sentence: null,
    };
    return { item, features };
  });
  return { candidates: featured, used, fallback };
}

/**
 * Second step: adds the sentence vectors' cosine (for candidates that have a vector) and combines, best
 * first. The score is the weighted mean of the features, so it stays in [0, 1] whatever the weights.
 */
export function scoreFeatured<T>({ candidates, used, fallback }: Featured<T>, sentences: SentenceVectors<T> | null): Scored<T>[] {
  return candidates
    .map(({ item, features: word }) => {
      const sentence = sentences?.of(item);
      const features: Features = { ...word, sentence: sentences && sentence ? Math.max(0, cosine(sentences.query, sentence)) : null };
      return { item, features, score: combine(features, used, fallback) };
    })
    .sort((a, b) => b.score - a.score);
}
