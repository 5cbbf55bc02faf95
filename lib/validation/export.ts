import { z } from 'zod';
import { CLAIM_STATUSES } from '@/db/schema';
import { isCalendarDate } from '@/lib/validation/fields';

/** What GET /api/v1/export offers. */
export const EXPORT_FORMATS = ['csv', 'jsonl', 'claimreview'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** What the export page offers: those, and the researchers' assessments (editors only, never to an API key). */
export const PAGE_EXPORT_FORMATS = [...EXPORT_FORMATS, 'assessments'] as const;
export type ExportPageFormat = (typeof PAGE_EXPORT_FORMATS)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
// RFC 3339 date-time: seconds and fractions optional, a Z or an offset required so the instant is
// unambiguous (a bare local time would mean a different moment on every server).
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

const UPDATED_SINCE_MESSAGE = 'Use a date like 2024-12-18 or a date and time like 2024-12-18T09:30:00Z.';

/** The instant as stored in updated_at (ISO-8601 UTC with milliseconds), or null when invalid. */
function toStoredInstant(value: string): string | null {
  if (DATE.test(value)) return isCalendarDate(value) ? `${value}T00:00:00.000Z` : null;
  if (!DATE_TIME.test(value)) return null;
  // Date.parse accepts 2024-02-31 as March 2nd; compare the calendar part back to refuse that.
  const date = new Date(value.toUpperCase());
  if (Number.isNaN(date.getTime())) return null;
  const local = value.slice(0, 10);
  const offset = /[+-]\d{2}:\d{2}$/.exec(value)?.[0];
  const minutes = offset ? (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) : 0;
  const shown = new Date(date.getTime() + minutes * 60_000).toISOString().slice(0, 10);
  return shown === local ? date.toISOString() : null;
}

/**
 * A date (midnight UTC) or a date-time with a zone, normalised to the stored form so it compares
 * with updated_at as text.
 */
const updatedSince = z
  .string({ error: UPDATED_SINCE_MESSAGE })
  .trim()
  .max(40, UPDATED_SINCE_MESSAGE)
  .refine((value) => toStoredInstant(value) !== null, UPDATED_SINCE_MESSAGE)
  .transform((value) => toStoredInstant(value) as string);

const format = z.enum(EXPORT_FORMATS, { error: 'Choose csv, jsonl or claimreview.' });
const status = z.enum(CLAIM_STATUSES, { error: 'Choose one of the listed statuses.' });
const claimant = z.coerce
  .number({ error: 'Choose a claimant from the list.' })
  .int('Choose a claimant from the list.')
  .positive('Choose a claimant from the list.')
  .max(Number.MAX_SAFE_INTEGER, 'Choose a claimant from the list.');

/** Search params arrive as strings (repeated ones as arrays, an untouched form field as ""). */
function blankToAbsent(value: unknown): unknown {
  const first = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof first === 'string' && first.trim() === '' ? undefined : first;
}

const param = <T extends z.ZodType>(schema: T) => z.preprocess(blankToAbsent, schema);

/**
 * The export page's form and its download link: camelCase, unknown params ignored, blank means
 * absent, CSV when no format is chosen.
 */
export const ExportQuery = z.object({
  format: param(z.enum(PAGE_EXPORT_FORMATS, { error: 'Choose csv, jsonl, claimreview or assessments.' }).default('csv')),
  /** The researchers' export: reviewers' names instead of pseudonyms ("1"); audited. */
  names: z.preprocess(
    (value) => {
      const first = blankToAbsent(value);
      return first === '1' ? true : first === '0' ? undefined : first;
    },
    z.literal(true, { error: 'Use 1 for names or leave it out.' }).optional(),
  ),
  status: param(status.optional()),
  updatedSince: param(updatedSince.optional()),
  claimant: param(claimant.optional()),
});
export type ExportQuery = z.infer<typeof ExportQuery>;

/**
 * `GET /api/v1/export`: snake_case names as in the rest of the API, the format required, and an
 * unknown param refused (a misspelt `updatedsince` would otherwise export everything).
 */
export const ExportApiQuery = z.strictObject({
  format: format.meta({ description: '`csv`, `jsonl` (JSON Lines) or `claimreview` (a ClaimReview JSON-LD feed).', example: 'csv' }),
  status: status.optional().meta({ description: 'Only claims with this status.', example: 'published' }),
  updated_since: updatedSince.optional().meta({
    description: 'Only claims changed at or after this instant: a date (`2024-12-18`, midnight UTC) or a date-time with `Z` or an offset (`2024-12-18T09:30:00Z`).',
    example: '2024-12-18',
  }),
  claimant: claimant.optional().meta({ description: 'Only claims by this source (its id, as in the workbench’s source page address).', example: 3 }),
});
export type ExportApiQuery = z.infer<typeof ExportApiQuery>;

export function exportQueryFromApi(query: ExportApiQuery): ExportQuery {
  return { format: query.format, status: query.status, updatedSince: query.updated_since, claimant: query.claimant };
}

/** The page's filters as search params, for the preview and the download link. */
export function exportSearchParams(query: ExportQuery): URLSearchParams {
  const params = new URLSearchParams({ format: query.format });
  if (query.format === 'assessments' && query.names) params.set('names', '1');
  if (query.status) params.set('status', query.status);
  if (query.claimant) params.set('claimant', String(query.claimant));
  if (query.updatedSince) params.set('updatedSince', query.updatedSince);
  return params;
}
