import type { ApiScopeName } from '@/db/enums';

/**
 * What each API-key scope allows, in words, for the OpenAPI document's security scheme (and so the
 * API reference). The routes each scope opens are read from the operations' own `security`, so a
 * scope without a sentence here is still documented by its routes.
 */
export const SCOPE_DESCRIPTIONS: Record<ApiScopeName, string> = {
  'verdicts:read':
    'Read published verdicts, claims and their ClaimReview. These reads also answer without a key; with one, a claim not yet published is visible too.',
  'claims:write': 'Submit claims to check, and report the article URL where a verdict was published.',
  'export:read': 'Download the whole export: CSV, JSON Lines or the ClaimReview feed.',
  'claims:read': 'Ask whether a text was checked before: desk claims (with their status and published verdict) and fact-checks by others that look like it.',
};
