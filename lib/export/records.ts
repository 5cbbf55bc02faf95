import { z } from 'zod';
import type { ExportRow } from '@/db/queries/export';
import { CLAIM_STATUSES, RATING_LABELS, VERDICT_KINDS } from '@/db/enums';
import { verdictPageUrl } from '@/lib/verdicts/claimreview-jsonld';
import { ratingStep } from '@/lib/review/rating-scale';
import { csvRecord } from './csv';

/**
 * One claim as the CSV and JSON Lines exports show it: the same fields in the same order, so a
 * CSV column and a JSON key always mean the same thing. Verdict fields are null until a verdict is
 * published; `verdict_kind` tells a retraction from a live verdict. Each timestamp has a calendar
 * date beside it (`…_date`, YYYY-MM-DD, UTC): spreadsheets open that as a date, while they keep an
 * ISO timestamp as text. The schema is also the OpenAPI document's `ExportRecord`.
 */
const nullableText = (description: string) => z.string().nullable().meta({ description });
const date = (description: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable()
    .meta({ description: `${description} (YYYY-MM-DD, UTC), for spreadsheets.`, example: '2024-12-19' });

export const ExportRecordSchema = z
  .object({
    id: z.number().int().meta({ description: 'The claim id.', example: 7 }),
    statement: z.string().meta({ description: 'The claim as stated (as published, once a verdict is).' }),
    claimant: z.string().meta({ description: 'Who made the claim.' }),
    claimed_on: z.string().meta({ description: 'When the claim was made (YYYY-MM-DD).', example: '2024-12-18' }),
    status: z.enum(CLAIM_STATUSES),
    disputed: z.boolean().meta({ description: 'Whether an open disagreement or contradicting link hangs on the claim.' }),
    verdict_label: z.enum(RATING_LABELS).nullable().meta({ description: 'The rating, or null without a published verdict.' }),
    rating_value: z.number().int().min(1).max(5).nullable().meta({ description: '1 (inaccurate) to 5 (accurate); null when unverifiable or without a verdict.' }),
    headline: nullableText('The verdict’s headline.'),
    explanation: nullableText('The verdict’s explanation, as published.'),
    correction_note: nullableText('The note of a correction or retraction; null for a first publication.'),
    verdict_version: z.number().int().nullable().meta({ description: 'The latest published version (1, 2, …).' }),
    verdict_kind: z.enum(VERDICT_KINDS).nullable(),
    published: nullableText('When version 1 was published (ISO 8601, UTC).'),
    published_date: date('The day version 1 was published'),
    modified: nullableText('When the latest version was published, if it is not version 1.'),
    modified_date: date('The day the latest version was published'),
    article_url: nullableText('Where the CMS published the fact-check, once reported.'),
    first_appearance_url: nullableText('Where the claim first appeared.'),
    public_url: nullableText('The public verdict page.'),
    updated_at: z.string().meta({ description: 'The last change to the claim (ISO 8601, UTC).' }),
    updated_date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .meta({ description: 'The day of the last change (YYYY-MM-DD, UTC), for spreadsheets.', example: '2024-12-20' }),
    duplicate_of: z.number().int().nullable().meta({ description: 'The kept claim’s id when the desk merged this claim into another (a duplicate, never a verdict of its own).' }),
  })
  .meta({ id: 'ExportRecord', description: 'One claim in the CSV and JSON Lines exports; CSV columns come in this order.' });

export type ExportRecord = z.infer<typeof ExportRecordSchema>;

/** The CSV header and the JSON keys, in order. */
export const EXPORT_COLUMNS = Object.keys(ExportRecordSchema.shape) as (keyof ExportRecord)[];

/** The calendar day (UTC) of a stored ISO timestamp. */
function day(timestamp: string): string;
function day(timestamp: string | null): string | null;
function day(timestamp: string | null): string | null {
  return timestamp === null ? null : timestamp.slice(0, 10);
}

export function toExportRecord(row: ExportRow, publicUrl: string): ExportRecord {
  const verdict = row.verdict;
  const published = verdict?.publishedAt ?? null;
  const modified = verdict?.modifiedAt ?? null;
  return {
    id: row.id,
    statement: row.statement,
    claimant: row.claimant,
    claimed_on: row.claimedOn,
    status: row.status,
    disputed: row.disputed,
    verdict_label: verdict?.label ?? null,
    rating_value: verdict ? ratingStep(verdict.label).value : null,
    headline: verdict?.headline ?? null,
    explanation: verdict?.explanation ?? null,
    correction_note: verdict?.note ?? null,
    verdict_version: verdict?.versionNumber ?? null,
    verdict_kind: verdict?.kind ?? null,
    published,
    published_date: day(published),
    modified,
    modified_date: day(modified),
    article_url: verdict?.articleUrl ?? null,
    first_appearance_url: row.firstAppearanceUrl,
    public_url: verdict ? verdictPageUrl(publicUrl, row.id) : null,
    updated_at: row.updatedAt,
    updated_date: day(row.updatedAt),
    duplicate_of: row.duplicateOf,
  };
}

export function csvExportRecord(record: ExportRecord): string {
  return csvRecord(EXPORT_COLUMNS.map((column) => record[column]));
}

export function jsonlExportRecord(record: ExportRecord): string {
  // JSON.stringify escapes CR and LF inside strings, so one record is always one line.
  return `${JSON.stringify(record)}\n`;
}
