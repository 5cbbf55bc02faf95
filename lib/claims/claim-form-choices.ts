import 'server-only';
import type { DbOrTx } from '@/db/open';
import { listMeasures } from '@/db/queries/measures';
import { listPublisherSuggestions, listSourceOptions } from '@/db/queries/sources';
import { assertCan, type Actor } from '../auth/permissions';

/**
 * What the claim forms offer to pick from: the sources (claimants), the measures a figure may
 * name, and the publishers suggested for a new appearance. Read beside the permission each form
 * needs, so a page never queries them itself.
 */

/** The new-claim form's pickers, for someone who may create a claim. */
export function loadNewClaimChoices(db: DbOrTx, actor: Actor) {
  assertCan(actor, 'claim:create');
  return { sources: listSourceOptions(db), measures: listMeasures(db) };
}

/**
 * The claim page's pickers. The measures are read only when the page shows the edit form
 * (`editClaim`, from loadClaimPage's permissions): nothing else on the page names them.
 */
export function loadClaimPageChoices(db: DbOrTx, actor: Actor, options: { editClaim: boolean }) {
  assertCan(actor, 'source:read');
  return {
    sources: listSourceOptions(db),
    publishers: listPublisherSuggestions(db),
    measures: options.editClaim ? listMeasures(db) : [],
  };
}
