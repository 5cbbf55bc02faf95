import 'server-only';
import { createHmac } from 'node:crypto';
import type { DbOrTx } from '@/db/open';
import { recordAuditEvent } from '@/db/queries/audit';
import { readResearchAssessmentBatch, type ResearchAssessmentRow } from '@/db/queries/insights';
import { assertCan, auditActor, type Actor } from '@/lib/auth/permissions';
import { getEnv } from '@/lib/env';
import { csvHeader, csvRecord } from '@/lib/export/csv';
import type { ExportSource } from '@/lib/export/source';
import { ratingStep } from '@/lib/review/rating-scale';

/**
 * Assessments of published claims for researchers, one CSV row per current assessment beside the
 * claim's live verdict. Reviewers appear as stable pseudonyms: an HMAC of their user id under a
 * key derived from AUTH_SECRET, so the same person has the same pseudonym in every export while
 * AUTH_SECRET stays the same, and nobody without the secret can tell who it is (an id cannot be
 * guessed back from it). An editor may ask for names instead; that export is recorded in the audit
 * log, before the first row is read.
 */

export const RESEARCH_COLUMNS = [
  'assessment_id',
  'claim_id',
  'statement',
  'reviewer',
  'label',
  'step',
  'confidence',
  'submitted_at',
  'verdict_label',
  'verdict_step',
] as const;

export function reviewerPseudonym(reviewerId: number, secret: string = getEnv().AUTH_SECRET): string {
  // A key of its own, so the pseudonyms share nothing usable with session tokens signed by the same secret.
  const key = createHmac('sha256', secret).update('claimbench research export pseudonyms').digest();
  return `reviewer-${createHmac('sha256', key).update(String(reviewerId)).digest('hex').slice(0, 12)}`;
}

function researchRecord(row: ResearchAssessmentRow, names: boolean): string {
  return csvRecord([
    row.id,
    row.claimId,
    row.statement,
    names ? row.reviewerName : reviewerPseudonym(row.reviewerId),
    row.label,
    ratingStep(row.label).value,
    row.confidence,
    row.createdAt,
    row.verdict,
    ratingStep(row.verdict).value,
  ]);
}

/** The export's rows, a keyset batch per pull. Permission (and the audit of names) checked here. */
export function researchExportSource(db: DbOrTx, actor: Actor, options: { names: boolean; batchSize: number }): ExportSource {
  assertCan(actor, 'assessment:export');
  if (options.names) {
    db.transaction((tx) => {
      recordAuditEvent(tx, {
        ...auditActor(actor),
        action: 'assessment.export_names',
        entityType: 'export',
        entityId: 0,
        before: null,
        after: { format: 'assessments', names: true },
      });
    });
  }
  let afterId = 0;
  let finished = false;
  return {
    head: csvHeader(RESEARCH_COLUMNS),
    next: () => {
      if (finished) return null;
      const rows = readResearchAssessmentBatch(db, afterId, options.batchSize);
      if (rows.length < options.batchSize) finished = true;
      const last = rows.at(-1);
      if (!last) return null;
      afterId = last.id;
      return rows.map((row) => researchRecord(row, options.names)).join('');
    },
    tail: '',
  };
}
