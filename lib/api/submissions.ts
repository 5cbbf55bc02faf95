import 'server-only';
import type { Db } from '@/db/open';
import { getClaimStatus } from '@/db/queries/claims';
import { createClaim } from '@/lib/claims/claims';
import { AppError, validationError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/permissions';
import { ClaimCreate } from '@/lib/validation/claim';
import type { ClaimSubmission } from './schemas';

const API_NAMES: Record<string, string> = { claimedOn: 'claimed_on', newClaimant: 'claimant', claimantId: 'claimant' };

/**
 * A claim submitted by the CMS, checked by the same rules as the desk's own form (ClaimCreate):
 * the claimant is found by name and kind or created, the first appearance is the CMS's URL.
 */
export function submitClaim(db: Db, actor: Actor, body: ClaimSubmission) {
  const parsed = ClaimCreate.safeParse({
    statement: body.statement,
    newClaimant: { name: body.claimant.name, kind: body.claimant.kind },
    claimedOn: body.claimed_on ?? new Date().toISOString().slice(0, 10),
    language: body.language,
    context: body.context,
    appearance: {
      url: body.appearance.url,
      title: body.appearance.title || new URL(body.appearance.url).hostname,
      quote: body.appearance.quote,
    },
  });
  if (!parsed.success) {
    // Report the shared rules' refusals under the names the API uses.
    const fields = validationError(parsed.error).fieldErrors;
    const renamed = Object.fromEntries(
      Object.entries(fields).map(([path, messages]) => [path.split('.').map((part) => API_NAMES[part] ?? part).join('.'), messages]),
    );
    throw new AppError('bad_request', `Check ${Object.keys(renamed).join(', ')}.`, renamed);
  }
  const { id } = createClaim(db, actor, parsed.data);
  return { id, status: getClaimStatus(db, id) ?? 'draft' };
}
