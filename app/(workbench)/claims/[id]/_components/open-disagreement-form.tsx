'use client';

import { Field } from '../../../_components/field';
import { FormStatus } from '../../../_components/form-status';
import { useActionForm } from '../../../_components/use-action-form';
import { openDisagreementAction } from '../actions';
import { FormDisclosure, hasOutcome } from './form-disclosure';

/** Anyone on the desk may open a disagreement by hand, with the reason in words; the form is rendered when opened. */
export function OpenDisagreementForm({ claimId }: { claimId: number }) {
  const form = useActionForm(openDisagreementAction);
  const idPrefix = 'open-disagreement';
  return (
    <FormDisclosure summary="Open a disagreement" className="disclosure open-disagreement" defaultOpen={hasOutcome(form)} deferred="open-disagreement">
      <div className="thread-form">
        <FormStatus failed={form.failed} succeeded={form.succeeded} alertRef={form.alertRef} idPrefix={idPrefix} />
        <form action={form.formAction} key={form.formKey} className="form compact" noValidate>
          <input type="hidden" name="claimId" value={claimId} />
          <Field
            name="reason"
            idPrefix={idPrefix}
            label="Why do you disagree?"
            hint="Say what conflicts and why. Everyone on the desk can read the thread and reply."
            errors={form.errors.reason}
          >
            {(p) => <textarea {...p} rows={3} maxLength={2000} defaultValue={form.value('reason')} required />}
          </Field>
          <div className="form-actions">
            <button type="submit" className="button" disabled={form.pending}>
              {form.pending ? 'Opening…' : 'Open disagreement'}
            </button>
          </div>
        </form>
      </div>
    </FormDisclosure>
  );
}
