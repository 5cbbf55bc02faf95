import 'server-only';
import type { DbOrTx } from '@/db/open';
import { getClaimReviewInput } from '@/db/queries/claimreview';
import { getPublicVerdict, getPublicVerdictVersion, type PublicVerdict, type PublicVerdictVersion } from '@/db/queries/public-verdicts';
import { organisationAuthor } from '../admin/organisation';
import { getEnv } from '../env';
import { buildClaimReview, type ClaimReviewJsonLd, type ClaimReviewOrganisation } from './claimreview-jsonld';

export type { PublicVerdict, PublicVerdictVersion };

/*
 * What anyone may read about a published verdict, signed out or with any API key. These loaders
 * take no actor on purpose: they read only what publishing made public (the verdict versions and
 * the snapshot frozen with the current one, never drafts, reviewers or disagreements), and a claim
 * without a published verdict reads as missing.
 */

/** The public verdict page's data, or undefined when the claim has no published verdict. */
export function loadPublicVerdict(db: DbOrTx, claimId: number): PublicVerdict | undefined {
  return getPublicVerdict(db, claimId);
}

/** One earlier (or the current) version as it was published, or undefined when there is no such version. */
export function loadPublicVerdictVersion(db: DbOrTx, claimId: number, versionNumber: number): PublicVerdictVersion | undefined {
  return getPublicVerdictVersion(db, claimId, versionNumber);
}

/** The absolute address of a claim's public verdict page, or of one of its versions. */
export function publicVerdictAddress(claimId: number, versionNumber?: number): string {
  const base = `${getEnv().PUBLIC_URL}/verdicts/${claimId}`;
  return versionNumber === undefined ? base : `${base}/versions/${versionNumber}`;
}

/**
 * The claim's ClaimReview JSON-LD, or null when there is none to give (no published verdict, or a
 * retracted one). `author` is the organisation as the caller already read it, else read here.
 */
export function loadClaimReview(db: DbOrTx, claimId: number, author?: ClaimReviewOrganisation): ClaimReviewJsonLd | null {
  const input = getClaimReviewInput(db, claimId);
  return input ? buildClaimReview(input, author ?? organisationAuthor(db), getEnv().PUBLIC_URL) : null;
}
