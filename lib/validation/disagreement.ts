import { z } from 'zod';
import { positiveId, requiredText } from './fields';
import { Version } from './evidence';

export const DisagreementOpen = z.object({
  claimId: positiveId,
  reason: requiredText('reason', 2000),
});
export type DisagreementOpen = z.infer<typeof DisagreementOpen>;

export const CommentCreate = z.object({
  disagreementId: positiveId,
  body: requiredText('comment', 8000),
});
export type CommentCreate = z.infer<typeof CommentCreate>;

export const DisagreementResolve = z.object({
  disagreementId: positiveId,
  version: Version,
  resolution: requiredText('resolution', 8000),
});
export type DisagreementResolve = z.infer<typeof DisagreementResolve>;

export const DisagreementReopen = z.object({
  disagreementId: positiveId,
  version: Version,
  reason: requiredText('reason for reopening', 2000),
});
export type DisagreementReopen = z.infer<typeof DisagreementReopen>;
