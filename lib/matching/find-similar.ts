import 'server-only';
import type { Db } from '@/db/open';
import {
  selectClaimCandidates,
  selectClaimMatchText,
  selectFactcheckCandidates,
  selectMatchedClaims,
  selectMatchedFactchecks,
  selectTermDocumentCounts,
  type MatchedClaimRow,
  type IndexCounts,
  type MatchedFactcheckRow,
} from '@/db/queries/matching';
import type { ClaimStatus, RatingLabel, VerdictKind } from '@/db/enums';
import { assertCan, type Actor } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { selectSentenceVectors } from '@/db/queries/sentence-vectors';
import { featureCandidates, idfOf, LEXICAL_WEIGHTS, scoreFeatured, SENTENCELESS_WEIGHTS, WEIGHTS, type AnalysedText, type Features, type MatchVectors } from './rank';
import { SENTENCE_WORDS, sentenceEncoder, type SentenceCut } from './sentences';
import { porterStem } from './stem';
import { cleanText, contentTerms, ftsOrQuery, isStopword, searchWords, words } from './text';
import { tierOf, type MatchTier } from './tiers';
import { wordVectors } from './vectors';

/** Longest text matched: a claim is a sentence or two; a pasted article is cut, not refused. */
export const MAX_MATCH_TEXT = 10_000;
const MATCHED_PREFIX = 2_000;
export const MAX_SIMILAR_LIMIT = 50;

export type MatchKind = 'claim' | 'factcheck';

export interface ClaimMatch {
  kind: 'claim';
  id: number;
  text: string;
  score: number;
  tier: MatchTier;
  claimant: string;
  status: ClaimStatus;
  /** The latest published version's label and kind: published verdicts only, never a draft or a rating. */
  verdict: { label: RatingLabel; kind: VerdictKind } | null;
}

export interface FactcheckMatch {
  kind: 'factcheck';
  id: number;
  text: string;
  score: number;
  tier: MatchTier;
  title: string;
  claimant: string;
  publisher: { name: string; site: string };
  url: string;
  rating: { text: string; label: string | null };
  reviewDate: string | null;
}

export type SimilarMatch = ClaimMatch | FactcheckMatch;

/** How the matcher works; the benchmark's ablation switches steps off one at a time. */
export interface MatchMethod {
  /** Remove links, split hashtags and handles, drop stopwords before searching. */
  cleanup: boolean;
  /** Re-rank the full-text candidates (else bm25 order). */
  rerank: boolean;
  /** Use word vectors in the re-ranking. */
  vectors: boolean;
  /** Use sentence vectors in the re-ranking (lib/matching/sentences.ts); with word vectors only (the weights were fitted so). */
  sentences: boolean;
  /** Candidates taken from each index. */
  candidates: number;
  /** Drop matches below the related threshold. */
  floor: boolean;
  /** Rows bm25 may score per index (SEARCH_BUDGET), or null for every word of the text. */
  budget: number | null;
  /** How much of the query the sentence encoder reads (QUERY_CUT). */
  queryCut: SentenceCut;
}



export interface SimilarOptions {
  limit?: number;
  kinds?: readonly MatchKind[];
  excludeClaimId?: number;
  method?: MatchMethod;
}

/**
 * How many index rows a query may make bm25 score, per index. FTS5 scores every row that holds any
 * word of an OR query, so a query's cost is the sum of its words' document counts; over 100,000
 * desk claims, a tweet's commonest words would make that tens of thousands of rows. Words are
 * taken rarest first (they decide bm25's order anyway) until the next would pass the budget, and
 * at least two of them whatever they cost (`searchWords`); the re-ranking still counts every word.
 * Measured in BENCHMARKS.md ("Checked before?"): with this budget the 100,000-claim query time
 * falls by half while MAP@5 moves by less than 0.002.
 */
export const SEARCH_BUDGET = 5_000;
/**
 * The query's first 40 word pieces (of its first SENTENCE_WORDS words): the encoder's time grows with
 * the pieces it reads, and a tweet in capitals or full of numbers and names spells out in pieces of a
 * letter or two. Measured when the encoder ran on WebAssembly, the cap took p99 from 46 to 35 ms,
 * MAP@5 0.884 → 0.885; on the native encoder a query of 40 pieces takes about 2 ms and the cap no longer
 * matters for time, and it stays because it costs nothing (BENCHMARKS.md, "Checked before?"). Stored
 * texts are read whole (STORED_CUT): that is offline.
 */
export const QUERY_SENTENCE_PIECES = 40;
export const QUERY_CUT: SentenceCut = { words: SENTENCE_WORDS, pieces: QUERY_SENTENCE_PIECES };
export const DEFAULT_METHOD: MatchMethod = {
  cleanup: true,
  rerank: true,
  vectors: true,
  sentences: true,
  candidates: 50,
  floor: true,
  budget: SEARCH_BUDGET,
  queryCut: QUERY_CUT,
};

function analyse(text: string): AnalysedText {
  const content = words(text).filter((word) => !isStopword(word) && (word.length > 1 || /\d/.test(word)));
  return { words: content, stems: new Set(content.map(porterStem)) };
}

/** The text as matched, or a 422 naming `text` when it holds no word to match on. */
export function matchableText(text: string): string {
  const cut = text.slice(0, MAX_MATCH_TEXT);
  if (contentTerms(cut).length === 0 && words(cut).length === 0) {
    throw new AppError('unprocessable', 'Give some words to match: the text is empty or only punctuation.', { text: ['Has no words'] });
  }
  return cut;
}

const vectorLookup = (): MatchVectors | null => {
  const vectors = wordVectors();
  if (!vectors) return null;
  const { index, data, dimensions } = vectors;
  return {
    vector(word) {
      const row = index.get(word);
      return row === undefined ? undefined : data.subarray(row * dimensions, (row + 1) * dimensions);
    },
  };
};

function claimMatch(row: MatchedClaimRow, score: number, tier: MatchTier): ClaimMatch {
  return {
    kind: 'claim',
    id: row.id,
    text: row.statement,
    score,
    tier,
    claimant: row.claimant,
    status: row.status,
    verdict: row.verdictLabel && row.verdictKind ? { label: row.verdictLabel, kind: row.verdictKind } : null,
  };
}

function factcheckMatch(row: MatchedFactcheckRow, score: number, tier: MatchTier): FactcheckMatch {
  return {
    kind: 'factcheck',
    id: row.id,
    text: row.claimText,
    score,
    tier,
    title: row.title,
    claimant: row.claimant,
    publisher: { name: row.publisherName, site: row.publisherSite },
    url: row.url,
    rating: { text: row.ratingText, label: row.mappedLabel },
    reviewDate: row.reviewDate,
  };
}

type Candidate = { kind: 'claim'; row: MatchedClaimRow } | { kind: 'factcheck'; row: MatchedFactcheckRow };

/** One candidate as the re-ranker scored it: its features are null when the method does not re-rank. */
export interface RankedCandidate {
  item: Candidate;
  score: number;
  features: Features | null;
}

/**
 * Every candidate for `text`, scored, best first, before the related floor and the limit: what
 * findSimilar answers from, and what the benchmark cross-validates the weights on. Candidates come
 * from the two FTS5 indexes (the text's rarest words OR-ed, each quoted, so FTS syntax in the text is
 * text); lib/matching/rank.ts re-ranks them.
 */
export async function rankSimilar(db: Db, actor: Actor, text: string, options: Omit<SimilarOptions, 'limit'> = {}): Promise<RankedCandidate[]> {
  assertCan(actor, 'claim:match');
  const method = options.method ?? DEFAULT_METHOD;
  const kinds = new Set(options.kinds ?? ['claim', 'factcheck']);
  const source = matchableText(text).slice(0, MATCHED_PREFIX);
  const query = method.cleanup ? analyse(cleanText(source)) : { words: words(source), stems: new Set(words(source).map(porterStem)) };
  if (query.words.length === 0) return [];
  // The encoder reads the text on its own thread while this one searches; a failure ranks without it.
  const encoder = method.rerank && method.sentences && method.vectors ? sentenceEncoder() : null;
  const queryVector = encoder ? encoder.encodeQuery(source, method.queryCut).catch(() => null) : null;

  const { counts, documents } = selectTermDocumentCounts(db, [...query.stems]);
  const total = documents.claims + documents.factchecks;
  const idf = (stem: string) => {
    const held = counts.get(stem);
    return idfOf(held ? held.claims + held.factchecks : 0, total);
  };
  const budget = method.budget ?? Number.POSITIVE_INFINITY;
  const matchIn = (index: keyof IndexCounts) => ftsOrQuery(searchWords(query.words, (stem) => counts.get(stem)?.[index] ?? 0, budget));

  const claimIds = kinds.has('claim') ? selectClaimCandidates(db, matchIn('claims'), method.candidates + 1) : [];
  const factcheckIds = kinds.has('factcheck') ? selectFactcheckCandidates(db, matchIn('factchecks'), method.candidates) : [];
  const claims = new Map(selectMatchedClaims(db, claimIds.map((c) => c.id)).map((row) => [row.id, row]));
  const factchecks = new Map(selectMatchedFactchecks(db, factcheckIds.map((c) => c.id)).map((row) => [row.id, row]));

  const candidates: { item: Candidate; bm25: number; text: AnalysedText }[] = [];
  for (const { id, bm25 } of claimIds) {
    const row = claims.get(id);
    if (row && id !== options.excludeClaimId) candidates.push({ item: { kind: 'claim', row }, bm25, text: analyse(`${row.statement} ${row.claimant}`) });
  }
  for (const { id, bm25 } of factcheckIds) {
    const row = factchecks.get(id);
    if (row) candidates.push({ item: { kind: 'factcheck', row }, bm25, text: analyse(`${row.claimText} ${row.title} ${row.claimant}`) });
  }

  if (!method.rerank) return [...candidates].sort((a, b) => a.bm25 - b.bm25).map((c, rank) => ({ item: c.item, score: 1 / (rank + 1), features: null }));
  const [weights, sentenceless] = method.vectors ? [WEIGHTS, SENTENCELESS_WEIGHTS] : [LEXICAL_WEIGHTS, LEXICAL_WEIGHTS];
  // Everything but the sentence vectors is measured before waiting for the query's.
  const featured = featureCandidates(query, candidates, idf, method.vectors ? vectorLookup() : null, weights, sentenceless);
  const vector = queryVector ? await queryVector : null;
  return scoreFeatured(featured, vector ? candidateSentences(db, vector, candidates) : null);
}

/** The query's sentence vector beside those of its candidates that have one (one read per index). */
function candidateSentences(db: Db, query: Int8Array, candidates: readonly { item: Candidate }[]) {
  const ids = (kind: MatchKind) => candidates.flatMap(({ item }) => (item.kind === kind ? [item.row.id] : []));
  const claims = selectSentenceVectors(db, 'claim', ids('claim'));
  const factchecks = selectSentenceVectors(db, 'factcheck', ids('factcheck'));
  return { query, of: (item: Candidate) => (item.kind === 'claim' ? claims : factchecks).get(item.row.id) };
}

/**
 * The desk claims and external fact-checks most likely to be the same claim as `text`, best first,
 * down to the related tier (rankSimilar). Claims carry their status and published verdict only, so
 * what a reviewer learns here is what the public may learn (blind rating).
 */
export async function findSimilar(db: Db, actor: Actor, text: string, options: SimilarOptions = {}): Promise<SimilarMatch[]> {
  const method = options.method ?? DEFAULT_METHOD;
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 10), 1), MAX_SIMILAR_LIMIT);
  const out: SimilarMatch[] = [];
  for (const { item, score, features } of await rankSimilar(db, actor, text, options)) {
    const tier = tierOf(score, features?.sentence != null) ?? (method.floor ? null : 'related');
    // Not `break`: a candidate scored without a sentence vector has thresholds of its own.
    if (!tier) continue;
    const rounded = Math.round(score * 1000) / 1000;
    out.push(item.kind === 'claim' ? claimMatch(item.row, rounded, tier) : factcheckMatch(item.row, rounded, tier));
    if (out.length === limit) break;
  }
  return out;
}

export interface ClaimSuggestions {
  factchecks: FactcheckMatch[];
  duplicates: ClaimMatch[];
}

/**
 * For the claim page: external fact-checks that may have checked this claim, and desk claims that
 * may be the same one, the claim itself left out. Blind-safe like findSimilar: other claims show
 * their status and published verdict only, never a rating or a draft.
 */
export async function suggestForClaim(db: Db, actor: Actor, claimId: number, limit = 5): Promise<ClaimSuggestions> {
  assertCan(actor, 'claim:read');
  const claim = selectClaimMatchText(db, claimId);
  if (!claim) throw new AppError('not_found', 'There is no such claim.');
  const text = `${claim.statement} ${claim.claimant}`;
  if (words(text).length === 0) return { factchecks: [], duplicates: [] };
  const factchecks = (await findSimilar(db, actor, text, { limit, kinds: ['factcheck'] })) as FactcheckMatch[];
  const duplicates = (await findSimilar(db, actor, text, { limit, kinds: ['claim'], excludeClaimId: claimId })) as ClaimMatch[];
  return { factchecks, duplicates };
}
