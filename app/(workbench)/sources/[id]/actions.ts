'use server';

import { revalidatePath } from 'next/cache';
import { runAction, type ActionResult } from '@/lib/http/server-action';
import { editSource } from '@/lib/sources/sources';
import { formSchema } from '@/lib/validation/fields';
import { SourceUpdate } from '@/lib/validation/source';

export type SourceFormResult = ActionResult<{ message: string }> | null;

/** Saves a source's name, kind, URL and notes at the version the form was filled from. */
export async function editSourceAction(_: SourceFormResult, formData: FormData): Promise<SourceFormResult> {
  const result = await runAction({
    permission: 'source:edit',
    schema: formSchema(SourceUpdate),
    formData,
    run: (actor, input, db) => editSource(db, actor, input),
  });
  if (!result.ok) return result;
  const { source, changed } = result.data;
  if (!changed) return { ok: true, data: { message: 'Nothing to save: the source is as it was.' } };
  // Its name shows on its claims, in the claims list and in search.
  revalidatePath(`/sources/${source.id}`);
  revalidatePath('/sources');
  revalidatePath('/claims', 'layout');
  return { ok: true, data: { message: 'Source updated.' } };
}
