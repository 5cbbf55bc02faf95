import 'server-only';
import { readExportBatch, type ExportFilter } from '@/db/queries/export';
import type { DbOrTx } from '@/db/open';
import { getEnv } from '@/lib/env';
import { organisationAuthor } from '@/lib/admin/organisation';
import { assertCan, type Actor } from '@/lib/auth/permissions';
import type { ExportPageFormat, ExportQuery } from '@/lib/validation/export';
import { researchExportSource } from '@/lib/insights/research-export';
import { claimReviewFeedSource, type Organisation } from './claimreview-feed';
import { csvHeader } from './csv';
import { EXPORT_COLUMNS, csvExportRecord, jsonlExportRecord, toExportRecord } from './records';
import { sourceStream, type ExportSource } from './source';

/**
 * Streamed exports in every format. Rows are read from the database one keyset batch per pull
 * of the stream, so memory holds one batch whatever the size of the export, and a slow client
 * slows the reading (backpressure) instead of filling memory.
 *
 * An export is not one snapshot: each batch is its own read, and a single connection shared by
 * the app cannot hold a read transaction open across awaits without taking in other requests'
 * writes. Walking by id, every claim appears at most once, as it was when its batch was read.
 *
 * A failure part-way (the database gone, a corrupt row) is logged and ends the stream with an
 * error rather than a clean close. The HTTP response has already started with 200 by then, so the
 * error cannot become a problem+json; aborting the body instead means the client sees a broken,
 * truncated download (curl exits with an error, browsers mark it failed) and never mistakes a
 * short file for a complete export.
 */

export const EXPORT_BATCH_SIZE = 1000;

export const EXPORT_CONTENT_TYPES: Record<ExportPageFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson',
  claimreview: 'application/ld+json',
  assessments: 'text/csv; charset=utf-8',
};

const EXTENSIONS: Record<ExportPageFormat, string> = { csv: 'csv', jsonl: 'jsonl', claimreview: 'jsonld', assessments: 'csv' };

export interface ExportStream {
  stream: ReadableStream<Uint8Array>;
  contentType: string;
  filename: string;
}

export interface ExportOptions {
  /** Claims read per pull; defaults to EXPORT_BATCH_SIZE. */
  batchSize?: number;
  /** The address the public reaches verdict pages on; defaults to PUBLIC_URL. */
  publicUrl?: string;
  /** The organisation named as author of each ClaimReview; defaults to the organisation settings. */
  org?: Organisation;
  /** For the file name's date; defaults to now. */
  now?: Date;
  /** The export page's preview: the researchers' export shows pseudonyms and records nothing. */
  preview?: boolean;
}

/** The filter an export query stands for; the ClaimReview feed holds only live published verdicts. */
export function exportFilter(query: ExportQuery): ExportFilter {
  return {
    status: query.status,
    updatedSince: query.updatedSince,
    claimantId: query.claimant,
    publishedVerdictsOnly: query.format === 'claimreview',
  };
}

export function exportFilename(format: ExportPageFormat, now: Date = new Date()): string {
  if (format === 'assessments') return `claimbench-assessments-${now.toISOString().slice(0, 10).replace(/-/g, '')}.csv`;
  return `claimbench-export-${now.toISOString().slice(0, 10).replace(/-/g, '')}.${EXTENSIONS[format]}`;
}

/** CSV or JSON Lines: one record per claim, read in id order. */
function recordSource(
  db: DbOrTx,
  filter: ExportFilter,
  format: 'csv' | 'jsonl',
  options: { batchSize: number; publicUrl: string },
): ExportSource {
  const write = format === 'csv' ? csvExportRecord : jsonlExportRecord;
  let afterId = 0;
  let finished = false;
  return {
    head: format === 'csv' ? csvHeader(EXPORT_COLUMNS) : '',
    next: () => {
      if (finished) return null;
      const rows = readExportBatch(db, filter, afterId, options.batchSize);
      if (rows.length < options.batchSize) finished = true;
      const last = rows.at(-1);
      if (!last) return null;
      afterId = last.id;
      let text = '';
      for (const row of rows) text += write(toExportRecord(row, options.publicUrl));
      return text;
    },
    tail: '',
  };
}

/**
 * The document a query asks for, as a source read batch by batch: what exportStream streams and
 * what the export page's preview reads the first batch of. The caller checks permission.
 */
export function exportSource(db: DbOrTx, actor: Actor | null, query: ExportQuery, options: ExportOptions = {}): ExportSource {
  const batchSize = options.batchSize ?? EXPORT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer');
  if (query.format === 'assessments') {
    assertCan(actor, 'assessment:export');
    return researchExportSource(db, actor, { names: options.preview !== true && query.names === true, batchSize });
  }
  const publicUrl = options.publicUrl ?? getEnv().PUBLIC_URL;
  const filter = exportFilter(query);
  return query.format === 'claimreview'
    ? claimReviewFeedSource(db, filter, { batchSize, publicUrl, org: options.org ?? organisationAuthor(db) })
    : recordSource(db, filter, query.format, { batchSize, publicUrl });
}

/**
 * The export a query asks for, as a stream of UTF-8 bytes with its content type and file name.
 * Permission is checked here, before any row is read: editors and admins, and API keys with the
 * export:read scope.
 */
export function exportStream(db: DbOrTx, actor: Actor | null, query: ExportQuery, options: ExportOptions = {}): ExportStream {
  assertCan(actor, 'export:run');
  const source = exportSource(db, actor, query, options);
  return {
    stream: sourceStream(source, query.format),
    contentType: EXPORT_CONTENT_TYPES[query.format],
    filename: exportFilename(query.format, options.now),
  };
}
