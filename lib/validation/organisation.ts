import { z } from 'zod';
import { Version } from './evidence';
import { httpUrl, requiredText } from './fields';

export const REQUIRED_ASSESSMENTS_MIN = 1;
export const REQUIRED_ASSESSMENTS_MAX = 10;
const COUNT_MESSAGE = `Enter a whole number from ${REQUIRED_ASSESSMENTS_MIN} to ${REQUIRED_ASSESSMENTS_MAX}`;

export const RequiredAssessments = z.coerce
  .number({ error: COUNT_MESSAGE })
  .int(COUNT_MESSAGE)
  .min(REQUIRED_ASSESSMENTS_MIN, COUNT_MESSAGE)
  .max(REQUIRED_ASSESSMENTS_MAX, COUNT_MESSAGE);

/** The organisation settings an admin edits: the desk's name and URL, and what publishing needs. */
export const OrganisationSettings = z.object({
  /** The desk as named on published verdicts and as the ClaimReview author. */
  name: requiredText('organisation name', 200),
  url: httpUrl,
  /** Current assessments by different reviewers a claim needs before it can be published. */
  requiredAssessments: RequiredAssessments,
});
export type OrganisationSettings = z.infer<typeof OrganisationSettings>;

export const OrganisationUpdate = OrganisationSettings.extend({ version: Version });
export type OrganisationUpdate = z.infer<typeof OrganisationUpdate>;
