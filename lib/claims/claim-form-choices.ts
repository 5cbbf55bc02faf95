import 'server-only';
import type { DbOrTx } from '@/db/open';
import { listMeasures } from '@/db/queries/measures';
import { listClaimantSuggestions, listPublisherSuggestions } from '@/db/queries/sources';
import { assertCan, type Actor } from '../auth/permissions';

/**
 * What the claim forms offer: the measures a figure may name, and short lists of suggested claimant
 * and publisher names (the fields are typed and resolved by name on save, so no form lists every
 * source). Read beside the permission each form needs, so a page never queries them itself.
 */

/** Names once each, in the order given. */
const names = (rows: { name: string }[]) => [...new Set(rows.map((row) => row.name))];

/** The new-claim form's suggestions, for someone who may create a claim. */
export function loadNewClaimChoices(db: DbOrTx, actor: Actor) {
  assertCan(actor, 'claim:create');
  return { claimants: names(listClaimantSuggestions(db)), publishers: names(listPublisherSuggestions(db)), measures: listMeasures(db) };
}

/**
 * The claim page's suggestions. The claimants and measures are read only when the page shows the
 * edit form (`editClaim`, from loadClaimPage's permissions): nothing else on the page names them.
 */
export function loadClaimPageChoices(db: DbOrTx, actor: Actor, options: { editClaim: boolean }) {
  assertCan(actor, 'source:read');
  return {
    publishers: names(listPublisherSuggestions(db)),
    claimants: options.editClaim ? names(listClaimantSuggestions(db)) : [],
    measures: options.editClaim ? listMeasures(db) : [],
  };
}
