'use server';

import { revalidatePath } from 'next/cache';
import { linkFactcheck, unlinkFactcheck } from '@/lib/claims/factcheck-links';
import { runAction, type ActionResult } from '@/lib/http/server-action';
import { formSchema } from '@/lib/validation/fields';
import { FactcheckLink, FactcheckUnlink } from '@/lib/validation/factcheck-link';

/**
 * The claim page's "Checked elsewhere" actions: link a fact-check published elsewhere (by its id
 * from a suggestion, or by its pasted review URL) and unlink it. Through runAction like every action.
 */

type Result = ActionResult<{ message: string }> | null;

export async function linkFactcheckAction(_: Result, formData: FormData): Promise<Result> {
  const result = await runAction({
    permission: 'factcheck:link',
    schema: formSchema(FactcheckLink),
    formData,
    run: (actor, input, db) => {
      const { factcheck, linked } = linkFactcheck(db, actor, input);
      const name = factcheck.publisherName || factcheck.publisherSite || 'the publisher';
      return { claimId: input.claimId, message: linked ? `Linked ${name}’s fact-check.` : `${name}’s fact-check was already linked.` };
    },
  });
  if (!result.ok) return result;
  revalidatePath(`/claims/${result.data.claimId}`);
  return { ok: true, data: { message: result.data.message } };
}

export async function unlinkFactcheckAction(_: Result, formData: FormData): Promise<Result> {
  const result = await runAction({
    permission: 'factcheck:link',
    schema: formSchema(FactcheckUnlink),
    formData,
    run: (actor, input, db) => {
      const { factcheck, unlinked } = unlinkFactcheck(db, actor, input);
      const name = factcheck.publisherName || factcheck.publisherSite || 'the publisher';
      return { claimId: input.claimId, message: unlinked ? `Unlinked ${name}’s fact-check.` : `${name}’s fact-check was not linked.` };
    },
  });
  if (!result.ok) return result;
  revalidatePath(`/claims/${result.data.claimId}`);
  return { ok: true, data: { message: result.data.message } };
}
