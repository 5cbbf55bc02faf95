'use server';

import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { createClaim } from '@/lib/claims/claims';
import { runAction, type ActionResult } from '@/lib/http/server-action';
import { ClaimCreateForm } from '@/lib/validation/claim';

export async function createClaimAction(
  _previous: ActionResult<{ id: number }> | null,
  formData: FormData,
): Promise<ActionResult<{ id: number }>> {
  const result = await runAction({
    permission: 'claim:create',
    schema: ClaimCreateForm,
    formData,
    run: (actor, input, db) => createClaim(db, actor, input),
  });
  if (!result.ok) return result;
  revalidatePath('/claims');
  redirect(`/claims/${result.data.id}?created=1`);
}
