import { z } from 'zod';
import { SOURCE_KINDS } from '@/db/schema';
import { httpUrl, optionalText, requiredText } from './fields';

export const SourceKind = z.enum(SOURCE_KINDS, { error: 'Choose what kind of source this is' });

export const SourceCreate = z.object({
  name: requiredText('name', 200),
  kind: SourceKind,
  url: httpUrl.optional(),
  notes: optionalText(2000),
});
export type SourceCreate = z.infer<typeof SourceCreate>;
