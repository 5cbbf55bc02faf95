import 'server-only';
import type { Db, DbOrTx } from '@/db/open';
import type { Verdict } from '@/db/schema';
import { assertCan, type Actor } from '../auth/permissions';
import { AppError } from '../errors';
import { staleVersionError } from '../history/conflicts';
import { getVerdictDraft } from '@/db/queries/verdicts';
import type { VerdictPublishForm } from '../validation/verdict';
import { countSubscribedWebhooks, VERDICT_WEBHOOK_EVENTS, type WebhookEvent } from '../webhooks/webhooks';
import { publicVerdictAddress } from './public-verdict';
import { notReadyError, publishReadiness, publishVerdictIn, requireCitable, requireClaim, saveDraftIn } from './verdicts';

/**
 * Publishing from the verdict form (issue 14): what is in the form is saved and published in one
 * step, after the editor has seen where it becomes public and what the CMS will be sent.
 */

/** What the confirmation says before version 1 goes out. */
export interface PublicationReview {
  /** The public verdict page's absolute address (on PUBLIC_URL). */
  publicUrl: string;
  /** The webhook events publishing raises, each with the number of active webhooks subscribed to it. */
  notifications: { event: WebhookEvent; webhooks: number }[];
}

/**
 * Checks the form as it would be published, writing nothing: the claim must be ready with this
 * verdict text, the draft must still be at the version the form was read at, and the cited
 * evidence must be active evidence of the claim. Answers what the confirmation shows.
 */
export function reviewPublication(db: Db, actor: Actor, input: VerdictPublishForm): PublicationReview {
  assertCan(actor, 'verdict:publish');
  const claim = requireClaim(db, input.claimId);
  if (claim.status === 'published' || claim.status === 'retracted') {
    throw new AppError('conflict', 'This claim already has a published verdict; publish a correction instead.');
  }
  const current = getVerdictDraft(db, claim.id)?.version ?? 0;
  if (current !== input.version) throw staleVersionError(db, { type: 'verdict_draft', label: 'verdict draft', id: claim.id }, input.version, current);
  const readiness = publishReadiness(db, claim.id, { label: input.label ?? null, headline: input.headline, explanation: input.explanation });
  if (!readiness.ready) throw notReadyError(readiness);
  requireCitable(db, claim.id, [...new Set(input.citedEvidenceIds)]);
  return { publicUrl: publicVerdictAddress(claim.id), notifications: publicationNotifications(db) };
}

function publicationNotifications(db: DbOrTx): PublicationReview['notifications'] {
  const event = VERDICT_WEBHOOK_EVENTS.publication;
  return [{ event, webhooks: countSubscribedWebhooks(db, event) }];
}

/**
 * Saves the form as the draft and publishes it as version 1, in one transaction with both audit
 * events and the queued webhook deliveries: if the claim is not ready, nothing is saved.
 */
export function saveAndPublishVerdict(db: Db, actor: Actor, input: VerdictPublishForm): Verdict {
  assertCan(actor, 'verdict:publish');
  return db.transaction((tx) => {
    const claim = requireClaim(tx, input.claimId);
    if (claim.status === 'published' || claim.status === 'retracted') {
      throw new AppError('conflict', 'This claim already has a published verdict; publish a correction instead.');
    }
    const draft = saveDraftIn(tx, actor, input);
    return publishVerdictIn(tx, actor, { claimId: claim.id, version: draft.version });
  });
}
