import 'server-only';
import type { Db } from '../open';
import { preparedPerDb } from './prepared';

/**
 * Sentence vectors (db/schema/sentence-vectors.ts): the rows still to read, writing one, and the
 * vectors of a query's candidates. What a row is read from: a claim's statement; a fact-check's
 * headline (its title), or the claim it reviewed when it has none.
 */

export interface PendingSentence {
  id: number;
  text: string;
}

export type SentenceKind = 'claim' | 'factcheck';

// Newest first: a claim typed today is the likeliest to be matched tomorrow.
const pendingClaims = preparedPerDb((db) =>
  (db as Db).$client.prepare(
    `SELECT c.id, c.statement AS text FROM claims c
      WHERE NOT EXISTS (SELECT 1 FROM claim_sentence_vectors v WHERE v.claim_id = c.id)
      ORDER BY c.id DESC LIMIT ?`,
  ),
);
const pendingFactchecks = preparedPerDb((db) =>
  (db as Db).$client.prepare(
    `SELECT f.id, CASE WHEN f.title <> '' THEN f.title ELSE f.claim_text END AS text FROM external_factchecks f
      WHERE NOT EXISTS (SELECT 1 FROM factcheck_sentence_vectors v WHERE v.factcheck_id = f.id)
      ORDER BY f.id DESC LIMIT ?`,
  ),
);

/** Up to `limit` rows of a kind that have no vector yet, newest first. */
export function selectPendingSentences(db: Db, kind: SentenceKind, limit: number): PendingSentence[] {
  return (kind === 'claim' ? pendingClaims : pendingFactchecks)(db).all(limit) as PendingSentence[];
}

// Written only while the row still holds the text the vector was read from: an edit between the
// read and the write leaves the row pending, and the next run reads the new text.
const writeClaim = preparedPerDb((db) =>
  (db as Db).$client.prepare(
    `INSERT INTO claim_sentence_vectors (claim_id, vector)
       SELECT id, ? FROM claims WHERE id = ? AND statement = ?
     ON CONFLICT (claim_id) DO UPDATE SET vector = excluded.vector`,
  ),
);
const writeFactcheck = preparedPerDb((db) =>
  (db as Db).$client.prepare(
    `INSERT INTO factcheck_sentence_vectors (factcheck_id, vector)
       SELECT id, ? FROM external_factchecks WHERE id = ? AND (CASE WHEN title <> '' THEN title ELSE claim_text END) = ?
     ON CONFLICT (factcheck_id) DO UPDATE SET vector = excluded.vector`,
  ),
);

/** Stores the vectors read from `rows` (one transaction); returns how many were written. */
export function insertSentenceVectors(db: Db, kind: SentenceKind, rows: readonly { id: number; text: string; vector: Int8Array }[]): number {
  const statement = (kind === 'claim' ? writeClaim : writeFactcheck)(db);
  return db.$client.transaction(() => {
    let written = 0;
    for (const row of rows) written += statement.run(Buffer.from(row.vector.buffer, row.vector.byteOffset, row.vector.byteLength), row.id, row.text).changes;
    return written;
  })();
}

/** The stored vectors of these rows (those that have one). */
export function selectSentenceVectors(db: Db, kind: SentenceKind, ids: readonly number[]): Map<number, Int8Array> {
  const vectors = new Map<number, Int8Array>();
  if (ids.length === 0) return vectors;
  const rows = (kind === 'claim' ? claimVectors : factcheckVectors)(db).all(JSON.stringify(ids)) as { id: number; vector: Buffer }[];
  for (const row of rows) vectors.set(row.id, new Int8Array(row.vector.buffer, row.vector.byteOffset, row.vector.byteLength));
  return vectors;
}

const claimVectors = preparedPerDb((db) =>
  (db as Db).$client.prepare('SELECT claim_id AS id, vector FROM claim_sentence_vectors WHERE claim_id IN (SELECT value FROM json_each(?))'),
);
const factcheckVectors = preparedPerDb((db) =>
  (db as Db).$client.prepare('SELECT factcheck_id AS id, vector FROM factcheck_sentence_vectors WHERE factcheck_id IN (SELECT value FROM json_each(?))'),
);

/** How many rows of each kind have a vector, and how many there are. */
export function countSentenceVectors(db: Db): { claims: number; claimVectors: number; factchecks: number; factcheckVectors: number } {
  return db.$client
    .prepare(
      `SELECT (SELECT count(*) FROM claims) AS claims, (SELECT count(*) FROM claim_sentence_vectors) AS claimVectors,
              (SELECT count(*) FROM external_factchecks) AS factchecks, (SELECT count(*) FROM factcheck_sentence_vectors) AS factcheckVectors`,
    )
    .get() as { claims: number; claimVectors: number; factchecks: number; factcheckVectors: number };
}
