'use client';

import { Field } from '../../../_components/field';
import { FormStatus } from '../../../_components/form-status';
import { useActionForm } from '../../../_components/use-action-form';
import { retractEvidenceAction } from '../actions';
import { useRefreshAfterConflict } from './evidence-form';
import { FormDisclosure, hasOutcome } from './form-disclosure';

interface Props {
  evidenceId: number;
  version: number;
}

/** Retracts one evidence item with a reason; the item stays on the page, marked retracted. */
export function RetractEvidenceForm(props: Props) {
  const form = useActionForm(retractEvidenceAction);
  return <RetractFormBody {...props} form={form} />;
}

/** The "Retract" disclosure of one item; its form is rendered when opened (see FormDisclosure). */
export function RetractEvidenceDisclosure(props: Props) {
  const form = useActionForm(retractEvidenceAction);
  return (
    <FormDisclosure summary="Retract" className="evidence-disclosure" defaultOpen={hasOutcome(form)} deferred={`retract-${props.evidenceId}`}>
      <RetractFormBody {...props} form={form} />
    </FormDisclosure>
  );
}

function RetractFormBody({ evidenceId, version, form }: Props & { form: ReturnType<typeof useActionForm> }) {
  const idPrefix = `retract-${evidenceId}`;
  const { formAction, pending, errors, failed, succeeded, alertRef, formKey, value } = form;
  useRefreshAfterConflict(failed?.values.version, version);
  return (
    <>
      {/* Outside the re-mounted form, so the error summary keeps the focus it is given. */}
      <FormStatus failed={failed} succeeded={succeeded} alertRef={alertRef} idPrefix={idPrefix} />
      {/* Re-mounted after each submission: with the typed values after a failure, empty after a success. */}
      <form action={formAction} className="form evidence-retract-form" noValidate key={formKey}>
        <input type="hidden" name="evidenceId" value={evidenceId} />
        <input type="hidden" name="version" value={value('version', String(version))} />
        <Field
          name="reason"
          idPrefix={idPrefix}
          label="Reason for retracting"
          errors={errors.reason}
          hint="Shown with the item, which stays visible, marked retracted."
        >
          {(p) => <textarea {...p} rows={2} maxLength={2000} defaultValue={value('reason')} required />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button danger" disabled={pending}>
            {pending ? 'Retracting…' : 'Retract evidence'}
          </button>
        </div>
      </form>
    </>
  );
}
