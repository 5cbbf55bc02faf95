/**
 * npm run matching:index [-- --limit N]
 * Reads the sentence vectors of every desk claim and external fact-check that has none yet (new
 * rows, and rows whose text changed) into the database named by DATABASE_PATH: what the server does
 * a few batches at a time in the background (lib/matching/sentence-index.ts), all at once — after
 * a large fact-check import, or where SENTENCE_INDEXING=0. Each batch is its own transaction, so
 * stopping it loses nothing; running it again goes on where it stopped.
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/open';
import { EnvError, parseEnv } from '../lib/env';
import { indexSentences, sentenceIndexState } from '../lib/matching/sentence-index';
import { sentenceEncoder } from '../lib/matching/sentences';

class UsageError extends Error {}

const count = (value: number) => value.toLocaleString('en');

async function main(): Promise<void> {
  let values: { limit?: string };
  try {
    ({ values } = parseArgs({ options: { limit: { type: 'string' } }, strict: true }));
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)} Usage: npm run matching:index [-- --limit N]`);
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError('--limit: use a whole number from 1');
  const env = parseEnv({ ...process.env, NODE_ENV: 'development' });
  const encoder = sentenceEncoder();
  if (!encoder) throw new UsageError('The sentence encoder is not installed (npm install): matching ranks without sentence vectors.');
  const db = openDatabase(env.DATABASE_PATH);
  const tty = process.stderr.isTTY === true;
  try {
    const before = sentenceIndexState(db);
    const pending = before.claims - before.claimVectors + before.factchecks - before.factcheckVectors;
    console.log(`Reading sentence vectors in ${env.DATABASE_PATH}: ${count(pending)} rows without one…`);
    const started = performance.now();
    const done = await indexSentences(db, {
      limit,
      encoder,
      onBatch: (progress) => {
        if (!tty) return;
        const read = progress.claims + progress.factchecks;
        const rate = Math.round(read / Math.max((performance.now() - started) / 1000, 0.001));
        process.stderr.write(`\r\u001b[2K  ${count(read)} of ${count(limit === undefined ? pending : Math.min(limit, pending))} · ${count(rate)}/s`);
      },
    });
    if (tty) process.stderr.write('\r\u001b[2K');
    const seconds = (performance.now() - started) / 1000;
    const after = sentenceIndexState(db);
    console.log(
      `${count(done.claims)} claims and ${count(done.factchecks)} fact-checks read in ${seconds.toFixed(1)} s. ` +
        `With a vector now: ${count(after.claimVectors)} of ${count(after.claims)} claims, ${count(after.factcheckVectors)} of ${count(after.factchecks)} fact-checks.`,
    );
  } finally {
    db.$client.close();
    await encoder.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof EnvError) console.error(error.message);
  else console.error(`matching:index failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
