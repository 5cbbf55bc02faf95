import 'server-only';
import type { Db } from '@/db/open';
import { getFactcheckSummary } from '@/db/queries/factcheck-links';
import type { Actor } from '../auth/permissions';
import { dataVersion } from '../http/response-cache';
import { ratingSightOf } from '../review/blind-rating';
import { suggestForClaim } from '../matching/find-similar';
import { deskClaimCards, type DeskClaimCard } from './duplicates';
import type { FactcheckSummary } from './factcheck-links';

export interface ClaimPageSuggestions {
  /** Fact-checks by others that may have checked this claim, best first. */
  factchecks: FactcheckSummary[];
  /** Desk claims that may be the same claim, best first: status and published verdict only. */
  duplicates: DeskClaimCard[];
}

/**
 * What the claim page suggests under "Checked elsewhere" and "Possible duplicates in this desk":
 * lib/matching's ranking of this claim's statement and claimant, read back as the cards those
 * sections show. Blind-safe: lib/matching and deskClaimCards show other claims' status and
 * published verdict only, never a rating; and a reviewer who has not rated this claim yet sees no
 * rating on our scale at all (a possible duplicate's verdict, a fact-check's mapped label), since a
 * verdict on the same claim would anchor their own. The publisher's own rating text stays.
 */
export async function loadClaimSuggestions(db: Db, actor: Actor, claimId: number, limit = 5): Promise<ClaimPageSuggestions> {
  // Ranking costs tens of milliseconds at 100,000 claims (BENCHMARKS.md, "Matching"); the answer
  // changes only with the data, so it is kept per data version, per viewer (what they may see differs).
  const version = dataVersion(db);
  let cache = caches.get(db);
  if (!cache || cache.version !== version) {
    cache = { version, entries: new Map() };
    caches.set(db, cache);
  }
  const key = `${claimId}|${limit}|${actor.kind}:${actor.id}`;
  const found = cache.entries.get(key);
  if (found) return found;
  const computed = await computeSuggestions(db, actor, claimId, limit);
  // Another request may have changed the data while the sentence encoder read: kept only if not.
  if (dataVersion(db) !== version) return computed;
  if (cache.entries.size >= CACHE_ENTRIES) cache.entries.clear();
  cache.entries.set(key, computed);
  return computed;
}

/** Per database handle (tests open several): the data version the entries were computed under, and the entries. */
const caches = new WeakMap<Db, { version: string; entries: Map<string, ClaimPageSuggestions> }>();
const CACHE_ENTRIES = 1_000;

async function computeSuggestions(db: Db, actor: Actor, claimId: number, limit: number): Promise<ClaimPageSuggestions> {
  const { factchecks, duplicates } = await suggestForClaim(db, actor, claimId, limit);
  const summaries = factchecks.map((match) => getFactcheckSummary(db, match.id)).filter((item) => item !== undefined);
  const cards = deskClaimCards(db, actor, claimId, duplicates.map((match) => match.id));
  const rank = new Map(duplicates.map((match, index) => [match.id, index]));
  cards.sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0));
  if (ratingSightOf(db, actor, claimId).revealed) return { factchecks: summaries, duplicates: cards };
  return {
    factchecks: summaries.map((item) => ({ ...item, mappedLabel: null })),
    duplicates: cards.map((card) => ({ ...card, verdictLabel: null })),
  };
}
