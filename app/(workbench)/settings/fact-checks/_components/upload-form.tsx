'use client';

import { FACTCHECK_UPLOAD_MAX_BYTES } from '@/lib/validation/factcheck-mapping';
import { Field } from '../../../_components/field';
import { FormStatus } from '../../../_components/form-status';
import { useActionForm } from '../../../_components/use-action-form';
import { uploadFactchecksAction } from '../actions';

/** Upload a fact-check file: the server detects the format and imports it like the command line. */
export function UploadForm() {
  const form = useActionForm(uploadFactchecksAction);
  const prefix = 'upload';
  return (
    <div className="form-with-status">
      <FormStatus failed={form.failed} succeeded={form.succeeded} alertRef={form.alertRef} idPrefix={prefix} />
      <form action={form.formAction} key={form.formKey} className="form" noValidate>
        <Field
          name="file"
          idPrefix={prefix}
          label="Fact-check file"
          errors={form.errors.file}
          hint={`ClaimReview JSON-LD, a DataFeed, Google Fact Check Tools claims:search answers (one or one per line) or an HTML page, up to ${Math.round(FACTCHECK_UPLOAD_MAX_BYTES / 1024)} KB.`}
        >
          {(p) => <input {...p} type="file" accept=".json,.jsonl,.jsonld,.ndjson,.html,.htm,application/json,text/html" required />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={form.pending}>
            {form.pending ? 'Importing…' : 'Import'}
          </button>
        </div>
      </form>
    </div>
  );
}
