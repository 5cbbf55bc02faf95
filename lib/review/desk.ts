import 'server-only';
import type { DbOrTx } from '@/db/open';
import { listClaimsAwaitingAssessment } from '@/db/queries/assessments';
import { listRecentVerdicts } from '@/db/queries/verdicts';
import { assertCan, type Actor } from '../auth/permissions';
import { AppError } from '../errors';
import { loadDisagreementQueue } from './disagreement-queue';

/**
 * A person's desk, read for them: the claims still waiting for their rating, the open
 * disagreements they take part in (blind rating applied by the queue), and the verdicts that
 * went out lately. Only a signed-in person has a desk; an API key has no claims to rate.
 */
export function loadDesk(db: DbOrTx, actor: Actor) {
  assertCan(actor, 'claim:read');
  if (actor.kind !== 'user') throw new AppError('forbidden', 'You do not have permission to do that.');
  return {
    awaiting: listClaimsAwaitingAssessment(db, actor.id),
    disagreements: loadDisagreementQueue(db, actor, { participantId: actor.id, limit: 20 }),
    recent: listRecentVerdicts(db, 10),
  };
}

export type Desk = ReturnType<typeof loadDesk>;
