import { z } from 'zod';
import { CLAIM_STATUSES } from '@/db/schema';
import { MAX_SEARCH_INPUT } from '@/lib/claims/search-query';
import { searchParam } from './fields';

export const CLAIM_LIST_DEFAULT_LIMIT = 25;
export const CLAIM_LIST_MAX_LIMIT = 100;

const param = searchParam;

const shape = {
  q: param(
    z
      .string()
      .trim()
      .max(MAX_SEARCH_INPUT, `Search for at most ${MAX_SEARCH_INPUT} characters.`)
      .optional(),
  ),
  status: param(z.enum(CLAIM_STATUSES, { error: 'Choose one of the listed statuses.' }).optional()),
  claimant: param(
    z.coerce
      .number({ error: 'Choose a claimant from the list.' })
      .int('Choose a claimant from the list.')
      .positive('Choose a claimant from the list.')
      .optional(),
  ),
  disputed: param(
    z
      .enum(['1', 'true', '0', 'false'], { error: 'Use 1 or true for disputed claims, 0 or false for undisputed.' })
      .transform((value) => value === '1' || value === 'true')
      .optional(),
  ),
  duplicates: param(
    z
      .enum(['1', 'true', '0', 'false'], { error: 'Use 1 or true to include claims merged into another, 0 or false to leave them out.' })
      .transform((value) => value === '1' || value === 'true')
      .optional(),
  ),
  cursor: param(z.string().max(200, 'The cursor is not valid.').optional()),
  dir: param(z.enum(['next', 'prev'], { error: 'Use next or prev.' }).default('next')),
  limit: param(
    z.coerce
      .number({ error: `Use a whole number from 1 to ${CLAIM_LIST_MAX_LIMIT}.` })
      .int(`Use a whole number from 1 to ${CLAIM_LIST_MAX_LIMIT}.`)
      .min(1, `Use a whole number from 1 to ${CLAIM_LIST_MAX_LIMIT}.`)
      .max(CLAIM_LIST_MAX_LIMIT, `Use a whole number from 1 to ${CLAIM_LIST_MAX_LIMIT}.`)
      .default(CLAIM_LIST_DEFAULT_LIMIT),
  ),
};

/** The claims list's search params as the web page reads them: unknown params are ignored. */
export const ClaimListQuery = z.object(shape);
export type ClaimListQuery = z.infer<typeof ClaimListQuery>;

/** The same params for the HTTP API, where an unknown param is a client's mistake worth reporting. */
export const ClaimListQueryStrict = z.strictObject(shape);
export type ClaimListQueryStrict = z.infer<typeof ClaimListQueryStrict>;
