'use client';

import { useState } from 'react';
import { FormStatus } from '../../../_components/form-status';
import { useActionForm } from '../../../_components/use-action-form';
import { ClaimCoreFields, QuantityFields } from '../../_components/claim-fields';
import { editClaimAction } from '../actions';
import { useRefreshAfterConflict } from './evidence-form';
import { FormDisclosure, hasOutcome } from './form-disclosure';

/** The stored claim the edit form starts from, as field name → value (the schema's paths). */
export interface ClaimEditStart {
  claimId: number;
  version: number;
  fields: Record<string, string>;
}

interface Props {
  start: ClaimEditStart;
  measures: { id: number; name: string }[];
  today: string;
  /** Shown above the fields: for instance that the claim's verdict is published. */
  note: string | null;
}

const ID_PREFIX = 'claim-edit';

/** "Edit claim": the claim's own fields and its quantity, saved at the version shown; rendered when opened. */
export function ClaimEditor(props: Props) {
  const form = useActionForm(editClaimAction);
  useRefreshAfterConflict(form.failed?.values.version, props.start.version);
  return (
    <FormDisclosure summary="Edit claim" className="disclosure claim-editor" defaultOpen={hasOutcome(form)} deferred="claim">
      {/* Outside the re-mounted part, so the error summary keeps the focus it is given. */}
      <FormStatus failed={form.failed} succeeded={form.succeeded} alertRef={form.alertRef} idPrefix={ID_PREFIX} />
      <ClaimEditFields key={form.formKey} {...props} form={form} />
    </FormDisclosure>
  );
}

function ClaimEditFields({ start, measures, today, note, form }: Props & { form: ReturnType<typeof useActionForm> }) {
  const { formAction, pending, errors, value } = form;
  // What the inputs start from, kept as it was when they were filled in: a refresh of the page must
  // not move the hidden version forward under unsaved edits (the conflict check would then let
  // the save overwrite a change its author never saw). A re-mount after a save starts afresh.
  const [editing] = useState(start);
  const startValue = (name: string) => value(name, editing.fields[name] ?? '');

  return (
    <form action={formAction} className="form claim-edit-form" noValidate>
      <input type="hidden" name="claimId" value={editing.claimId} />
      {/* After a version conflict the server echoes the current version, so saving again applies. */}
      <input type="hidden" name="version" value={value('version', String(editing.version))} />
      {note ? <p className="hint">{note}</p> : null}
      <ClaimCoreFields errors={errors} value={startValue} idPrefix={ID_PREFIX} today={today} />
      <QuantityFields
        errors={errors}
        value={startValue}
        idPrefix={ID_PREFIX}
        today={today}
        measures={measures}
        legend="Quantity"
        hint="Only for claims that state a figure. Empty every field to remove the figure."
      />
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={pending}>
          {pending ? 'Saving…' : 'Save changes'}
        </button>
      </div>
    </form>
  );
}
