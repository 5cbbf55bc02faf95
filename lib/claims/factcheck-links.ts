import 'server-only';
import type { Db, DbOrTx } from '@/db/open';
import { recordAuditEvent } from '@/db/queries/audit';
import { getClaimStatus } from '@/db/queries/claims';
import {
  deleteFactcheckLink,
  findFactcheckByUrlKey,
  getFactcheckSummary,
  insertFactcheckLink,
  listLinkedFactchecks,
  type FactcheckSummary,
} from '@/db/queries/factcheck-links';
import { AppError } from '../errors';
import { assertCan, auditActor, can, type Actor } from '../auth/permissions';
import type { FactcheckLink, FactcheckUnlink } from '../validation/factcheck-link';
import { reviewUrlKey } from '../validation/review-url';

export type { FactcheckSummary } from '@/db/queries/factcheck-links';

/**
 * "Checked elsewhere": fact-checks other organisations published, linked to a desk claim by a
 * person. They are public material, not the desk's ratings, so blind rating does not hide them;
 * nothing read here says anything about the desk's own assessments or verdict.
 */

export type LinkedFactcheck = ReturnType<typeof listLinkedFactchecks>[number];

/** The claim page's "Checked elsewhere" section for one actor. */
export function loadCheckedElsewhere(db: DbOrTx, actor: Actor, claimId: number): { linked: LinkedFactcheck[]; mayLink: boolean } {
  assertCan(actor, 'claim:read');
  return { linked: listLinkedFactchecks(db, claimId), mayLink: can(actor, 'factcheck:link') };
}

function requireClaim(tx: DbOrTx, claimId: number): void {
  if (!getClaimStatus(tx, claimId)) throw new AppError('not_found', 'That claim does not exist.', { claimId: ['No such claim'] });
}

/** The fact-check a link form names: by id, or by its review URL's normalised key. */
function requireFactcheck(tx: DbOrTx, input: Pick<FactcheckLink, 'factcheckId' | 'url'>): FactcheckSummary {
  if (input.factcheckId !== undefined) {
    const found = getFactcheckSummary(tx, input.factcheckId);
    if (!found) throw new AppError('bad_request', 'There is no such fact-check.', { factcheckId: [`There is no fact-check ${input.factcheckId}`] });
    return found;
  }
  const key = input.url === undefined ? null : reviewUrlKey(input.url);
  if (key === null) throw new AppError('bad_request', 'Please fix the highlighted fields.', { url: ['Paste the review’s web address, starting with http:// or https://'] });
  const found = findFactcheckByUrlKey(tx, key);
  if (!found) {
    throw new AppError('bad_request', 'No imported fact-check has that address.', {
      url: ['No imported fact-check has this address. Import the publisher’s ClaimReview feed first, or check the link.'],
    });
  }
  return found;
}

function auditPayload(claimId: number, factcheck: FactcheckSummary) {
  return { claimId, factcheckId: factcheck.id, url: factcheck.url, title: factcheck.title || factcheck.claimText, publisherName: factcheck.publisherName };
}

/**
 * Links a fact-check to a claim, in one transaction with its audit event. Linking one that is
 * already linked changes nothing and says so (`linked: false`).
 */
export function linkFactcheck(db: Db, actor: Actor, input: FactcheckLink): { factcheck: FactcheckSummary; linked: boolean } {
  assertCan(actor, 'factcheck:link');
  return db.transaction((tx) => {
    requireClaim(tx, input.claimId);
    const factcheck = requireFactcheck(tx, input);
    const audit = auditActor(actor);
    const row = insertFactcheckLink(tx, { claimId: input.claimId, factcheckId: factcheck.id, createdBy: audit.actorUserId });
    if (!row) return { factcheck, linked: false };
    recordAuditEvent(tx, {
      ...audit,
      action: 'factcheck_link.create',
      entityType: 'external_factcheck',
      entityId: factcheck.id,
      claimId: input.claimId,
      after: auditPayload(input.claimId, factcheck),
    });
    return { factcheck, linked: true };
  });
}

/**
 * Unlinks a fact-check from a claim. The link row goes; its audit events keep the history (who
 * linked it when, who unlinked it). Unlinking one that is not linked changes nothing.
 */
export function unlinkFactcheck(db: Db, actor: Actor, input: FactcheckUnlink): { factcheck: FactcheckSummary; unlinked: boolean } {
  assertCan(actor, 'factcheck:link');
  return db.transaction((tx) => {
    requireClaim(tx, input.claimId);
    const factcheck = requireFactcheck(tx, { factcheckId: input.factcheckId, url: undefined });
    const row = deleteFactcheckLink(tx, input.claimId, factcheck.id);
    if (!row) return { factcheck, unlinked: false };
    recordAuditEvent(tx, {
      ...auditActor(actor),
      action: 'factcheck_link.delete',
      entityType: 'external_factcheck',
      entityId: factcheck.id,
      claimId: input.claimId,
      before: { ...auditPayload(input.claimId, factcheck), linkedAt: row.createdAt, linkedBy: row.createdBy },
    });
    return { factcheck, unlinked: true };
  });
}
