import 'server-only';
import { countExportRows } from '@/db/queries/export';
import { countResearchAssessments } from '@/db/queries/insights';
import type { DbOrTx } from '@/db/open';
import { assertCan, type Actor } from '@/lib/auth/permissions';
import { listClaimantOptions, type ClaimantOption } from '@/lib/claims/claim-list';
import { fieldErrorsFromZod, type FieldErrors } from '@/lib/errors';
import { ExportQuery } from '@/lib/validation/export';
import { exportFilter } from './stream';

export interface ExportPageData {
  /** The choices the page shows: the valid ones asked for, or the defaults when any was not. */
  query: ExportQuery;
  /** Why the choices were reset, by field; empty when they were valid. */
  errors: FieldErrors;
  claimants: ClaimantOption[];
  /** How many rows (verdicts, for the ClaimReview feed) the export will hold; null when the choices were reset. */
  count: number | null;
}

/** What the export page shows for its search params (first values), for someone allowed to export. */
export function loadExportPage(db: DbOrTx, actor: Actor, params: Record<string, string>): ExportPageData {
  assertCan(actor, 'export:run');
  const parsed = ExportQuery.safeParse(params);
  const query = parsed.success ? parsed.data : ExportQuery.parse({});
  const errors = parsed.success ? {} : fieldErrorsFromZod(parsed.error);
  const claimants = listClaimantOptions(db, actor);
  const count = !parsed.success
    ? null
    : query.format === 'assessments'
      ? countResearchAssessments(db)
      : countExportRows(db, exportFilter(query));
  return { query, errors, claimants, count };
}
