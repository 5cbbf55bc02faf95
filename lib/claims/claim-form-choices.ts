import 'server-only';
import type { Db } from '@/db/open';
import { listMeasures } from '@/db/queries/measures';
import { listClaimantSuggestions, listPublisherSuggestions } from '@/db/queries/sources';
import { assertCan, type Actor } from '../auth/permissions';
import { dataVersion } from '../http/response-cache';

/**
 * What the claim forms offer: the measures a figure may name, and short lists of suggested claimant
 * and publisher names (the fields are typed and resolved by name on save, so no form lists every
 * source). Read beside the permission each form needs, so a page never queries them itself.
 */

/** Names once each, in the order given. */
const names = (rows: { name: string }[]) => [...new Set(rows.map((row) => row.name))];

/**
 * The suggested names, kept per data version: counting the latest appearances, evidence and claims
 * costs about a millisecond a view at 100,000 claims, and the answer changes only with the data.
 * The same for everyone who may read sources. Per database handle (tests open several).
 */
const kept = new WeakMap<Db, { version: string; publishers?: string[]; claimants?: string[] }>();

function keptNames(db: Db): { publishers?: string[]; claimants?: string[] } {
  const version = dataVersion(db);
  let entry = kept.get(db);
  if (!entry || entry.version !== version) {
    entry = { version };
    kept.set(db, entry);
  }
  return entry;
}

const publisherNames = (db: Db) => (keptNames(db).publishers ??= names(listPublisherSuggestions(db)));
const claimantNames = (db: Db) => (keptNames(db).claimants ??= names(listClaimantSuggestions(db)));

/** The new-claim form's suggestions, for someone who may create a claim. */
export function loadNewClaimChoices(db: Db, actor: Actor) {
  assertCan(actor, 'claim:create');
  return { claimants: claimantNames(db), publishers: publisherNames(db), measures: listMeasures(db) };
}

/**
 * The claim page's suggestions. The claimants and measures are read only when the page shows the
 * edit form (`editClaim`, from loadClaimPage's permissions): nothing else on the page names them.
 */
export function loadClaimPageChoices(db: Db, actor: Actor, options: { editClaim: boolean }) {
  assertCan(actor, 'source:read');
  return {
    publishers: publisherNames(db),
    claimants: options.editClaim ? claimantNames(db) : [],
    measures: options.editClaim ? listMeasures(db) : [],
  };
}
