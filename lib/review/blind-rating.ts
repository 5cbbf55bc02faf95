import 'server-only';
import type { DbOrTx } from '@/db/open';
import { listAssessedClaimIds } from '@/db/queries/queue';
import type { Disagreement } from '@/db/schema';
import { can, type Actor } from '../auth/permissions';

/**
 * Blind rating (see ARCHITECTURE.md): until a reviewer holds a current assessment of a claim,
 * nothing derived from anyone else's rating of that claim reaches them — not the ratings, not a
 * reviewers' disagreement's reason, thread or resolution, not the verdict draft, not the history
 * lines about any of them. Editors and admins see everything. Every reader that shows one of
 * these asks here, so the rule has one home.
 */
export interface RatingSight {
  /** The viewer may see others' ratings of this claim and everything derived from them. */
  revealed: boolean;
  /** The viewing person (their own assessment events are theirs to see). */
  viewerId: number | null;
}

/** How a viewer holding (or not) a current assessment of a claim sees that claim's ratings. */
export function ratingSight(actor: Actor, holdsCurrentAssessment: boolean): RatingSight {
  return {
    revealed: can(actor, 'assessment:see_all') || (actor.kind === 'user' && holdsCurrentAssessment),
    viewerId: actor.kind === 'user' ? actor.id : null,
  };
}

/** The sight of one claim for a viewer, read from the database. */
export function ratingSightOf(db: DbOrTx, actor: Actor, claimId: number): RatingSight {
  return ratingSightsOf(db, actor, [claimId])(claimId);
}

/** The sight of several claims at once (for queues and lists): one query, not one per row. */
export function ratingSightsOf(db: DbOrTx, actor: Actor, claimIds: readonly number[]): (claimId: number) => RatingSight {
  if (can(actor, 'assessment:see_all') || actor.kind !== 'user') {
    const sight = ratingSight(actor, false);
    return () => sight;
  }
  const assessed = listAssessedClaimIds(db, actor.id, claimIds);
  return (claimId) => ratingSight(actor, assessed.has(claimId));
}

/**
 * Whether a disagreement comes from ratings. A reviewers' disagreement either opened because two
 * ratings diverge (its reason names them) or was opened by hand, whose reason, thread and
 * resolution may quote them. A sources' disagreement comes from figures that do not overlap or a
 * "contradicts" link between claims: it says nothing about anyone's rating, and reviewers need it
 * while they rate.
 */
export function carriesRatings(disagreement: { kind: Disagreement['kind'] }): boolean {
  return disagreement.kind === 'reviewers';
}

export interface SeenDisagreement {
  reason: string;
  resolution: string | null;
  /** True when blind rating withheld the reason, resolution and comments. */
  withheld: boolean;
}

/**
 * A disagreement and its thread as the viewer may see them: one that carries ratings keeps its
 * kind, status, who opened and resolved it, and when, but loses its reason, resolution and every
 * comment's body while the viewer is blind.
 */
export function disagreementAsSeen<D extends { kind: Disagreement['kind']; reason: string; resolution: string | null }, C extends { body: string }>(
  disagreement: D,
  comments: C[],
  sight: RatingSight,
): D & SeenDisagreement & { comments: C[] } {
  if (sight.revealed || !carriesRatings(disagreement)) return { ...disagreement, withheld: false, comments };
  return { ...disagreement, reason: '', resolution: null, withheld: true, comments: comments.map((c) => ({ ...c, body: '' })) };
}

/** An audit event as a history reader has it. */
export interface AuditEventView {
  action: string;
  before: unknown;
  after: unknown;
  actorUserId?: number | null;
}

function kindOf(value: unknown): unknown {
  return value && typeof value === 'object' ? (value as { kind?: unknown }).kind : undefined;
}

/** Whether an audit event about a claim says something derived from someone's rating. */
function eventCarriesRatings(event: AuditEventView, sight: RatingSight): boolean {
  switch (event.action) {
    case 'assessment.create':
    case 'assessment.update':
      // One's own rating is one's own.
      return event.actorUserId === undefined || event.actorUserId === null || event.actorUserId !== sight.viewerId;
    case 'disagreement.open':
    case 'disagreement.open_auto':
    case 'disagreement.resolve':
    case 'disagreement.reopen':
      return kindOf(event.after) !== 'sources';
    // A comment's body is never part of its history line; the row goes, whatever the disagreement.
    case 'comment.create':
    case 'verdict_draft.save':
      return true;
    default:
      return false;
  }
}

/**
 * An audit event as the viewer may read it: one that carries ratings loses its before and after
 * (so no rating, reason, resolution or draft text can reach a history line) and is marked
 * `withheld`, for the history to say only that it happened.
 */
export function auditEventAsSeen<E extends AuditEventView>(event: E, sight: RatingSight): E & { withheld: boolean } {
  if (sight.revealed || !eventCarriesRatings(event, sight)) return { ...event, withheld: false };
  return { ...event, before: null, after: { kind: kindOf(event.after) === 'sources' ? 'sources' : 'reviewers' }, withheld: true };
}
