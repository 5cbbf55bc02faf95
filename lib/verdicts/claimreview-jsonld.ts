import type { ClaimReview, WithContext } from 'schema-dts';
import type { ClaimReviewAppearance, ClaimReviewInput, ClaimReviewParty } from '@/db/queries/claimreview';
import { methodNote } from '../insights/method-note';
import { BEST_RATING, ratingStep, WORST_RATING } from '../review/rating-scale';

/**
 * ClaimReview JSON-LD (schema.org) for a published verdict, following Google's fact-check
 * structured-data rules. The types below are the exact shape we emit; the builder's output is
 * checked against schema-dts's `WithContext<ClaimReview>` where it is built.
 */

export type { ClaimReviewInput } from '@/db/queries/claimreview';

/** The desk that publishes the fact-checks: the organisation settings (ORG_NAME and ORG_URL by default). */
export interface ClaimReviewOrganisation {
  name: string;
  url: string;
}

interface PartyFields {
  name: string;
  url?: string;
  sameAs?: string;
}
export type PersonJsonLd = PartyFields & { '@type': 'Person' };
export type OrganizationJsonLd = PartyFields & { '@type': 'Organization' };
export type PartyJsonLd = PersonJsonLd | OrganizationJsonLd;

/** `ratingValue`, `bestRating` and `worstRating` come together, and only for labels on the ordinal. */
export type RatingJsonLd = { '@type': 'Rating'; alternateName: string } & (
  | { ratingValue: number; bestRating: number; worstRating: number }
  | { ratingValue?: never; bestRating?: never; worstRating?: never }
);

export interface AppearanceJsonLd {
  '@type': 'CreativeWork';
  url: string;
  headline: string;
  datePublished?: string;
  publisher?: PartyJsonLd;
}

export interface ClaimJsonLd {
  '@type': 'Claim';
  author: PartyJsonLd;
  datePublished: string;
  inLanguage: string;
  appearance?: AppearanceJsonLd[];
  firstAppearance?: AppearanceJsonLd;
}

export interface ClaimReviewJsonLd {
  '@context': 'https://schema.org';
  '@type': 'ClaimReview';
  url: string;
  claimReviewed: string;
  headline: string;
  reviewBody: string;
  author: OrganizationJsonLd;
  datePublished: string;
  dateModified?: string;
  reviewRating: RatingJsonLd;
  itemReviewed: ClaimJsonLd;
}

/**
 * The ClaimReview for a claim's verdict, or null when it was retracted (or never published): a
 * withdrawn verdict must stop being offered to search engines and feeds.
 */
export function buildClaimReview(
  input: ClaimReviewInput,
  org: ClaimReviewOrganisation,
  publicUrl: string,
): ClaimReviewJsonLd | null {
  const first = input.versions[0];
  const current = input.versions[input.versions.length - 1];
  if (!first || !current || current.kind === 'retraction') return null;

  const { claim } = input;
  const appearances = input.appearances.map(appearanceJsonLd);
  const review = {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: current.articleUrl ?? claim.articleUrl ?? verdictPageUrl(publicUrl, claim.id),
    claimReviewed: claim.statement,
    headline: current.headline,
    // The method note is text for readers; schema.org has no property for it, so none is invented.
    reviewBody: input.method ? `${current.explanation}\n\n${methodNote(input.method)}` : current.explanation,
    author: { '@type': 'Organization', name: org.name, url: org.url },
    datePublished: first.publishedAt,
    // Only a correction modifies the review; version 1 and the current one share the datePublished.
    ...(current.kind === 'correction' ? { dateModified: current.publishedAt } : {}),
    reviewRating: ratingJsonLd(current.label),
    itemReviewed: {
      '@type': 'Claim',
      author: partyJsonLd(claim.claimant),
      datePublished: claim.claimedOn,
      inLanguage: claim.language,
      ...(appearances[0] ? { appearance: appearances, firstAppearance: appearances[0] } : {}),
    },
  } satisfies ClaimReviewJsonLd & WithContext<ClaimReview>;
  return review;
}

/** The public page of a claim's verdict, where the ClaimReview points when no article URL is known. */
export function verdictPageUrl(publicUrl: string, claimId: number): string {
  return `${publicUrl.replace(/\/+$/, '')}/verdicts/${claimId}`;
}

function ratingJsonLd(label: ClaimReviewInput['versions'][number]['label']): RatingJsonLd {
  const step = ratingStep(label);
  return step.value === null
    ? { '@type': 'Rating', alternateName: step.name }
    : { '@type': 'Rating', alternateName: step.name, ratingValue: step.value, bestRating: BEST_RATING, worstRating: WORST_RATING };
}

/** A person is a Person; governments, organisations, media, documents and data sets are Organizations. */
function partyJsonLd(source: ClaimReviewParty): PartyJsonLd {
  const fields: PartyFields = source.url ? { name: source.name, url: source.url, sameAs: source.url } : { name: source.name };
  return source.kind === 'person' ? { '@type': 'Person', ...fields } : { '@type': 'Organization', ...fields };
}

function appearanceJsonLd(appearance: ClaimReviewAppearance): AppearanceJsonLd {
  return {
    '@type': 'CreativeWork',
    url: appearance.url,
    headline: appearance.title,
    ...(appearance.publishedOn ? { datePublished: appearance.publishedOn } : {}),
    ...(appearance.publisher ? { publisher: partyJsonLd(appearance.publisher) } : {}),
  };
}

const HTML_UNSAFE = /[<>&\u2028\u2029]/g;

/**
 * JSON for a `<script type="application/ld+json">` element: `<`, `>` and `&` become \u escapes so
 * no field can close the script (`</script>`) or open an HTML comment (`<!--`), and U+2028/U+2029
 * are escaped for older JavaScript parsers. The escapes only ever fall inside JSON strings, so
 * JSON.parse gives back the same value.
 */
export function serializeJsonLdForHtml(value: unknown): string {
  const json: unknown = JSON.stringify(value);
  if (typeof json !== 'string') throw new TypeError('A JSON-LD value must be serialisable as JSON');
  return json.replace(HTML_UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
