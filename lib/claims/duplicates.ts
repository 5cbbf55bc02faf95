import 'server-only';
import type { Db, DbOrTx, Tx } from '@/db/open';
import { recordAuditEvent } from '@/db/queries/audit';
import {
  deleteDuplicateMoves,
  getDuplicateState,
  insertDuplicateMoves,
  listClaimCards,
  listDuplicateMoves,
  listDuplicatesOf,
  listEvidenceCitedByVerdicts,
  moveAllAppearances,
  moveAllEvidence,
  moveRowsBack,
  setDuplicateOfAtVersion,
} from '@/db/queries/duplicates';
import type { ClaimStatus, RatingLabel } from '@/db/schema';
import { AppError } from '../errors';
import { assertCan, auditActor, can, type Actor } from '../auth/permissions';
import { staleVersionError } from '../history/conflicts';
import { syncClaimFlags } from '../review/review-state';
import type { DuplicateMark, DuplicateUnmark } from '../validation/duplicate';

/**
 * Duplicates: an editor merges a claim into another (the kept claim). The duplicate's appearances
 * and evidence move to the kept claim, the rows moved are recorded (duplicate_moves) so that
 * unmarking moves exactly those back, the duplicate points at the kept claim (claims.duplicate_of),
 * and both claims' histories say so. Duplicates do not chain: a kept claim is never itself a
 * duplicate, so the page a duplicate redirects to is always a claim in its own right.
 *
 * A claim whose verdict is published (or retracted) is never merged away: that verdict is public
 * and stands on its own (link the claims as "same claim" instead). A retracted claim is closed to
 * new appearances and evidence, so it cannot be the kept claim either.
 */

const CLAIM = { type: 'claim', label: 'claim' } as const;

/** Another desk claim as anyone may see it: its status and its published verdict, never a rating in progress. */
export interface DeskClaimCard {
  id: number;
  statement: string;
  status: ClaimStatus;
  /** The latest published verdict's label; null before publication and once retracted. */
  verdictLabel: RatingLabel | null;
  version: number;
}

function cards(db: DbOrTx, ids: readonly number[]): DeskClaimCard[] {
  const rows = new Map(listClaimCards(db, ids).map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = rows.get(id);
    if (!row) return [];
    const published = row.verdictKind !== null && row.verdictKind !== 'retraction' ? row.verdictLabel : null;
    return [{ id: row.id, statement: row.statement, status: row.status, verdictLabel: published, version: row.version }];
  });
}

/**
 * Desk claims by id as the "Possible duplicates" list shows them (for the matching suggestions):
 * the claim itself and claims already merged away are left out. Only statuses and published
 * verdicts: nothing derived from anyone's assessment reaches a blind reviewer this way.
 */
export function deskClaimCards(db: DbOrTx, actor: Actor, claimId: number, ids: readonly number[]): DeskClaimCard[] {
  assertCan(actor, 'claim:read');
  const wanted = [...new Set(ids)].filter((id) => id !== claimId);
  const merged = new Set(listClaimCards(db, wanted).filter((row) => row.duplicateOf !== null).map((row) => row.id));
  return cards(db, wanted.filter((id) => !merged.has(id)));
}

export interface DuplicateState {
  /** The claim's own version, for the forms. */
  version: number;
  /** The kept claim this one was merged into, if it was. */
  duplicateOf: DeskClaimCard | null;
  /** Claims merged into this one. */
  mergedHere: DeskClaimCard[];
  mayMark: boolean;
}

/** The claim page's duplicate facts for one actor. */
export function loadDuplicateState(db: DbOrTx, actor: Actor, claimId: number): DuplicateState {
  assertCan(actor, 'claim:read');
  const state = getDuplicateState(db, claimId);
  if (!state) throw new AppError('not_found', 'That claim does not exist.', { claimId: ['No such claim'] });
  return {
    version: state.version,
    duplicateOf: state.duplicateOf === null ? null : (cards(db, [state.duplicateOf])[0] ?? null),
    mergedHere: cards(db, listDuplicatesOf(db, claimId).map((row) => row.id)),
    mayMark: can(actor, 'claim:mark_duplicate'),
  };
}

/** Where a duplicate's page sends its reader: the kept claim, or null for a claim in its own right. */
export function keptClaimOf(db: DbOrTx, actor: Actor, claimId: number): number | null {
  assertCan(actor, 'claim:read');
  return getDuplicateState(db, claimId)?.duplicateOf ?? null;
}

function refuse(message: string): AppError {
  return new AppError('conflict', message, { otherClaimId: [message] });
}

function requirePair(tx: Tx, input: DuplicateMark) {
  const page = getDuplicateState(tx, input.claimId);
  if (!page) throw new AppError('not_found', 'That claim does not exist.', { claimId: ['No such claim'] });
  if (page.version !== input.version) throw staleVersionError(tx, { ...CLAIM, id: page.id }, input.version, page.version);
  const other = getDuplicateState(tx, input.otherClaimId);
  if (!other) throw new AppError('bad_request', 'Please fix the highlighted fields.', { otherClaimId: [`There is no claim ${input.otherClaimId}`] });
  return input.keep === 'this' ? { duplicate: other, kept: page } : { duplicate: page, kept: other };
}

export interface MarkResult {
  duplicateId: number;
  keptId: number;
  movedAppearanceIds: number[];
  movedEvidenceIds: number[];
}

/**
 * Marks one claim a duplicate of another, in one transaction: moves the duplicate's appearances and
 * evidence to the kept claim (recording exactly which), sets duplicate_of (at the version the page
 * was read at), audits both claims, and brings both claims' review status up to date.
 */
export function markDuplicate(db: Db, actor: Actor, input: DuplicateMark): MarkResult {
  assertCan(actor, 'claim:mark_duplicate');
  if (input.claimId === input.otherClaimId) {
    throw new AppError('bad_request', 'A claim cannot be a duplicate of itself.', { otherClaimId: ['A claim cannot be a duplicate of itself'] });
  }
  return db.transaction((tx) => {
    const { duplicate, kept } = requirePair(tx, input);
    if (duplicate.duplicateOf !== null) throw refuse(`Claim ${duplicate.id} is already marked a duplicate of claim ${duplicate.duplicateOf}.`);
    if (kept.duplicateOf !== null) {
      throw refuse(`Claim ${kept.id} is itself a duplicate of claim ${kept.duplicateOf}: mark it against claim ${kept.duplicateOf} instead.`);
    }
    if (listDuplicatesOf(tx, duplicate.id).length > 0) {
      throw refuse(`Other claims were merged into claim ${duplicate.id}; unmark them first, or keep claim ${duplicate.id} instead.`);
    }
    if (duplicate.status === 'published' || duplicate.status === 'retracted') {
      throw refuse(`Claim ${duplicate.id} has a published verdict, which stands on its own: link the two claims as “same claim” instead.`);
    }
    if (kept.status === 'retracted') throw refuse(`Claim ${kept.id}’s verdict was retracted; it takes no more appearances or evidence.`);

    const movedAppearanceIds = moveAllAppearances(tx, duplicate.id, kept.id);
    const movedEvidenceIds = moveAllEvidence(tx, duplicate.id, kept.id);
    insertDuplicateMoves(tx, duplicate.id, kept.id, [
      ...movedAppearanceIds.map((rowId) => ({ rowKind: 'appearance' as const, rowId })),
      ...movedEvidenceIds.map((rowId) => ({ rowKind: 'evidence' as const, rowId })),
    ]);
    const after = setDuplicateOfAtVersion(tx, duplicate.id, duplicate.version, kept.id);
    if (!after) throw staleVersionError(tx, { ...CLAIM, id: duplicate.id }, duplicate.version, duplicate.version + 1);

    const audit = auditActor(actor);
    const moved = { keptClaimId: kept.id, movedAppearanceIds, movedEvidenceIds };
    recordAuditEvent(tx, {
      ...audit,
      action: 'claim.mark_duplicate',
      entityType: 'claim',
      entityId: duplicate.id,
      claimId: duplicate.id,
      before: { duplicateOf: null, version: duplicate.version },
      after: { duplicateOf: kept.id, version: after.version, ...moved },
    });
    // The kept claim's history tells the same event; without a version, it is no edit of the kept claim.
    recordAuditEvent(tx, { ...audit, action: 'claim.mark_duplicate', entityType: 'claim', entityId: duplicate.id, claimId: kept.id, after: { duplicateOf: kept.id, ...moved } });
    syncClaimFlags(tx, actor, kept.id);
    syncClaimFlags(tx, actor, duplicate.id);
    return { duplicateId: duplicate.id, keptId: kept.id, movedAppearanceIds, movedEvidenceIds };
  });
}

/**
 * Undoes a mark: moves back exactly the rows the mark moved (rows added to the kept claim since
 * stay there), clears duplicate_of at the version read, audits both claims. Refused while the kept
 * claim's published verdict cites evidence that would leave it.
 */
export function unmarkDuplicate(db: Db, actor: Actor, input: DuplicateUnmark): MarkResult {
  assertCan(actor, 'claim:mark_duplicate');
  return db.transaction((tx) => {
    const duplicate = getDuplicateState(tx, input.claimId);
    if (!duplicate) throw new AppError('not_found', 'That claim does not exist.', { claimId: ['No such claim'] });
    if (duplicate.version !== input.version) throw staleVersionError(tx, { ...CLAIM, id: duplicate.id }, input.version, duplicate.version);
    const keptId = duplicate.duplicateOf;
    if (keptId === null) throw new AppError('conflict', `Claim ${duplicate.id} is not marked a duplicate.`);
    const moves = listDuplicateMoves(tx, duplicate.id);
    const ids = (kind: 'appearance' | 'evidence') => moves.filter((m) => m.rowKind === kind).map((m) => m.rowId);
    const cited = listEvidenceCitedByVerdicts(tx, keptId, ids('evidence'));
    if (cited.length > 0) {
      throw new AppError('conflict', `Claim ${keptId}’s published verdict cites evidence ${cited.join(', ')} from claim ${duplicate.id}; it cannot move back.`);
    }
    const movedAppearanceIds = moveRowsBack(tx, 'appearance', ids('appearance'), keptId, duplicate.id);
    const movedEvidenceIds = moveRowsBack(tx, 'evidence', ids('evidence'), keptId, duplicate.id);
    deleteDuplicateMoves(tx, duplicate.id);
    const after = setDuplicateOfAtVersion(tx, duplicate.id, duplicate.version, null);
    if (!after) throw staleVersionError(tx, { ...CLAIM, id: duplicate.id }, duplicate.version, duplicate.version + 1);

    const audit = auditActor(actor);
    const moved = { keptClaimId: keptId, movedAppearanceIds, movedEvidenceIds };
    recordAuditEvent(tx, {
      ...audit,
      action: 'claim.unmark_duplicate',
      entityType: 'claim',
      entityId: duplicate.id,
      claimId: duplicate.id,
      before: { duplicateOf: keptId, version: duplicate.version },
      after: { duplicateOf: null, version: after.version, ...moved },
    });
    recordAuditEvent(tx, { ...audit, action: 'claim.unmark_duplicate', entityType: 'claim', entityId: duplicate.id, claimId: keptId, after: { duplicateOf: null, ...moved } });
    syncClaimFlags(tx, actor, keptId);
    syncClaimFlags(tx, actor, duplicate.id);
    return { duplicateId: duplicate.id, keptId, movedAppearanceIds, movedEvidenceIds };
  });
}
