import 'server-only';
import type { DbOrTx } from '@/db/open';
import { readVerdictSnapshotRows } from '@/db/queries/verdict-snapshot';
import type { Verdict } from '@/db/schema';
import { AppError } from '../errors';
import { currentRatingMethod } from '../insights/rating-process';
import { parseVerdictSnapshot, VerdictSnapshot } from '@/db/verdict-snapshot';

/**
 * A published verdict version is a frozen document (ARCHITECTURE.md): when it is published, what it
 * shows is frozen into its row — the claim as stated, the claimant, the appearances and the evidence
 * it cites, as they are at that moment. The public page, ClaimReview, exports and the API read the
 * snapshot, so a later edit of a live row reaches the public only through a correction.
 */

/** The snapshot of the claim as it stands, citing these evidence items (active ones, checked by the caller). */
export function takeVerdictSnapshot(tx: DbOrTx, claimId: number, citedEvidenceIds: readonly number[]): VerdictSnapshot {
  const rows = readVerdictSnapshotRows(tx, claimId, citedEvidenceIds);
  if (!rows) throw new AppError('not_found', 'That claim does not exist.', { claimId: ['No such claim'] });
  const { claimant, ...claim } = rows.claim;
  return VerdictSnapshot.parse({ claim, claimant, appearances: rows.appearances, evidence: rows.evidence });
}

/**
 * A retraction withdraws the version before it: it shows the claim, claimant and appearances as
 * they are when it is published, and the evidence of the version it withdraws (it cites nothing itself).
 */
export function takeRetractionSnapshot(tx: DbOrTx, claimId: number, previous: Pick<Verdict, 'snapshot'> | undefined): VerdictSnapshot {
  const live = takeVerdictSnapshot(tx, claimId, []);
  return { ...live, evidence: previous ? parseVerdictSnapshot(previous.snapshot).evidence : [] };
}

export function serializeVerdictSnapshot(snapshot: VerdictSnapshot): string {
  return JSON.stringify(VerdictSnapshot.parse(snapshot));
}

/**
 * Whether two snapshots show the same thing (both read through the schema, so key order agrees).
 * The rating method is left out: it records how the rating was reached, not what the version
 * says, so it alone never makes a correction.
 */
export function sameSnapshot(a: VerdictSnapshot, b: VerdictSnapshot): boolean {
  return serializeVerdictSnapshot(withoutMethod(a)) === serializeVerdictSnapshot(withoutMethod(b));
}

export function withoutMethod(snapshot: VerdictSnapshot): VerdictSnapshot {
  const { method: _method, ...rest } = snapshot;
  return rest;
}

/**
 * The snapshot with the rating method frozen in (lib/insights): a publication or correction keeps
 * how its rating was reached at this moment; a retraction keeps that of the version it withdraws.
 */
export function withRatingMethod(
  tx: DbOrTx,
  snapshot: VerdictSnapshot,
  claimId: number,
  values: Pick<Verdict, 'kind' | 'label'>,
  previous: Pick<Verdict, 'snapshot'> | undefined,
): VerdictSnapshot {
  if (values.kind === 'retraction') {
    const method = previous ? parseVerdictSnapshot(previous.snapshot).method : undefined;
    return method ? { ...snapshot, method } : snapshot;
  }
  return { ...snapshot, method: currentRatingMethod(tx, claimId, values.label) };
}
