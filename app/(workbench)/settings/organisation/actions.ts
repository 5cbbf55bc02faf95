'use server';

import { revalidatePath } from 'next/cache';
import { updateOrganisation } from '@/lib/admin/organisation';
import { runAction, type ActionResult } from '@/lib/http/server-action';
import { OrganisationUpdate } from '@/lib/validation/organisation';

export type OrganisationFormResult = ActionResult<{ message: string }> | null;

export async function updateOrganisationAction(_: OrganisationFormResult, formData: FormData): Promise<OrganisationFormResult> {
  const result = await runAction({
    permission: 'organisation:manage',
    schema: OrganisationUpdate,
    formData,
    run: (actor, input, db) => {
      updateOrganisation(db, actor, input);
      return { message: 'Organisation settings saved.' };
    },
  });
  // Claim pages show publish-readiness, verdict pages the organisation's name: all read it afresh.
  if (result.ok) revalidatePath('/', 'layout');
  return result;
}
