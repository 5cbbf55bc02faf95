import { z } from 'zod';
import { SOURCE_KINDS } from '@/db/schema';
import { httpUrl, optionalText, positiveId, requiredText, Version } from './fields';

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

/**
 * A publisher as the claim page's forms name it: the name typed (matched ignoring case), and a kind
 * only when the name is a new source to add. Scripts and the API keep naming publishers by id.
 */
export const PublisherName = z.object({
  publisher: z.string().trim().max(200, 'Keep the name under 200 characters').optional(),
  publisherKind: SourceKind.optional(),
});
