'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { markDuplicate, unmarkDuplicate, type MarkResult } from '@/lib/claims/duplicates';
import { runAction, type ActionResult } from '@/lib/http/server-action';
import { formSchema } from '@/lib/validation/fields';
import { DuplicateMark, DuplicateUnmark } from '@/lib/validation/duplicate';

/**
 * Marking a claim a duplicate of another and undoing it (editors), through runAction. Both claims'
 * pages and the claims list (which hides duplicates) are refreshed after the change commits.
 */

type Result = ActionResult<{ message: string }> | null;

function refresh(done: MarkResult): void {
  revalidatePath(`/claims/${done.duplicateId}`);
  revalidatePath(`/claims/${done.keptId}`);
  revalidatePath('/claims');
}

function moved(done: MarkResult): string {
  const a = done.movedAppearanceIds.length;
  const e = done.movedEvidenceIds.length;
  return `${a} ${a === 1 ? 'appearance' : 'appearances'} and ${e} evidence ${e === 1 ? 'item' : 'items'}`;
}

export async function markDuplicateAction(_: Result, formData: FormData): Promise<Result> {
  const result = await runAction({
    permission: 'claim:mark_duplicate',
    schema: formSchema(DuplicateMark),
    formData,
    run: (actor, input, db) => ({ done: markDuplicate(db, actor, input), pageClaimId: input.claimId }),
  });
  if (!result.ok) return result;
  const { done, pageClaimId } = result.data;
  refresh(done);
  // The page this was done on was merged away: go where its appearances and evidence went.
  if (done.duplicateId === pageClaimId) redirect(`/claims/${done.keptId}?merged=${done.duplicateId}`);
  return { ok: true, data: { message: `Claim ${done.duplicateId} is marked a duplicate of claim ${done.keptId}; ${moved(done)} moved here.` } };
}

export async function unmarkDuplicateAction(_: Result, formData: FormData): Promise<Result> {
  const result = await runAction({
    permission: 'claim:mark_duplicate',
    schema: formSchema(DuplicateUnmark),
    formData,
    run: (actor, input, db) => unmarkDuplicate(db, actor, input),
  });
  if (!result.ok) return result;
  refresh(result.data);
  return { ok: true, data: { message: `Claim ${result.data.duplicateId} is no longer a duplicate; ${moved(result.data)} moved back to it.` } };
}
