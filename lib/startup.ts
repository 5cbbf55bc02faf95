import 'server-only';
import { getDb } from '@/lib/database';
import { EnvError, getEnv } from './env';
import { startSentenceIndexer } from './matching/sentence-index';
import { sentenceEncoder } from './matching/sentences';
import { startWebhookWorker } from './webhooks/delivery';

/**
 * Validates the environment and opens the database (applying migrations) before the first
 * request, so a bad variable or a broken database stops start-up with one clear line.
 */
export function checkStartup(): void {
  try {
    const env = getEnv();
    getDb();
    startWebhookWorker(getDb);
    if (env.SENTENCE_INDEXING) startSentenceIndexer(getDb);
    // The encoder's thread loads its model (about a second) now rather than on the first query.
    sentenceEncoder()?.encode(['']).catch(() => undefined);
  } catch (error) {
    console.error(error instanceof EnvError ? error.message : `Cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
