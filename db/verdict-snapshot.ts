import { z } from 'zod';
import { RATING_LABELS, SOURCE_KINDS, STANCES } from './enums';

/**
 * What a published verdict version shows, frozen when it was published (verdicts.snapshot): the
 * claim as stated, its claimant, its appearances and the evidence the version cites, as they were.
 * Read back through this schema, so a malformed snapshot fails loudly instead of rendering half.
 */
const SnapshotParty = z.object({
  name: z.string(),
  kind: z.enum(SOURCE_KINDS),
  url: z.string().nullable(),
});
export type SnapshotParty = z.infer<typeof SnapshotParty>;

export const SnapshotAppearance = z.object({
  url: z.string(),
  title: z.string(),
  publishedOn: z.string().nullable(),
  quote: z.string(),
  publisher: SnapshotParty.nullable(),
});
export type SnapshotAppearance = z.infer<typeof SnapshotAppearance>;

export const SnapshotEvidence = z.object({
  id: z.number().int(),
  url: z.string(),
  title: z.string(),
  publishedOn: z.string().nullable(),
  stance: z.enum(STANCES),
  quoteExact: z.string(),
  quotePrefix: z.string(),
  quoteSuffix: z.string(),
  publisher: SnapshotParty.nullable(),
});
export type SnapshotEvidence = z.infer<typeof SnapshotEvidence>;

/**
 * How the rating was reached, as it stood when the version was published (lib/insights/method-note.ts):
 * counts only, no names. Absent from versions published before it was kept; they show no method note.
 */
export const SnapshotMethod = z.object({
  assessments: z.number().int().min(0),
  matched: z.number().int().min(0),
  resolvedDisagreements: z.number().int().min(0),
  labels: z.partialRecord(z.enum(RATING_LABELS), z.number().int().min(0)),
});
export type SnapshotMethod = z.infer<typeof SnapshotMethod>;

export const VerdictSnapshot = z.object({
  claim: z.object({ statement: z.string(), claimedOn: z.string(), language: z.string() }),
  claimant: SnapshotParty,
  /** Oldest first: the first is the claim's first appearance. */
  appearances: z.array(SnapshotAppearance),
  /** The evidence the version rests on, by id; a retraction shows that of the version it withdraws. */
  evidence: z.array(SnapshotEvidence),
  method: SnapshotMethod.optional(),
});
export type VerdictSnapshot = z.infer<typeof VerdictSnapshot>;

/** The stored snapshot of a verdict version, checked. */
export function parseVerdictSnapshot(text: string): VerdictSnapshot {
  return VerdictSnapshot.parse(JSON.parse(text));
}
