import 'server-only';
import type { Db, Tx } from '@/db/open';
import { recordAuditEvent } from '@/db/queries/audit';
import { getClaimStatus } from '@/db/queries/claims';
import { getEvidence, insertEvidence, updateEvidenceAtVersion } from '@/db/queries/evidence';
import type { Evidence } from '@/db/schema';
import { refreshReviewState } from './review-state';
import { staleVersionError } from '../history/conflicts';
import { AppError } from '../errors';
import { assertCan, auditActor, can, type Actor } from '../auth/permissions';
import { resolveSourceRef } from '../sources/source-by-name';
import type { EvidenceCreate, EvidenceInput, EvidenceRetract, EvidenceUpdate } from '../validation/evidence';

function fieldsOf(input: EvidenceInput, publisherId: number | null) {
  return {
    url: input.url,
    title: input.title,
    publisherId,
    publishedOn: input.publishedOn ?? null,
    stance: input.stance,
    note: input.note,
    quoteExact: input.quote.exact,
    quotePrefix: input.quote.prefix,
    quoteSuffix: input.quote.suffix,
  };
}

function requireOpenClaim(tx: Tx, claimId: number, field = 'claimId'): void {
  const status = getClaimStatus(tx, claimId);
  if (!status) throw new AppError('not_found', 'That claim does not exist.', { [field]: ['No such claim'] });
  if (status === 'retracted') throw new AppError('conflict', 'This claim’s verdict was retracted; its evidence is closed.');
}

/** The publisher by id, or by the name typed in the form (see resolveSourceRef). */
function resolvePublisher(tx: Tx, actor: Actor, input: EvidenceInput): number | null {
  if (input.publisherId !== undefined) return resolveSourceRef(tx, actor, { id: input.publisherId }, 'publisherId');
  return resolveSourceRef(tx, actor, { name: input.publisher, kind: input.publisherKind }, 'publisher');
}

/** Reviewers edit and retract their own evidence; editors and admins anyone's. */
function assertMayChange(actor: Actor, row: Evidence): void {
  assertCan(actor, 'evidence:edit');
  if (actor.kind === 'user' && row.addedBy !== actor.id && !can(actor, 'evidence:edit_any')) {
    throw new AppError('forbidden', 'Only the reviewer who added this evidence, or an editor, can change it.');
  }
}

function loadForChange(tx: Tx, actor: Actor, id: number, version: number): Evidence {
  const row = getEvidence(tx, id);
  if (!row) throw new AppError('not_found', 'That evidence item does not exist.');
  assertMayChange(actor, row);
  if (row.retractedAt) throw new AppError('conflict', 'This evidence was retracted and can no longer be changed.');
  if (row.version !== version) throw staleVersionError(tx, { type: 'evidence', id, label: 'evidence item' }, version, row.version);
  return row;
}

export function addEvidence(db: Db, actor: Actor, input: EvidenceCreate): Evidence {
  assertCan(actor, 'evidence:create');
  if (actor.kind !== 'user') throw new AppError('forbidden', 'Evidence is added by signed-in reviewers.');
  return db.transaction((tx) => {
    requireOpenClaim(tx, input.claimId);
    const publisherId = resolvePublisher(tx, actor, input);
    const row = insertEvidence(tx, { claimId: input.claimId, addedBy: actor.id, ...fieldsOf(input, publisherId) });
    recordAuditEvent(tx, { ...auditActor(actor), action: 'evidence.create', entityType: 'evidence', entityId: row.id, claimId: row.claimId, after: row });
    refreshReviewState(tx, actor, row.claimId);
    return row;
  });
}

export function editEvidence(db: Db, actor: Actor, input: EvidenceUpdate): Evidence {
  return db.transaction((tx) => {
    const before = loadForChange(tx, actor, input.evidenceId, input.version);
    const after = updateEvidenceAtVersion(tx, before.id, input.version, fieldsOf(input, resolvePublisher(tx, actor, input)));
    if (!after) throw staleVersionError(tx, { type: 'evidence', id: before.id, label: 'evidence item' }, input.version, before.version + 1);
    recordAuditEvent(tx, { ...auditActor(actor), action: 'evidence.update', entityType: 'evidence', entityId: after.id, claimId: after.claimId, before, after });
    return after;
  });
}

/** Retraction keeps the item visible, marked retracted with the reason; nothing is deleted. */
export function retractEvidence(db: Db, actor: Actor, input: EvidenceRetract): Evidence {
  return db.transaction((tx) => {
    const before = loadForChange(tx, actor, input.evidenceId, input.version);
    const after = updateEvidenceAtVersion(tx, before.id, input.version, {
      retractedAt: new Date().toISOString(),
      retractedBy: actor.kind === 'user' ? actor.id : null,
      retractionReason: input.reason,
    });
    if (!after) throw staleVersionError(tx, { type: 'evidence', id: before.id, label: 'evidence item' }, input.version, before.version + 1);
    recordAuditEvent(tx, { ...auditActor(actor), action: 'evidence.retract', entityType: 'evidence', entityId: after.id, claimId: after.claimId, before, after });
    refreshReviewState(tx, actor, after.claimId);
    return after;
  });
}
