import { z } from 'zod';
import { BOUND_KINDS, MODALITIES } from '@/db/schema';
import {
  dropEmptyStrings,
  httpUrl,
  languageTag,
  nestDottedKeys,
  optionalText,
  pastDate,
  positiveId,
  requiredText,
  typedNumber,
} from './fields';
import { Version } from './evidence';
import { PublisherName, SourceCreate, SourceKind } from './source';

export const STATEMENT_MAX = 1000;

export const AppearanceInput = z.object({
  url: httpUrl,
  title: requiredText('title', 500),
  publisherId: positiveId.optional(),
  publishedOn: pastDate.optional(),
  quote: optionalText(5000),
});
export type AppearanceInput = z.infer<typeof AppearanceInput>;

export const QuantityInput = z
  .object({
    measure: requiredText('measure', 200),
    value: typedNumber.optional(),
    low: typedNumber.optional(),
    high: typedNumber.optional(),
    unit: requiredText('unit', 50),
    bound: z.enum(BOUND_KINDS, { error: 'Choose the kind of bound' }),
    modality: z.enum(MODALITIES, { error: 'Choose the modality' }),
    asOf: pastDate.optional(),
  })
  .superRefine((q, ctx) => {
    const need = (field: 'value' | 'low' | 'high', why: string) => {
      if (q[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: why });
    };
    if (q.bound === 'exact' || q.bound === 'about') need('value', 'Enter the value');
    if (q.bound === 'at_most') need('high', 'Enter the upper bound ("at most")');
    if (q.bound === 'at_least') need('low', 'Enter the lower bound ("at least")');
    if (q.bound === 'range') {
      need('low', 'Enter the low end of the range');
      need('high', 'Enter the high end of the range');
    }
    if (q.low !== undefined && q.high !== undefined && q.low > q.high) {
      ctx.addIssue({ code: 'custom', path: ['low'], message: 'The low bound must not be above the high bound' });
    }
  });
export type QuantityInput = z.infer<typeof QuantityInput>;

/** Every field a claim is created with; ClaimCreate and ClaimUpdate take theirs from here. */
const ClaimFields = z.object({
  statement: requiredText('statement', STATEMENT_MAX),
  claimantId: positiveId.optional(),
  newClaimant: SourceCreate.pick({ name: true, kind: true }).optional(),
  claimedOn: pastDate,
  language: languageTag,
  context: optionalText(4000),
  appearance: AppearanceInput,
  quantity: QuantityInput.optional(),
});

/** A new claim with its claimant (an existing source or a new one), first appearance and quantity. */
export const ClaimCreate = ClaimFields
  // Runs even when other fields failed, so the claimant's error shows with the rest.
  .refine((claim) => claim.claimantId !== undefined || claim.newClaimant !== undefined, {
    path: ['claimantId'],
    message: 'Choose who made the claim, or add a new source',
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  });
export type ClaimCreate = z.infer<typeof ClaimCreate>;

/**
 * The claimant as the claim forms name it: the name typed, matched ignoring case when the form is
 * saved (lib/sources/source-by-name.ts), and a kind only to add a new source of that name. The API
 * and the import keep naming the claimant by id or as a new source (ClaimCreate).
 */
export const ClaimantName = z.object({
  claimant: requiredText('claimant', 200),
  claimantKind: SourceKind.optional(),
});

/**
 * The first appearance as the new-claim form gives it: its publisher typed by name, like the
 * claimant (an id is still taken, as the claim page's appearance form takes one).
 */
const AppearanceForm = AppearanceInput.extend(PublisherName.shape);

/** The new-claim form's fields, named by the schema's paths ("appearance.url"). */
export const ClaimCreateForm = z.preprocess(
  (raw) => dropEmptyStrings(nestDottedKeys(raw as Record<string, string>)) ?? {},
  ClaimFields.omit({ claimantId: true, newClaimant: true, appearance: true }).extend({ ...ClaimantName.shape, appearance: AppearanceForm }),
);
export type ClaimCreateForm = z.infer<typeof ClaimCreateForm>;

const { statement, claimedOn, language, context, quantity } = ClaimFields.shape;

/**
 * An edit of a claim at the version the editor read: its own fields, its claimant (typed by name, as
 * on the new-claim form) and its quantity, which is removed when every quantity field is left
 * empty. The appearances are edited on their own.
 */
export const ClaimUpdate = z.object({
  claimId: positiveId,
  version: Version,
  statement,
  ...ClaimantName.shape,
  claimedOn,
  language,
  context,
  quantity,
});
export type ClaimUpdate = z.infer<typeof ClaimUpdate>;
