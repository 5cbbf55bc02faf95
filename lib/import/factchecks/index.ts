import 'server-only';
import type { Db } from '@/db/open';
import { expandItem, type Unit } from './normalise';
import { importUnits, type FactcheckImportCounts, type FactcheckImportOptions } from './write';

/**
 * lib/import/factchecks — fact-checks published by others (ClaimReview), imported.
 *
 * edge.ts (permissive zod shapes) → normalise.ts (one FactcheckRecord per review) → write.ts
 * (batched transactions, idempotent by url_key and content_hash); read.ts detects and streams the
 * file formats; values.ts and proposals.ts are the pure key, date and mapping rules; mappings.ts is
 * the editors' rating-mapping table and its queue. May use db/queries/factchecks*, lib/auth,
 * lib/history, lib/review/rating-scale.
 */

export { openFactcheckInput, UnknownFormatError, MAX_DOCUMENT_CHARS, type FactcheckInput } from './read';
export { importUnits, contentHash, type FactcheckImportCounts, type FactcheckImportOptions, type Skip } from './write';
export type { FactcheckRecord } from './normalise';

/**
 * Imports already-parsed items — ClaimReview objects, DataFeeds, DataFeedItems, claims:search
 * answers or claims, `@graph` documents, lists of any of these — and returns what happened:
 * `{ added, updated, unchanged, skipped, skippedTotal }`. Skipped items are named "item N".
 */
export function importFactchecks(
  db: Db,
  items: AsyncIterable<unknown> | Iterable<unknown>,
  options: FactcheckImportOptions = {},
): Promise<FactcheckImportCounts> {
  return importUnits(db, unitsOf(items), options);
}

async function* unitsOf(items: AsyncIterable<unknown> | Iterable<unknown>): AsyncGenerator<Unit> {
  let number = 0;
  for await (const item of items) {
    number++;
    yield* expandItem(item, `item ${number}`);
  }
}
