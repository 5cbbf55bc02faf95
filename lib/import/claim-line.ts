import { z } from 'zod';
import type { SourceKind } from '@/db/schema';
import { ClaimSubmission } from '@/lib/api/schemas';
import { AppearanceInput, ClaimCreate } from '@/lib/validation/claim';
import { calendarDate } from '@/lib/validation/fields';

/**
 * One line of a claims import file: the API's claim submission (lib/api/schemas.ts), with the
 * date the claim was made required, an optional figure, and every appearance rather than one.
 * The shape is checked here; the rules (lengths, dates not in the future, bounds) are the desk's
 * own ClaimCreate and AppearanceInput, applied in toPreparedClaim as the API applies them.
 */
const ImportAppearance = ClaimSubmission.shape.appearance.extend({
  publisher: z.string().trim().min(1, 'Enter the publisher, or leave it out').max(200).optional(),
  published_on: calendarDate.optional(),
});

const typedFigure = z.union([z.number(), z.string()]).optional();

/** The figure, named as the API names fields; QuantityInput holds its rules. */
const ImportQuantity = z.strictObject({
  measure: z.string(),
  value: typedFigure,
  low: typedFigure,
  high: typedFigure,
  unit: z.string(),
  bound: z.string(),
  modality: z.string(),
  as_of: z.string().optional(),
});

export const ImportLine = ClaimSubmission.omit({ appearance: true, claimed_on: true }).extend({
  claimed_on: calendarDate,
  quantity: ImportQuantity.optional(),
  appearances: z.array(ImportAppearance).min(1, 'Give at least one appearance').max(50, 'Give at most 50 appearances'),
});
export type ImportLine = z.infer<typeof ImportLine>;

/** A line ready to write: the claim as createClaim takes it, with names still to be matched. */
export interface PreparedClaim {
  line: number;
  claim: ClaimCreate;
  claimant: { name: string; kind: SourceKind };
  /** The first appearance's publisher, by name. */
  publisher: string | undefined;
  /** Appearances after the first, each with its publisher's name. */
  moreAppearances: { appearance: AppearanceInput; publisher: string | undefined }[];
}

export interface LineError {
  line: number;
  field: string;
  message: string;
}

/** The desk's field names back to the import file's. */
const FILE_NAMES: Record<string, string> = {
  claimedOn: 'claimed_on',
  newClaimant: 'claimant',
  claimantId: 'claimant',
  publishedOn: 'published_on',
  asOf: 'as_of',
};

function issuesToErrors(line: number, error: z.ZodError, prefix: (string | number)[] = []): LineError[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path].map((part) => (typeof part === 'string' ? (FILE_NAMES[part] ?? part) : String(part)));
    return { line, field: path.join('.') || '(line)', message: issue.message };
  });
}

function titleOf(appearance: ImportLine['appearances'][number]): string {
  return appearance.title || new URL(appearance.url).hostname;
}

/** Parses one line of text (already known not to be blank) into a claim ready to write, or its errors. */
export function parseClaimLine(line: number, text: string): PreparedClaim | LineError[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return [{ line, field: '(line)', message: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` }];
  }
  const shape = ImportLine.safeParse(raw);
  if (!shape.success) return issuesToErrors(line, shape.error);
  const input = shape.data;
  const [first, ...rest] = input.appearances;
  if (!first) return [{ line, field: 'appearances', message: 'Give at least one appearance' }];

  const claim = ClaimCreate.safeParse({
    statement: input.statement,
    newClaimant: { name: input.claimant.name, kind: input.claimant.kind },
    claimedOn: input.claimed_on,
    language: input.language,
    context: input.context,
    appearance: { url: first.url, title: titleOf(first), publishedOn: first.published_on, quote: first.quote },
    quantity: input.quantity && {
      measure: input.quantity.measure,
      value: input.quantity.value,
      low: input.quantity.low,
      high: input.quantity.high,
      unit: input.quantity.unit,
      bound: input.quantity.bound,
      modality: input.quantity.modality,
      asOf: input.quantity.as_of,
    },
  });
  const errors: LineError[] = [];
  if (!claim.success) {
    for (const error of issuesToErrors(line, claim.error)) {
      errors.push({ ...error, field: error.field.replace(/^appearance\b/, 'appearances.0') });
    }
  }
  const moreAppearances: PreparedClaim['moreAppearances'] = [];
  rest.forEach((appearance, index) => {
    const parsed = AppearanceInput.safeParse({
      url: appearance.url,
      title: titleOf(appearance),
      publishedOn: appearance.published_on,
      quote: appearance.quote,
    });
    if (parsed.success) moreAppearances.push({ appearance: parsed.data, publisher: appearance.publisher });
    else errors.push(...issuesToErrors(line, parsed.error, ['appearances', index + 1]));
  });
  if (!claim.success || errors.length > 0) return errors;
  return {
    line,
    claim: claim.data,
    claimant: { name: input.claimant.name, kind: input.claimant.kind },
    publisher: first.publisher,
    moreAppearances,
  };
}
