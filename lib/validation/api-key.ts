import { z } from 'zod';
import { API_SCOPES } from '@/db/enums';
import { positiveId, requiredText, Version } from './fields';

export const ApiScope = z.enum(API_SCOPES, { error: `Use one of: ${API_SCOPES.join(', ')}` });

/** Longest expiry a key may be given: ten years. */
export const MAX_EXPIRY_DAYS = 3650;

/** Days until a key expires; blank (the form's "Never") means it does not. */
export const ExpiresInDays = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
  z.coerce
    .number({ error: 'Give a number of days' })
    .int('Give a whole number of days')
    .min(1, 'Give at least 1 day')
    .max(MAX_EXPIRY_DAYS, `Give at most ${MAX_EXPIRY_DAYS} days`)
    .optional(),
);

export const ApiKeyCreate = z.object({
  name: requiredText('name', 100),
  scopes: z
    .preprocess(
      (value) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value),
      z.array(ApiScope).min(1, 'Choose at least one scope').max(API_SCOPES.length),
    )
    .transform((scopes) => [...new Set(scopes)]),
  expiresInDays: ExpiresInDays,
});
export type ApiKeyCreate = z.infer<typeof ApiKeyCreate>;

/** `--expires-in 90d` of npm run apikey:create: a whole number of days. */
export function parseExpiresIn(text: string): number {
  const match = /^\s*(\d{1,5})\s*d\s*$/i.exec(text);
  const days = match?.[1] ? Number(match[1]) : Number.NaN;
  const parsed = ExpiresInDays.safeParse(Number.isNaN(days) ? 'not a number' : days);
  if (!match || !parsed.success || parsed.data === undefined) {
    throw new Error(`--expires-in: give a number of days from 1 to ${MAX_EXPIRY_DAYS}, like 90d (got "${text}")`);
  }
  return parsed.data;
}

export const ApiKeyRevoke = z.object({ apiKeyId: positiveId });
export type ApiKeyRevoke = z.infer<typeof ApiKeyRevoke>;

export const ApiKeyReassign = z.object({
  apiKeyId: positiveId,
  version: Version,
  ownerId: z.coerce.number({ error: 'Choose an editor or admin' }).int('Choose an editor or admin').positive('Choose an editor or admin').max(Number.MAX_SAFE_INTEGER),
});
export type ApiKeyReassign = z.infer<typeof ApiKeyReassign>;
