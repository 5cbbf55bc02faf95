import 'server-only';
import type { DbOrTx } from '@/db/open';
import { assertCan, type Actor } from '@/lib/auth/permissions';
import type { ExportQuery } from '@/lib/validation/export';
import { CSV_BOM } from './csv';
import { exportSource, type ExportOptions } from './stream';

/** How many rows the export page previews. */
export const PREVIEW_ROWS = 5;

export interface ExportPreview {
  /** The start of the file exactly as the download writes it (the CSV's byte-order mark aside). */
  text: string;
  /** Whether the file goes on after this text. */
  truncated: boolean;
}

/**
 * The first rows of an export, written by the same source the download streams from (one batch of
 * PREVIEW_ROWS), so what the page shows is what the file will hold. The CSV's invisible byte-order
 * mark is left out of the text; the page says it is there.
 */
export function exportPreview(db: DbOrTx, actor: Actor, query: ExportQuery, options: ExportOptions = {}): ExportPreview {
  assertCan(actor, 'export:run');
  const source = exportSource(db, actor, query, { ...options, batchSize: PREVIEW_ROWS, preview: true });
  const first = source.next();
  const after = first === null ? null : source.next();
  const truncated = after !== null;
  let text = source.head + (first ?? '');
  if (!truncated) text += source.tail;
  else if (query.format === 'claimreview') text += '\n…';
  return { text: text.startsWith(CSV_BOM) ? text.slice(CSV_BOM.length) : text, truncated };
}
