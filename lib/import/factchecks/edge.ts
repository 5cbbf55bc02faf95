import { z } from 'zod';

/**
 * The shapes fact-check feeds arrive in, read permissively: each field is a union of the forms
 * real feeds use (a string, an object, a list of either, JSON-LD's `{ "@value" }`), and a field
 * in no known form reads as absent (`.catch`) instead of failing the item. Everything past this
 * file sees one normalised record (normalise.ts).
 */

const Scalar = z.union([z.string(), z.number()]);
const LangValue = z.looseObject({ '@value': Scalar });
/** A text: "x", 3, { "@value": "x" }, or a list of those. */
export const TextValue = z.union([Scalar, LangValue, z.array(z.union([Scalar, LangValue, z.null()]))]);
const optionalText = TextValue.optional().catch(undefined);
const TypeValue = z.union([z.string(), z.array(z.unknown())]).optional().catch(undefined);

/** A person, organisation, claim or appearance: whatever fields it has that we read. */
export const ThingObject = z.looseObject({
  '@type': TypeValue,
  '@id': optionalText,
  name: optionalText,
  alternateName: optionalText,
  url: optionalText,
  site: optionalText,
  datePublished: optionalText,
});
export type Thing = z.infer<typeof ThingObject>;

/** One thing, a bare string, or a list: `author` and `publisher` come in each form. */
const Things = z
  .union([z.string(), ThingObject, z.array(z.unknown())])
  .optional()
  .catch(undefined)
  .transform((value): (Thing | string)[] => {
    const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
    return list.flatMap((entry): (Thing | string)[] => {
      if (typeof entry === 'string') return [entry];
      const parsed = ThingObject.safeParse(entry);
      return parsed.success ? [parsed.data] : [];
    });
  });

const NumberLike = z.union([z.number(), z.string()]).optional().catch(undefined);

export const RatingObject = z.looseObject({
  ratingValue: NumberLike,
  bestRating: NumberLike,
  worstRating: NumberLike,
  alternateName: optionalText,
  name: optionalText,
  ratingExplanation: optionalText,
});
export type Rating = z.infer<typeof RatingObject>;

const ItemReviewed = z.looseObject({
  '@type': TypeValue,
  name: optionalText,
  author: Things,
  datePublished: optionalText,
  appearance: Things,
  firstAppearance: Things,
});

/** schema.org ClaimReview, as publishers mark it up. */
export const ClaimReviewEdge = z.looseObject({
  '@type': TypeValue,
  '@id': optionalText,
  url: optionalText,
  mainEntityOfPage: z.union([TextValue, ThingObject]).optional().catch(undefined),
  name: optionalText,
  headline: optionalText,
  claimReviewed: optionalText,
  datePublished: optionalText,
  inLanguage: z.union([TextValue, ThingObject]).optional().catch(undefined),
  author: Things,
  publisher: Things,
  reviewRating: z.union([RatingObject, z.array(z.unknown())]).optional().catch(undefined),
  itemReviewed: z
    .union([ItemReviewed, z.array(z.unknown())])
    .optional()
    .catch(undefined)
    .transform((value) => {
      const first = Array.isArray(value) ? value[0] : value;
      const parsed = ItemReviewed.safeParse(first ?? {});
      return parsed.success ? parsed.data : undefined;
    }),
});
export type ClaimReviewInput = z.infer<typeof ClaimReviewEdge>;

/** One review in a Google Fact Check Tools claims:search answer. */
export const GoogleReviewEdge = z.looseObject({
  publisher: z
    .looseObject({ name: optionalText, site: optionalText })
    .optional()
    .catch(undefined),
  url: optionalText,
  title: optionalText,
  reviewDate: optionalText,
  textualRating: optionalText,
  languageCode: optionalText,
});

/** One claim of a claims:search answer, with its reviews. */
export const GoogleClaimEdge = z.looseObject({
  text: optionalText,
  claimant: optionalText,
  claimDate: optionalText,
});

/** `@type`, which may be a string or a list, as a list of strings. */
export function typesOf(value: unknown): string[] {
  if (value === null || typeof value !== 'object' || !('@type' in value)) return [];
  const type = (value as { '@type': unknown })['@type'];
  const list = Array.isArray(type) ? type : [type];
  return list.filter((entry): entry is string => typeof entry === 'string').map((entry) => entry.replace(/^(?:https?:\/\/)?schema\.org\//, ''));
}
