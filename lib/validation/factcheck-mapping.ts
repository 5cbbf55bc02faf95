import { z } from 'zod';
import { RATING_MAPPING_TARGETS } from '@/lib/vocabulary';
import { requiredText, VersionOrNew } from './fields';

/** The largest file an editor may upload on Settings → Fact-checks (bigger feeds: npm run factchecks:import). */
export const FACTCHECK_UPLOAD_MAX_BYTES = 900 * 1024;

/**
 * One label of one publisher mapped onto our scale. `version` is the mapping's version as the
 * editor read it, or 0 for a label that had no mapping (a queue entry): if someone mapped it
 * meanwhile, the save is a conflict rather than a silent overwrite.
 */
export const RatingMappingInput = z.object({
  publisherKey: requiredText('publisher', 300),
  ratingKey: requiredText('rating label', 300),
  label: z.enum(RATING_MAPPING_TARGETS, { error: 'Choose a rating on our scale, or “No equivalent”' }),
  version: VersionOrNew,
});
export type RatingMappingInput = z.infer<typeof RatingMappingInput>;

/** The upload form has no text fields: its file is read from the form data by the action. */
export const FactcheckUploadInput = z.object({});
