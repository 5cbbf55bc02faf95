'use client';

import { Field } from '../../../_components/field';
import { FormStatus } from '../../../_components/form-status';
import { useActionForm } from '../../../_components/use-action-form';
import { commentAction } from '../actions';

/** A reply in one disagreement's thread. */
export function CommentForm({ disagreementId }: { disagreementId: number }) {
  const form = useActionForm(commentAction);
  const idPrefix = `comment-${disagreementId}`;
  return (
    <div className="thread-form">
      {/* Outside the re-mounted form, so the focused error summary survives the re-mount. */}
      <FormStatus failed={form.failed} succeeded={form.succeeded} alertRef={form.alertRef} idPrefix={idPrefix} />
      <form action={form.formAction} key={form.formKey} className="form compact" noValidate>
        <input type="hidden" name="disagreementId" value={disagreementId} />
        <Field name="body" idPrefix={idPrefix} label="Comment" errors={form.errors.body}>
          {(p) => <textarea {...p} rows={3} maxLength={8000} defaultValue={form.value('body')} required />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button" disabled={form.pending}>
            {form.pending ? 'Posting…' : 'Post comment'}
          </button>
        </div>
      </form>
    </div>
  );
}
