import { z } from 'zod';
import { SOURCE_KINDS } from '@/db/schema';
import { MAX_SEARCH_INPUT } from '@/lib/claims/search-query';
import { searchParam } from './fields';

export const SOURCE_LIST_LIMIT = 50;

/** The sources list's search params: a search of names, a kind, and a keyset position. */
export const SourceListQuery = z.object({
  q: searchParam(z.string().trim().max(MAX_SEARCH_INPUT, `Search for at most ${MAX_SEARCH_INPUT} characters.`).optional()),
  kind: searchParam(z.enum(SOURCE_KINDS, { error: 'Choose one of the listed kinds.' }).optional()),
  // A name of up to 200 characters, base64url-encoded with its id: about 4/3 of 800 bytes at most.
  cursor: searchParam(z.string().max(1200, 'The cursor is not valid.').optional()),
  dir: searchParam(z.enum(['next', 'prev'], { error: 'Use next or prev.' }).default('next')),
});
export type SourceListQuery = z.infer<typeof SourceListQuery>;
