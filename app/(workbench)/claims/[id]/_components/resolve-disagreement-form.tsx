'use client';

import { Field } from '../../../_components/field';
import { FormStatus } from '../../../_components/form-status';
import { useActionForm } from '../../../_components/use-action-form';
import { resolveDisagreementAction } from '../actions';

/** An editor closes an open disagreement with a written resolution. */
export function ResolveDisagreementForm({ disagreementId, version }: { disagreementId: number; version: number }) {
  const form = useActionForm(resolveDisagreementAction);
  const idPrefix = `resolve-${disagreementId}`;
  // After a version conflict the server echoes the current version, so a second try is deliberate.
  const currentVersion = form.value('version', String(version));
  return (
    <div className="thread-form">
      <FormStatus failed={form.failed} succeeded={form.succeeded} alertRef={form.alertRef} idPrefix={idPrefix} />
      <form action={form.formAction} key={`${form.formKey}-${version}`} className="form compact" noValidate>
        <input type="hidden" name="disagreementId" value={disagreementId} />
        <input type="hidden" name="version" value={currentVersion} />
        <Field
          name="resolution"
          idPrefix={idPrefix}
          label="Resolution"
          hint="What the desk concluded and why. Shown with the disagreement."
          errors={form.errors.resolution}
        >
          {(p) => <textarea {...p} rows={3} maxLength={8000} defaultValue={form.value('resolution')} required />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={form.pending}>
            {form.pending ? 'Resolving…' : 'Resolve disagreement'}
          </button>
        </div>
      </form>
    </div>
  );
}
