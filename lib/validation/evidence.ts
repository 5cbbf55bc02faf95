import { z } from 'zod';
import { STANCES } from '@/db/enums';
import { httpUrl, optionalText, pastDate, positiveId, requiredText, Version } from './fields';
import { PublisherName } from './source';

export { Version };

/** W3C TextQuoteSelector: the exact words, with a little text either side to find them again. */
export const TextQuote = z.object({
  exact: optionalText(5000),
  prefix: optionalText(200),
  suffix: optionalText(200),
});

export const EvidenceInput = z.object({
  url: httpUrl,
  title: requiredText('title', 500),
  publisherId: positiveId.optional(),
  publishedOn: pastDate.optional(),
  stance: z.enum(STANCES, { error: 'Choose whether it supports, refutes or adds context' }),
  note: optionalText(4000),
  quote: TextQuote.default({ exact: '', prefix: '', suffix: '' }),
}).extend(PublisherName.shape);
export type EvidenceInput = z.infer<typeof EvidenceInput>;

export const EvidenceCreate = EvidenceInput.extend({ claimId: positiveId });
export type EvidenceCreate = z.infer<typeof EvidenceCreate>;

export const EvidenceUpdate = EvidenceInput.extend({ evidenceId: positiveId, version: Version });
export type EvidenceUpdate = z.infer<typeof EvidenceUpdate>;

export const EvidenceRetract = z.object({
  evidenceId: positiveId,
  version: Version,
  reason: requiredText('reason for retracting', 2000),
});
export type EvidenceRetract = z.infer<typeof EvidenceRetract>;
