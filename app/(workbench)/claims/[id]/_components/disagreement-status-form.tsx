'use client';

import { Field } from '../../../_components/field';
import { FormStatus } from '../../../_components/form-status';
import { useActionForm } from '../../../_components/use-action-form';
import { reopenDisagreementAction, resolveDisagreementAction } from '../actions';

/** What changes between closing a disagreement and reopening it: the action and the words. */
const MODES = {
  resolve: {
    action: resolveDisagreementAction,
    field: 'resolution',
    label: 'Resolution',
    hint: 'What the desk concluded and why. Shown with the disagreement.',
    max: 8000,
    rows: 3,
    button: 'Resolve disagreement',
    pending: 'Resolving…',
    className: 'button primary',
  },
  reopen: {
    action: reopenDisagreementAction,
    field: 'reason',
    label: 'Reason for reopening',
    hint: 'Added to the thread as a comment.',
    max: 2000,
    rows: 2,
    button: 'Reopen disagreement',
    pending: 'Reopening…',
    className: 'button',
  },
} as const;

/** An editor resolves an open disagreement with a written resolution, or reopens a resolved one. */
export function DisagreementStatusForm({ mode, disagreementId, version }: { mode: keyof typeof MODES; disagreementId: number; version: number }) {
  const m = MODES[mode];
  const form = useActionForm(m.action);
  const idPrefix = `${mode}-${disagreementId}`;
  // After a version conflict the server echoes the current version, so a second try is deliberate.
  const currentVersion = form.value('version', String(version));
  return (
    <div className="thread-form">
      <FormStatus failed={form.failed} succeeded={form.succeeded} alertRef={form.alertRef} idPrefix={idPrefix} />
      <form action={form.formAction} key={`${form.formKey}-${version}`} className="form compact" noValidate>
        <input type="hidden" name="disagreementId" value={disagreementId} />
        <input type="hidden" name="version" value={currentVersion} />
        <Field name={m.field} idPrefix={idPrefix} label={m.label} hint={m.hint} errors={form.errors[m.field]}>
          {(p) => <textarea {...p} rows={m.rows} maxLength={m.max} defaultValue={form.value(m.field)} required />}
        </Field>
        <div className="form-actions">
          <button type="submit" className={m.className} disabled={form.pending}>
            {form.pending ? m.pending : m.button}
          </button>
        </div>
      </form>
    </div>
  );
}
