import type { ExportRow } from '@/db/queries/export';
import type { ClaimStatus, RatingLabel, Verdict } from '@/db/schema';
import { verdictPageUrl } from '@/lib/verdicts/claimreview-jsonld';
import { ratingStep } from '@/lib/review/rating-scale';
import { csvRecord } from './csv';

/**
 * One claim as the CSV and JSON Lines exports show it: the same fields in the same order, so a
 * CSV column and a JSON key always mean the same thing. Verdict fields are null until a verdict is
 * published; `verdict_kind` tells a retraction from a live verdict.
 */
export interface ExportRecord {
  id: number;
  statement: string;
  claimant: string;
  claimed_on: string;
  status: ClaimStatus;
  disputed: boolean;
  verdict_label: RatingLabel | null;
  /** 1 (inaccurate) to 5 (accurate); null when unverifiable or without a verdict. */
  rating_value: number | null;
  headline: string | null;
  verdict_version: number | null;
  verdict_kind: Verdict['kind'] | null;
  published: string | null;
  modified: string | null;
  article_url: string | null;
  first_appearance_url: string | null;
  public_url: string | null;
  updated_at: string;
  /** The kept claim's id when the desk merged this claim into another (a duplicate, never a verdict of its own). */
  duplicate_of: number | null;
}

export const EXPORT_COLUMNS = [
  'id',
  'statement',
  'claimant',
  'claimed_on',
  'status',
  'disputed',
  'verdict_label',
  'rating_value',
  'headline',
  'verdict_version',
  'verdict_kind',
  'published',
  'modified',
  'article_url',
  'first_appearance_url',
  'public_url',
  'updated_at',
  'duplicate_of',
] as const satisfies readonly (keyof ExportRecord)[];

export function toExportRecord(row: ExportRow, publicUrl: string): ExportRecord {
  const verdict = row.verdict;
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
    verdict_version: verdict?.versionNumber ?? null,
    verdict_kind: verdict?.kind ?? null,
    published: verdict?.publishedAt ?? null,
    modified: verdict?.modifiedAt ?? null,
    article_url: verdict?.articleUrl ?? null,
    first_appearance_url: row.firstAppearanceUrl,
    public_url: verdict ? verdictPageUrl(publicUrl, row.id) : null,
    updated_at: row.updatedAt,
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
