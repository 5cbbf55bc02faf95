import { z } from 'zod';
import { SOURCE_KINDS } from '@/db/schema';
import { Version } from './evidence';
import { httpUrl, optionalText, positiveId, requiredText } from './fields';

export const SourceKind = z.enum(SOURCE_KINDS, { error: 'Choose what kind of source this is' });

export const SourceCreate = z.object({
  name: requiredText('name', 200),
  kind: SourceKind,
  url: httpUrl.optional(),
  notes: optionalText(2000),
});
export type SourceCreate = z.infer<typeof SourceCreate>;

/** An edit of a source's own fields at the version the editor read; an empty URL removes it. */
export const SourceUpdate = SourceCreate.extend({ sourceId: positiveId, version: Version });
export type SourceUpdate = z.infer<typeof SourceUpdate>;
