import { apiKeyRoute, jsonResponse } from '@/lib/http/api-key-route';
import { ArticleReport, ClaimIdParams } from '@/lib/api/schemas';
import { readApiClaim } from '@/lib/api/verdicts';
import { reportArticleUrl } from '@/lib/claims/claims';
import { getEnv } from '@/lib/env';
import { AppError, validationError } from '@/lib/errors';
import { otherMethods } from '@/lib/http/methods';

/** The CMS reports the article URL where the verdict is published. */
export const PUT = apiKeyRoute({ permission: 'claim:article', body: ArticleReport }, ({ db, actor, params, body }) => {
  if (!actor) throw new AppError('unauthorized', 'Send an API key.');
  const parsed = ClaimIdParams.safeParse(params);
  if (!parsed.success) throw validationError(parsed.error);
  reportArticleUrl(db, actor, parsed.data.id, body.url, body.version);
  return jsonResponse(readApiClaim(db, getEnv().PUBLIC_URL, parsed.data.id, true));
});

export const { GET, POST, PATCH, DELETE, OPTIONS } = otherMethods(['PUT']);
