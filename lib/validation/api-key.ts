import { z } from 'zod';
import { API_SCOPES } from '@/db/enums';
import { positiveId, requiredText } from './fields';

export const ApiScope = z.enum(API_SCOPES, { error: `Use one of: ${API_SCOPES.join(', ')}` });

export const ApiKeyCreate = z.object({
  name: requiredText('name', 100),
  scopes: z
    .preprocess(
      (value) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value),
      z.array(ApiScope).min(1, 'Choose at least one scope').max(API_SCOPES.length),
    )
    .transform((scopes) => [...new Set(scopes)]),
});
export type ApiKeyCreate = z.infer<typeof ApiKeyCreate>;

export const ApiKeyRevoke = z.object({ apiKeyId: positiveId });
export type ApiKeyRevoke = z.infer<typeof ApiKeyRevoke>;
