import 'server-only';
import type { Db } from '@/db/open';
import { countSentenceVectors, insertSentenceVectors, selectPendingSentences, type SentenceKind } from '@/db/queries/sentence-vectors';
import { sentenceEncoder, type SentenceEncoder } from './sentences';

/**
 * Fills in the sentence vectors (lib/matching/sentences.ts) of desk claims and external fact-checks
 * that have none: new rows, and rows whose text changed (a trigger drops the old vector). Reading a
 * text costs the encoder about 1–3 ms, still far slower than an import writes rows (thousands a
 * second), so it happens after the write, never inside it: in the server's background
 * (startSentenceIndexer) and with `npm run matching:index`. Until a row has its vector, the matcher
 * ranks it by its words alone.
 */

export const SENTENCE_BATCH = 32;

export interface SentenceProgress {
  claims: number;
  factchecks: number;
}

/**
 * Reads up to `limit` pending rows (desk claims first, then fact-checks), SENTENCE_BATCH at a time,
 * each batch written in its own transaction. Returns how many of each kind it wrote; nothing when
 * the encoder is not installed.
 */
export async function indexSentences(
  db: Db,
  options: { limit?: number; kinds?: readonly SentenceKind[]; encoder?: SentenceEncoder | null; onBatch?: (done: SentenceProgress) => void } = {},
): Promise<SentenceProgress> {
  const encoder = options.encoder === undefined ? sentenceEncoder() : options.encoder;
  const done: SentenceProgress = { claims: 0, factchecks: 0 };
  if (!encoder) return done;
  let left = options.limit ?? Number.POSITIVE_INFINITY;
  for (const kind of options.kinds ?? (['claim', 'factcheck'] as const)) {
    while (left > 0) {
      const rows = selectPendingSentences(db, kind, Math.min(SENTENCE_BATCH, left));
      if (rows.length === 0) break;
      const vectors = await encoder.encode(rows.map((row) => row.text));
      insertSentenceVectors(db, kind, rows.map((row, i) => ({ ...row, vector: vectors[i]! })));
      // Counted as read even when an edit in between kept one from being written: it stays pending.
      if (kind === 'claim') done.claims += rows.length;
      else done.factchecks += rows.length;
      left -= rows.length;
      options.onBatch?.(done);
      if (rows.length < SENTENCE_BATCH) break;
    }
  }
  return done;
}

/** How far the vectors are: rows with one, of all rows, per kind. */
export function sentenceIndexState(db: Db): ReturnType<typeof countSentenceVectors> {
  return countSentenceVectors(db);
}

const worker = globalThis as unknown as { claimbenchSentenceIndexer?: ReturnType<typeof setInterval> };

/**
 * Runs indexSentences every few seconds for the life of the server (started once from
 * lib/startup.ts, like the webhook worker; kept across hot reloads), a few batches a run (about half a
 * second of the encoder's thread) so a large import is worked through without holding the encoder
 * from the queries for long: a query waits at most for the batch being read (about 60 ms). The timer is
 * unref'd and a run still going is not overlapped. Returns a function that stops it.
 */
export function startSentenceIndexer(getDb: () => Db, options: { intervalMs?: number; perRun?: number } = {}): () => void {
  const stop = () => {
    clearInterval(worker.claimbenchSentenceIndexer);
    worker.claimbenchSentenceIndexer = undefined;
  };
  if (worker.claimbenchSentenceIndexer) return stop;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void indexSentences(getDb(), { limit: options.perRun ?? SENTENCE_BATCH * 8 })
      .catch((error: unknown) => console.error('Sentence indexing run failed:', error))
      .finally(() => {
        running = false;
      });
  }, options.intervalMs ?? 3_000);
  timer.unref();
  worker.claimbenchSentenceIndexer = timer;
  return stop;
}
