import 'server-only';
import type { Db } from '@/db/open';
import { recordAuditEvent } from '@/db/queries/audit';
import { getClaimStatus, insertAppearance } from '@/db/queries/claims';
import type { Appearance } from '@/db/schema';
import { syncClaimFlags } from '../review/review-state';
import { AppError } from '../errors';
import { assertCan, auditActor, type DomainActor } from '../auth/permissions';
import { resolveSourceRef } from '../sources/source-by-name';
import type { AppearanceCreate } from '../validation/appearance';

/** Another place the claim was made or reported; the first one stays the first appearance. */
export function addAppearance(db: Db, actor: DomainActor, input: AppearanceCreate): Appearance {
  assertCan(actor, 'appearance:create');
  const audit = auditActor(actor);
  return db.transaction((tx) => {
    const status = getClaimStatus(tx, input.claimId);
    if (!status) throw new AppError('not_found', 'That claim does not exist.', { claimId: ['No such claim'] });
    // The claim page hides this form once the verdict is retracted; a hand-made request is refused too.
    if (status === 'retracted') throw new AppError('conflict', 'This claim’s verdict was retracted; no more appearances can be added.');
    const publisherId =
      input.publisherId !== undefined
        ? resolveSourceRef(tx, actor, { id: input.publisherId }, 'publisherId')
        : resolveSourceRef(tx, actor, { name: input.publisher, kind: input.publisherKind }, 'publisher');
    const row = insertAppearance(tx, {
      claimId: input.claimId,
      url: input.url,
      title: input.title,
      publisherId,
      publishedOn: input.publishedOn ?? null,
      quote: input.quote,
      createdBy: audit.actorUserId,
    });
    recordAuditEvent(tx, { ...audit, action: 'appearance.create', entityType: 'appearance', entityId: row.id, claimId: row.claimId, after: row });
    syncClaimFlags(tx, actor, row.claimId);
    return row;
  });
}
