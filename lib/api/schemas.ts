import { z } from 'zod';
import { CLAIM_STATUSES, RATING_LABELS, SOURCE_KINDS, VERDICT_KINDS } from '@/db/enums';
import { STATEMENT_MAX } from '@/lib/validation/claim';
import { calendarDate, httpUrl, isCalendarDate } from '@/lib/validation/fields';

/**
 * The API's request and response shapes. The route handlers parse with them and the OpenAPI
 * document (lib/api/openapi.ts) is generated from them, so the two cannot drift apart.
 */

const isoInstant = z
  .string()
  .refine(
    (value) =>
      /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value) &&
      isCalendarDate(value.slice(0, 10)) &&
      !Number.isNaN(Date.parse(value)),
    {
      message: 'Use an ISO 8601 date or date-time, e.g. 2024-12-18 or 2024-12-18T09:00:00Z',
    },
  )
  .transform((value) => new Date(value.length === 10 ? `${value}T00:00:00Z` : value).toISOString());

export const Limit = z
  .string()
  .regex(/^\d{1,3}$/, 'limit must be a whole number from 1 to 100')
  .transform(Number)
  .pipe(z.number({ error: 'limit must be a whole number from 1 to 100' })
  .int('limit must be a whole number from 1 to 100')
  .min(1, 'limit must be at least 1')
  .max(100, 'limit must be at most 100'))
  .default(25)
  // The query string carries text; the document types it as the integer it must spell.
  .meta({ description: 'Items per page: a whole number from 1 to 100.', example: 25, type: 'integer', minimum: 1, maximum: 100, default: 25 });

export const Cursor = z
  .string()
  .max(200, 'The cursor is not valid.')
  .meta({ description: 'The `next_cursor` of the previous page.', example: 'eyJ2IjoxLCJ0IjoiMjAyNC0xMi0xOFQxMDowMDowMC4wMDBaIiwiaWQiOjEyfQ' });

export const VerdictListQuery = z
  .strictObject({
    cursor: Cursor.optional(),
    limit: Limit,
    updated_since: isoInstant
      .optional()
      .meta({
        description:
          'Only verdicts whose claim changed at or after this instant, in ISO 8601: a date (`2024-12-18`, meaning midnight UTC) or a date-time with `Z` or an offset (`2024-12-18T09:00:00Z`, `2024-12-18T10:00:00+01:00`). To sync, send the `updated_at` of the newest item you hold.',
        example: '2024-12-18T00:00:00Z',
      }),
  })
  .meta({ id: 'VerdictListQuery' });

export const ClaimIdParams = z.object({
  // Decimal digits only, so one claim has one URL (no "0x1" or "1e0" aliases in caches).
  id: z
    .string()
    .regex(/^[1-9]\d{0,14}$/, 'Use the claim number, e.g. 7')
    .transform(Number)
    .meta({ description: 'Claim id', example: '7' }),
});

export const Rating = z
  .object({
    label: z.enum(RATING_LABELS),
    name: z.string().meta({ example: 'Mostly inaccurate' }),
    value: z.number().int().min(1).max(5).nullable().meta({ description: 'ClaimReview ratingValue (5 best, 1 worst); null for unverifiable.' }),
  })
  .meta({ id: 'Rating' });

export const Claimant = z
  .object({ name: z.string().meta({ example: 'Volodymyr Zelensky' }), kind: z.enum(SOURCE_KINDS) })
  .meta({ id: 'Claimant' });

export const VerdictItem = z
  .object({
    claim_id: z.number().int().meta({ example: 7 }),
    statement: z.string().meta({ example: 'As many as 100,000 North Korean soldiers could be deployed to the region.' }),
    claimant: Claimant,
    claimed_on: z.string().meta({ example: '2024-12-18' }),
    rating: Rating,
    headline: z.string(),
    kind: z.enum(VERDICT_KINDS).meta({ description: 'What the latest version is: the first publication, a correction or a retraction.' }),
    version: z.number().int().meta({ example: 2 }),
    correction_note: z.string().nullable(),
    published_at: z.string().meta({ description: 'When version 1 was published.' }),
    modified_at: z.string().meta({ description: 'When the latest version was published.' }),
    updated_at: z.string().meta({ description: 'The last change to the claim; the order and `updated_since` key.' }),
    article_url: z.string().nullable().meta({ description: 'Where the CMS published the fact-check, once reported.' }),
    public_url: z.string().meta({ example: 'https://claimbench.example/verdicts/7' }),
    claimreview_url: z.string().nullable().meta({ description: 'Null for a retracted verdict.' }),
  })
  .meta({ id: 'VerdictItem' });
export type VerdictItem = z.infer<typeof VerdictItem>;

export const VerdictPage = z
  .object({ items: z.array(VerdictItem), next_cursor: z.string().nullable() })
  .meta({ id: 'VerdictPage' });

export const ClaimPublic = z
  .object({
    id: z.number().int(),
    statement: z.string(),
    claimant: Claimant,
    claimed_on: z.string(),
    language: z.string(),
    status: z.enum(CLAIM_STATUSES),
    disputed: z.boolean(),
    article_url: z.string().nullable(),
    version: z
      .number()
      .int()
      .meta({ description: 'The claim’s edit version. Send it with PUT /api/v1/claims/{id}/article to have the report refused if the claim changed since you read it.' }),
    created_at: z.string(),
    updated_at: z.string(),
    verdict: VerdictItem.nullable().meta({ description: 'The published verdict, if any.' }),
    duplicate_of: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'When the desk merged this claim into another as a duplicate: the id of the claim it kept. A duplicate never carries a verdict; follow the kept claim.' }),
  })
  .meta({ id: 'Claim' });
export type ClaimPublic = z.infer<typeof ClaimPublic>;

export const ClaimSubmission = z
  .strictObject({
    statement: z.string().trim().min(1, 'Enter the statement').max(STATEMENT_MAX).meta({ description: 'The claim, in the words that were said or written.', example: 'As many as 100,000 North Korean soldiers could be deployed to the region.' }),
    claimant: z.strictObject({
      name: z.string().trim().min(1, 'Enter the claimant').max(200).meta({ description: 'Matched to a known source by name; a new one is created otherwise.', example: 'Volodymyr Zelensky' }),
      kind: z.enum(SOURCE_KINDS).default('person').meta({ description: 'What kind of source a new claimant is.' }),
    }).meta({ description: 'Who made the claim.' }),
    claimed_on: calendarDate.optional().meta({ description: 'When the claim was made; defaults to today.', example: '2024-12-18' }),
    language: z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'Use a language code such as en').default('en').meta({ description: 'The language of the statement, as a BCP 47 code.' }),
    context: z.string().max(4000).default('').meta({ description: 'What a reviewer should know: where, to whom, in answer to what.' }),
    appearance: z.strictObject({
      url: httpUrl.meta({ example: 'https://menafn.com/1109007014/Ukraines-supporters-impose-new-sanctions-on-Russia-N-Korea' }),
      title: z.string().trim().max(500).optional().meta({ description: 'The page’s title; the host name when left out.' }),
      quote: z.string().max(5000).default('').meta({ description: 'The passage that carries the claim, as published.' }),
    }).meta({ description: 'Where the claim appeared: the first appearance of the new claim.' }),
  })
  .meta({ id: 'ClaimSubmission' });
export type ClaimSubmission = z.infer<typeof ClaimSubmission>;

export const ClaimCreated = z
  .object({ id: z.number().int(), status: z.enum(CLAIM_STATUSES), url: z.string() })
  .meta({ id: 'ClaimCreated' });

export const ArticleReport = z
  .strictObject({
    url: httpUrl.meta({ example: 'https://news.example/fact-check/north-korean-troops' }),
    version: z
      .number({ error: 'Send the claim’s version as a whole number' })
      .int('Send the claim’s version as a whole number')
      .positive('Send the claim’s version as a whole number')
      .max(Number.MAX_SAFE_INTEGER)
      .optional()
      .meta({ description: 'The claim’s `version` as you read it. When given, a claim changed since then is not overwritten: the answer is a 409.', example: 3 }),
  })
  .meta({ id: 'ArticleReport' });

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details.' });

export const SimilarLimit = z
  .string()
  .regex(/^\d{1,2}$/, 'limit must be a whole number from 1 to 50')
  .transform(Number)
  .pipe(z.number().int().min(1, 'limit must be at least 1').max(50, 'limit must be at most 50'))
  .default(10)
  .meta({ description: 'How many matches at most, 1 to 50.', example: '10' });

export const SimilarQuery = z
  .strictObject({
    text: z.string({ error: 'Give the text to match' }).meta({
      description: 'The claim as typed or pasted (a tweet, a sentence). Only its first 10,000 characters are read; query syntax in it is plain text.',
      example: 'North Korea has sent 10,000 troops to Russia',
    }),
    limit: SimilarLimit,
  })
  .meta({ id: 'SimilarQuery' });

const MatchBase = {
  id: z.number().int().meta({ example: 42 }),
  text: z.string().meta({ description: 'The claim as stated in the desk, or as the fact-check reviewed it.' }),
  score: z.number().min(0).max(1).meta({ description: 'How likely this is the same claim, 0 to 1.', example: 0.71 }),
  tier: z.enum(['same', 'related']).meta({ description: '`same`: probably the same claim; `related`: on the same subject. Thresholds measured in BENCHMARKS.md.' }),
  claimant: z.string(),
};

export const SimilarClaim = z
  .object({
    kind: z.literal('claim'),
    ...MatchBase,
    status: z.enum(CLAIM_STATUSES),
    verdict: z
      .object({ label: z.enum(RATING_LABELS), kind: z.enum(VERDICT_KINDS) })
      .nullable()
      .meta({ description: 'The latest published verdict version; null when none was published.' }),
  })
  .meta({ id: 'SimilarClaim' });

export const SimilarFactcheck = z
  .object({
    kind: z.literal('factcheck'),
    ...MatchBase,
    title: z.string(),
    publisher: z.object({ name: z.string(), site: z.string() }),
    url: z.string().meta({ example: 'https://www.snopes.com/fact-check/example/' }),
    rating: z.object({
      text: z.string().meta({ description: 'The rating as the publisher wrote it.', example: 'False' }),
      label: z.string().nullable().meta({ description: 'Our label when the desk mapped it (`no_equivalent` when mapped to nothing); null while unmapped.' }),
    }),
    review_date: z.string().nullable().meta({ example: '2024-12-18' }),
  })
  .meta({ id: 'SimilarFactcheck' });

export const SimilarList = z
  .object({ data: z.array(z.discriminatedUnion('kind', [SimilarClaim, SimilarFactcheck])) })
  .meta({ id: 'SimilarList' });
