'use server';

import { revalidatePath } from 'next/cache';
import { importFactcheckUpload, setRatingMapping } from '@/lib/import/factchecks/mappings';
import { runAction, type ActionResult } from '@/lib/http/server-action';
import { FactcheckUploadInput, RatingMappingInput } from '@/lib/validation/factcheck-mapping';

export type FactcheckFormResult = ActionResult<{ message: string }> | null;

/** Maps one publisher's label onto our scale (or confirms a proposed mapping), and every fact-check carrying it. */
export async function setRatingMappingAction(_: FactcheckFormResult, formData: FormData): Promise<FactcheckFormResult> {
  const result = await runAction({
    permission: 'factcheck:map',
    schema: RatingMappingInput,
    formData,
    run: (actor, input, db) => {
      const { factchecks } = setRatingMapping(db, actor, input);
      return { message: `“${input.ratingKey}” mapped; ${factchecks.toLocaleString('en')} fact-check${factchecks === 1 ? '' : 's'} updated.` };
    },
  });
  if (result.ok) revalidatePath('/settings/fact-checks');
  return result;
}

/** An editor's upload of a ClaimReview / DataFeed / claims:search / HTML file, through the same importer as the command line. */
export async function uploadFactchecksAction(_: FactcheckFormResult, formData: FormData): Promise<FactcheckFormResult> {
  const result = await runAction({
    permission: 'factcheck:import',
    schema: FactcheckUploadInput,
    formData,
    // runAction passes only text fields; the file is read from the same form data, after the checks.
    run: async (actor, _input, db) => {
      const upload = await importFactcheckUpload(db, actor, formData instanceof FormData ? formData.get('file') : null);
      const skipped = upload.skipped.map((skip) => ` ${skip.where}: ${skip.reason}.`).join('');
      return { message: `${upload.message}${skipped}` };
    },
  });
  if (result.ok) revalidatePath('/settings/fact-checks');
  return result;
}
