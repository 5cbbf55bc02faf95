import 'server-only';
import type { Db, Tx } from '@/db/open';
import { recordAuditEvent } from '@/db/queries/audit';
import { getClaimStatus } from '@/db/queries/claims';
import {
  getDisagreement,
  insertComment,
  insertDisagreement,
  updateDisagreementAtVersion,
} from '@/db/queries/disagreements';
import type { Disagreement } from '@/db/schema';
import { syncClaimFlags } from './review-state';
import { staleVersionError } from '../history/conflicts';
import { AppError } from '../errors';
import { assertCan, auditActor, type Actor } from '../auth/permissions';
import type { CommentCreate, DisagreementOpen, DisagreementReopen, DisagreementResolve } from '../validation/disagreement';

const LABEL = 'disagreement';

function syncBoth(tx: Tx, actor: Actor, row: Disagreement): void {
  syncClaimFlags(tx, actor, row.claimId);
  if (row.relatedClaimId !== null) syncClaimFlags(tx, actor, row.relatedClaimId);
}

/** Anyone on the desk may open a disagreement by hand, with the reason in words. */
export function openDisagreement(db: Db, actor: Actor, input: DisagreementOpen): Disagreement {
  assertCan(actor, 'disagreement:open');
  const audit = auditActor(actor);
  return db.transaction((tx) => {
    if (!getClaimStatus(tx, input.claimId)) throw new AppError('not_found', 'That claim does not exist.');
    const row = insertDisagreement(tx, { claimId: input.claimId, kind: 'reviewers', reason: input.reason, openedBy: audit.actorUserId });
    recordAuditEvent(tx, { ...audit, action: 'disagreement.open', entityType: 'disagreement', entityId: row.id, claimId: row.claimId, after: row });
    syncBoth(tx, actor, row);
    return row;
  });
}

export function addComment(db: Db, actor: Actor, input: CommentCreate) {
  assertCan(actor, 'comment:create');
  if (actor.kind !== 'user') throw new AppError('forbidden', 'Comments are written by signed-in people.');
  return db.transaction((tx) => {
    const disagreement = getDisagreement(tx, input.disagreementId);
    if (!disagreement) throw new AppError('not_found', 'That disagreement does not exist.');
    const row = insertComment(tx, { disagreementId: disagreement.id, authorId: actor.id, body: input.body });
    recordAuditEvent(tx, {
      ...auditActor(actor),
      action: 'comment.create',
      entityType: 'comment',
      entityId: row.id,
      claimId: disagreement.claimId,
      after: row,
    });
    return { ...row, claimId: disagreement.claimId };
  });
}

function changeStatus(
  db: Db,
  actor: Actor,
  id: number,
  version: number,
  change: {
    from: 'open' | 'resolved';
    action: string;
    values: Parameters<typeof updateDisagreementAtVersion>[3];
    comment?: string;
  },
): Disagreement {
  assertCan(actor, 'disagreement:resolve');
  return db.transaction((tx) => {
    const before = getDisagreement(tx, id);
    if (!before) throw new AppError('not_found', 'That disagreement does not exist.');
    if (before.version !== version) throw staleVersionError(tx, { type: LABEL, id, label: LABEL }, version, before.version);
    if (before.status !== change.from) {
      throw new AppError('conflict', before.status === 'open' ? 'This disagreement is already open.' : 'This disagreement is already resolved.');
    }
    const after = updateDisagreementAtVersion(tx, id, version, change.values);
    if (!after) throw staleVersionError(tx, { type: LABEL, id, label: LABEL }, version, version + 1);
    recordAuditEvent(tx, { ...auditActor(actor), action: change.action, entityType: LABEL, entityId: id, claimId: after.claimId, before, after });
    if (change.comment && actor.kind === 'user') {
      const comment = insertComment(tx, { disagreementId: id, authorId: actor.id, body: change.comment });
      recordAuditEvent(tx, { ...auditActor(actor), action: 'comment.create', entityType: 'comment', entityId: comment.id, claimId: after.claimId, after: comment });
    }
    syncBoth(tx, actor, after);
    return after;
  });
}

/** Editors resolve with a written resolution. */
export function resolveDisagreement(db: Db, actor: Actor, input: DisagreementResolve): Disagreement {
  assertCan(actor, 'disagreement:resolve');
  return changeStatus(db, actor, input.disagreementId, input.version, {
    from: 'open',
    action: 'disagreement.resolve',
    values: {
      status: 'resolved',
      resolution: input.resolution,
      resolvedBy: actor.kind === 'user' ? actor.id : null,
      resolvedAt: new Date().toISOString(),
    },
  });
}

/** Editors reopen with a reason, which joins the thread as a comment. */
export function reopenDisagreement(db: Db, actor: Actor, input: DisagreementReopen): Disagreement {
  assertCan(actor, 'disagreement:resolve');
  return changeStatus(db, actor, input.disagreementId, input.version, {
    from: 'resolved',
    action: 'disagreement.reopen',
    values: { status: 'open', resolution: null, resolvedBy: null, resolvedAt: null },
    comment: `Reopened: ${input.reason}`,
  });
}
