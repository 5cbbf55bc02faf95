import 'server-only';
import type { DbOrTx } from '@/db/open';
import { getClaimWithVerdict, listVerdictRows, type VerdictRow } from '@/db/queries/api-verdicts';
import { getDuplicateState } from '@/db/queries/duplicates';
import { AppError } from '@/lib/errors';
import { ratingStep } from '@/lib/review/rating-scale';
import { verdictCursor } from '@/lib/validation/cursor';
import type { ClaimPublic, VerdictItem } from './schemas';

/** The feed's position after a verdict: its claim's updated_at and id. */
export function encodeVerdictCursor(row: { updatedAt: string; claimId: number }): string {
  return verdictCursor.encode({ t: row.updatedAt, id: row.claimId });
}

export function decodeVerdictCursor(cursor: string): { updatedAt: string; id: number } {
  const position = verdictCursor.decode(cursor);
  return { updatedAt: position.t, id: position.id };
}

function toItem(row: VerdictRow, publicUrl: string): VerdictItem | null {
  if (row.versionNumber === null || row.label === null || row.kind === null) return null;
  const step = ratingStep(row.label);
  return {
    claim_id: row.claimId,
    statement: row.statement,
    claimant: { name: row.claimantName, kind: row.claimantKind },
    claimed_on: row.claimedOn,
    rating: { label: row.label, name: step.name, value: step.value },
    headline: row.headline ?? '',
    kind: row.kind,
    version: row.versionNumber,
    correction_note: row.note,
    published_at: row.publishedAt ?? row.modifiedAt ?? '',
    modified_at: row.modifiedAt ?? '',
    updated_at: row.updatedAt,
    article_url: row.claimArticleUrl ?? row.verdictArticleUrl,
    public_url: `${publicUrl}/verdicts/${row.claimId}`,
    claimreview_url: row.kind === 'retraction' ? null : `${publicUrl}/api/v1/claims/${row.claimId}/claimreview`,
  };
}

/** One page of published verdicts, newest change first. */
export function listVerdicts(
  db: DbOrTx,
  publicUrl: string,
  query: { cursor?: string; limit: number; updated_since?: string },
): { items: VerdictItem[]; next_cursor: string | null } {
  const rows = listVerdictRows(db, {
    before: query.cursor ? decodeVerdictCursor(query.cursor) : undefined,
    updatedSince: query.updated_since,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => toItem(row, publicUrl)).filter((item): item is VerdictItem => item !== null),
    next_cursor: rows.length > query.limit && last ? encodeVerdictCursor(last) : null,
  };
}

/**
 * A claim for the API. Anyone may read a claim with a published verdict; other claims only with a
 * key (the CMS following up what it submitted). Unknown and hidden claims are both a plain 404.
 */
export function readApiClaim(db: DbOrTx, publicUrl: string, claimId: number, withKey: boolean): ClaimPublic {
  const row = getClaimWithVerdict(db, claimId);
  const visible = row && (withKey || row.status === 'published' || row.status === 'retracted');
  if (!row || !visible) throw new AppError('not_found', `There is no claim ${claimId}.`, { id: ['Unknown claim'] });
  return {
    id: row.claimId,
    statement: row.statement,
    claimant: { name: row.claimantName, kind: row.claimantKind },
    claimed_on: row.claimedOn,
    language: row.language,
    status: row.status,
    disputed: row.disputed === 1,
    article_url: row.claimArticleUrl,
    version: row.claimVersion,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    verdict: toItem(row, publicUrl),
    // A claim with a published verdict is never merged away (lib/claims/duplicates.ts): no second read for those.
    duplicate_of: row.status === 'published' || row.status === 'retracted' ? null : (getDuplicateState(db, claimId)?.duplicateOf ?? null),
  };
}
