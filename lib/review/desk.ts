import 'server-only';
import type { DbOrTx } from '@/db/open';
import {
  COUNT_CAP,
  countDisagreementComments,
  countOpenDisagreementsCapped,
  listClaimsReadyToPublish,
  listClaimsReadyToRate,
  listDraftsNeedingEvidence,
  listVerdictDraftsToFinish,
} from '@/db/queries/desk';
import { listRecentVerdicts } from '@/db/queries/verdicts';
import { assertCan, can, type Actor } from '../auth/permissions';
import { AppError } from '../errors';
import { loadDisagreementQueue, type QueuedDisagreement } from './disagreement-queue';

export { COUNT_CAP };

/** The step a disagreement waits for, as the person reading the desk should take it. */
export type NextStep = 'resolve' | 'await-views' | 'add-view' | 'rate-first' | 'await-editor';

export type DeskDisagreement = QueuedDisagreement & { comments: number; nextStep: NextStep };

const SHOWN = 20;

/**
 * The next step on a disagreement for this person. Editors resolve (once someone has said
 * something, else they wait for views); a reviewer blind to a reviewers' disagreement rates the
 * claim first, otherwise adds their view, and once they have, waits for the editor.
 */
function nextStep(actor: Actor, d: QueuedDisagreement, comments: { comments: number; mine: number }): NextStep {
  if (can(actor, 'disagreement:resolve')) return comments.comments > 0 ? 'resolve' : 'await-views';
  if (d.reason === null) return 'rate-first';
  return comments.mine > 0 ? 'await-editor' : 'add-view';
}

function withSteps(db: DbOrTx, actor: Actor & { kind: 'user' }, rows: QueuedDisagreement[]): DeskDisagreement[] {
  const counts = countDisagreementComments(db, rows.map((d) => d.id), actor.id);
  return rows.map((d) => {
    const c = counts.get(d.id) ?? { comments: 0, mine: 0 };
    return { ...d, comments: c.comments, nextStep: nextStep(actor, d, c) };
  });
}

/**
 * A person's desk, read for them: each role's own next work, every section with its size.
 * Editors (and admins): every open disagreement to resolve, claims ready to publish, verdict
 * drafts to finish. Reviewers: claims ready to rate (evidence in, not rated by them), apart from
 * drafts that still need evidence, and the open disagreements they take part in. Everyone: the
 * verdicts that went out lately. Blind rating applies through the disagreement queue. Only a
 * signed-in person has a desk; an API key has no claims to rate.
 */
export function loadDesk(db: DbOrTx, actor: Actor) {
  assertCan(actor, 'claim:read');
  if (actor.kind !== 'user') throw new AppError('forbidden', 'You do not have permission to do that.');
  const recent = listRecentVerdicts(db, 10);
  if (can(actor, 'verdict:publish')) {
    const disagreements = loadDisagreementQueue(db, actor, { limit: SHOWN });
    return {
      role: 'editor' as const,
      disagreements: { rows: withSteps(db, actor, disagreements), total: countOpenDisagreementsCapped(db) },
      readyToPublish: listClaimsReadyToPublish(db, SHOWN),
      draftsToFinish: listVerdictDraftsToFinish(db, SHOWN),
      recent,
    };
  }
  const mine = loadDisagreementQueue(db, actor, { participantId: actor.id, limit: COUNT_CAP + 1 });
  return {
    role: 'reviewer' as const,
    readyToRate: listClaimsReadyToRate(db, actor.id, SHOWN),
    needEvidence: listDraftsNeedingEvidence(db, actor.id, SHOWN),
    disagreements: { rows: withSteps(db, actor, mine.slice(0, SHOWN)), total: mine.length },
    recent,
  };
}

export type Desk = ReturnType<typeof loadDesk>;
