'use client';

import { LINK_KINDS } from '@/lib/vocabulary';
import { LINK_LABELS } from '@/lib/display/labels';
import { Field } from '../../../_components/field';
import { FormStatus } from '../../../_components/form-status';
import { useActionForm } from '../../../_components/use-action-form';
import { linkClaimsAction } from '../actions';
import { FormDisclosure, hasOutcome } from './form-disclosure';

/**
 * Links this claim to another by its number. The server's success message may add that the two
 * figures are not directly comparable, and why; the status line shows it as it comes.
 */
export function LinkForm({ claimId }: { claimId: number }) {
  const form = useActionForm(linkClaimsAction);
  return <LinkFormBody claimId={claimId} form={form} />;
}

/**
 * The form in its disclosure, for the foot of the Related claims section; it opens by itself when
 * the form has an outcome to show (after a post without JavaScript it would otherwise sit hidden).
 */
export function LinkAdder({ claimId }: { claimId: number }) {
  const form = useActionForm(linkClaimsAction);
  return (
    <FormDisclosure summary="Link another claim" className="disclosure" defaultOpen={hasOutcome(form)} deferred="link">
      <LinkFormBody claimId={claimId} form={form} />
    </FormDisclosure>
  );
}

function LinkFormBody({ claimId, form }: { claimId: number; form: ReturnType<typeof useActionForm> }) {
  const idPrefix = 'link-new';
  const { formAction, pending, errors, failed, succeeded, alertRef, formKey, value } = form;
  return (
    <>
      {/* Outside the re-mounted form, so the error summary keeps the focus it is given. */}
      <FormStatus failed={failed} succeeded={succeeded} alertRef={alertRef} idPrefix={idPrefix} />
      {/* Re-mounted after each submission: with the typed values after a failure, empty after a success. */}
      <form action={formAction} className="form link-form" noValidate key={formKey}>
        <input type="hidden" name="claimId" value={claimId} />
        <div className="row">
          <Field
            name="otherClaimId"
            idPrefix={idPrefix}
            label="Other claim number"
            errors={errors.otherClaimId}
            hint="As in “Claim 12” at the top of its page."
          >
            {(p) => <input {...p} type="text" inputMode="numeric" autoComplete="off" maxLength={15} defaultValue={value('otherClaimId')} required />}
          </Field>
          <Field name="kind" idPrefix={idPrefix} label="Relation" errors={errors.kind}>
            {(p) => (
              <select {...p} defaultValue={value('kind')} required>
                <option value="">Choose…</option>
                {LINK_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {LINK_LABELS[kind]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field name="note" idPrefix={idPrefix} label="Note" errors={errors.note} hint="Optional: why they are related.">
          {(p) => <textarea {...p} rows={2} maxLength={2000} defaultValue={value('note')} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={pending}>
            {pending ? 'Linking…' : 'Link claims'}
          </button>
        </div>
      </form>
    </>
  );
}
