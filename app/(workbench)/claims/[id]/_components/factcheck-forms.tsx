'use client';

import { Field } from '../../../_components/field';
import { FormStatus } from '../../../_components/form-status';
import { useActionForm } from '../../../_components/use-action-form';
import { linkFactcheckAction, unlinkFactcheckAction } from '../factcheck-actions';
import { FormDisclosure, hasOutcome } from './form-disclosure';

/**
 * The "Checked elsewhere" forms: one button per fact-check (link a suggestion, unlink a linked one),
 * and the form that links a fact-check by its pasted review URL. Each works without JavaScript.
 */

interface ButtonProps {
  claimId: number;
  factcheckId: number;
  /** Who published it, for the button's accessible name ("Unlink Example Fact Desk’s fact-check"). */
  publisher: string;
}

function FactcheckButton({ claimId, factcheckId, publisher, mode }: ButtonProps & { mode: 'link' | 'unlink' }) {
  const form = useActionForm(mode === 'link' ? linkFactcheckAction : unlinkFactcheckAction);
  const idPrefix = `${mode}-factcheck-${factcheckId}`;
  const verb = mode === 'link' ? 'Link' : 'Unlink';
  return (
    <div className="inline-form">
      <FormStatus failed={form.failed} succeeded={form.succeeded} alertRef={form.alertRef} idPrefix={idPrefix} />
      <form action={form.formAction} key={form.formKey} noValidate>
        <input type="hidden" name="claimId" value={claimId} />
        <input type="hidden" name="factcheckId" value={factcheckId} />
        <button type="submit" className={mode === 'link' ? 'button primary' : 'button'} disabled={form.pending}>
          {form.pending ? `${verb}ing…` : verb}
          <span className="visually-hidden"> {publisher}’s fact-check</span>
        </button>
      </form>
    </div>
  );
}

export function LinkFactcheckButton(props: ButtonProps) {
  return <FactcheckButton {...props} mode="link" />;
}

export function UnlinkFactcheckButton(props: ButtonProps) {
  return <FactcheckButton {...props} mode="unlink" />;
}

/** Paste a review's address; the fact-check is found by its normalised URL among those imported. */
export function LinkFactcheckByUrl({ claimId }: { claimId: number }) {
  const form = useActionForm(linkFactcheckAction);
  const idPrefix = 'factcheck-url';
  return (
    <FormDisclosure summary="Link a fact-check by its address" className="disclosure" defaultOpen={hasOutcome(form)} deferred="factcheck">
      <FormStatus failed={form.failed} succeeded={form.succeeded} alertRef={form.alertRef} idPrefix={idPrefix} />
      <form action={form.formAction} className="form compact" key={form.formKey} noValidate>
        <input type="hidden" name="claimId" value={claimId} />
        <Field
          name="url"
          idPrefix={idPrefix}
          label="Review URL"
          errors={form.errors.url}
          hint="The address of the fact-check’s page, as in the browser; it must have been imported."
        >
          {(p) => <input {...p} type="url" inputMode="url" autoComplete="off" maxLength={2048} defaultValue={form.value('url')} required />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={form.pending}>
            {form.pending ? 'Linking…' : 'Link fact-check'}
          </button>
        </div>
      </form>
    </FormDisclosure>
  );
}
