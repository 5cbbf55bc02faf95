'use client';

import { Field } from '../../../_components/field';
import { FormStatus } from '../../../_components/form-status';
import { useActionForm } from '../../../_components/use-action-form';
import { reopenDisagreementAction } from '../actions';

/** An editor reopens a resolved disagreement; the reason joins the thread as a comment. */
export function ReopenDisagreementForm({ disagreementId, version }: { disagreementId: number; version: number }) {
  const form = useActionForm(reopenDisagreementAction);
  const idPrefix = `reopen-${disagreementId}`;
  const currentVersion = form.value('version', String(version));
  return (
    <div className="thread-form">
      <FormStatus failed={form.failed} succeeded={form.succeeded} alertRef={form.alertRef} idPrefix={idPrefix} />
      <form action={form.formAction} key={`${form.formKey}-${version}`} className="form compact" noValidate>
        <input type="hidden" name="disagreementId" value={disagreementId} />
        <input type="hidden" name="version" value={currentVersion} />
        <Field
          name="reason"
          idPrefix={idPrefix}
          label="Reason for reopening"
          hint="Added to the thread as a comment."
          errors={form.errors.reason}
        >
          {(p) => <textarea {...p} rows={2} maxLength={2000} defaultValue={form.value('reason')} required />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button" disabled={form.pending}>
            {form.pending ? 'Reopening…' : 'Reopen disagreement'}
          </button>
        </div>
      </form>
    </div>
  );
}
