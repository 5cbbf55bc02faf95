import 'server-only';
import { countExportRows } from '@/db/queries/export';
import type { DbOrTx } from '@/db/open';
import { assertCan, can, type Actor } from '@/lib/auth/permissions';
import { listClaimantOptions, type ClaimantOption } from '@/lib/claims/claim-list';
import { fieldErrorsFromZod, type FieldErrors } from '@/lib/errors';
import { PAGE_EXPORT_FORMATS, ExportQuery, type ExportFormat } from '@/lib/validation/export';
import { countResearchAssessments } from '@/db/queries/insights';
import { exportPreview, type ExportPreview } from './preview';
import { exportFilter } from './stream';

/** What the page shows for one format: how many rows the file will hold and its first rows. */
export interface FormatPreview {
  count: number;
  preview: ExportPreview;
}

/** Every API format, and the researchers' assessments for those who may export them. */
export type ExportPageFormats = Record<ExportFormat, FormatPreview> & Partial<Record<'assessments', FormatPreview>>;

export interface ExportPageData {
  /** The choices the page shows: the valid ones asked for, or the defaults when any was not. */
  query: ExportQuery;
  /** Why the choices were reset, by field; empty when they were valid. */
  errors: FieldErrors;
  claimants: ClaimantOption[];
  /** How many rows (verdicts, for the ClaimReview feed) the chosen export will hold; null when the choices were reset. */
  count: number | null;
  /**
   * Every format with these filters, so the page can follow a change of format before the form is
   * sent again; null when the choices were reset.
   */
  formats: ExportPageFormats | null;
}

/** What the export page shows for its search params (first values), for someone allowed to export. */
export function loadExportPage(db: DbOrTx, actor: Actor, params: Record<string, string>): ExportPageData {
  assertCan(actor, 'export:run');
  const parsed = ExportQuery.safeParse(params);
  const query = parsed.success ? parsed.data : ExportQuery.parse({});
  const errors = parsed.success ? {} : fieldErrorsFromZod(parsed.error);
  const claimants = listClaimantOptions(db, actor);
  if (!parsed.success) return { query, errors, claimants, count: null, formats: null };
  // CSV and JSON Lines hold the same rows: count them once.
  const rows = countExportRows(db, exportFilter({ ...query, format: 'csv' }));
  const formats = Object.fromEntries(
    PAGE_EXPORT_FORMATS.filter((format) => format !== 'assessments' || can(actor, 'assessment:export')).map((format) => {
      const asked = { ...query, format };
      const count =
        format === 'assessments' ? countResearchAssessments(db) : format === 'claimreview' ? countExportRows(db, exportFilter(asked)) : rows;
      return [format, { count, preview: exportPreview(db, actor, asked) }];
    }),
  ) as ExportPageFormats;
  return { query, errors, claimants, count: formats[query.format]?.count ?? null, formats };
}
