'use client';

import { Field } from '../../../_components/field';
import { FormStatus } from '../../../_components/form-status';
import { useActionForm } from '../../../_components/use-action-form';
import { markDuplicateAction, unmarkDuplicateAction } from '../duplicate-actions';
import { FormDisclosure, hasOutcome } from './form-disclosure';

/**
 * The duplicate forms (editors): mark a suggested claim a duplicate of the claim on the page, mark
 * one by its number (either way round), and undo a mark. Each carries the version its claim was
 * read at, so a stale page conflicts instead of merging what its reader did not see.
 */

/** "Mark as duplicate of this": the other claim is merged into the claim on the page. */
export function MarkDuplicateButton({ claimId, version, otherClaimId }: { claimId: number; version: number; otherClaimId: number }) {
  const form = useActionForm(markDuplicateAction);
  const idPrefix = `mark-duplicate-${otherClaimId}`;
  return (
    <div className="inline-form">
      <FormStatus failed={form.failed} succeeded={form.succeeded} alertRef={form.alertRef} idPrefix={idPrefix} />
      <form action={form.formAction} key={form.formKey} noValidate>
        <input type="hidden" name="claimId" value={claimId} />
        <input type="hidden" name="version" value={form.value('version', String(version))} />
        <input type="hidden" name="otherClaimId" value={otherClaimId} />
        <input type="hidden" name="keep" value="this" />
        <button type="submit" className="button" disabled={form.pending}>
          {form.pending ? 'Marking…' : 'Mark as duplicate of this'}
          <span className="visually-hidden"> (claim {otherClaimId} merges into claim {claimId})</span>
        </button>
      </form>
    </div>
  );
}

/** Undo a mark: the rows the mark moved go back to the duplicate. */
export function UnmarkDuplicateButton({ duplicateId, version }: { duplicateId: number; version: number }) {
  const form = useActionForm(unmarkDuplicateAction);
  const idPrefix = `unmark-duplicate-${duplicateId}`;
  return (
    <div className="inline-form">
      <FormStatus failed={form.failed} succeeded={form.succeeded} alertRef={form.alertRef} idPrefix={idPrefix} />
      <form action={form.formAction} key={form.formKey} noValidate>
        <input type="hidden" name="claimId" value={duplicateId} />
        <input type="hidden" name="version" value={form.value('version', String(version))} />
        <button type="submit" className="button" disabled={form.pending}>
          {form.pending ? 'Unmarking…' : 'Unmark duplicate'}
          <span className="visually-hidden"> (claim {duplicateId})</span>
        </button>
      </form>
    </div>
  );
}

/** Mark by claim number, choosing which of the two claims is kept. */
export function MarkDuplicateForm({ claimId, version }: { claimId: number; version: number }) {
  const form = useActionForm(markDuplicateAction);
  const idPrefix = 'duplicate-new';
  const keep = form.value('keep', 'this');
  return (
    <FormDisclosure summary="Mark a duplicate by claim number" className="disclosure" defaultOpen={hasOutcome(form)} deferred="duplicate">
      <FormStatus failed={form.failed} succeeded={form.succeeded} alertRef={form.alertRef} idPrefix={idPrefix} />
      <form action={form.formAction} className="form compact" key={form.formKey} noValidate>
        <input type="hidden" name="claimId" value={claimId} />
        <input type="hidden" name="version" value={form.value('version', String(version))} />
        <Field name="otherClaimId" idPrefix={idPrefix} label="Other claim number" errors={form.errors.otherClaimId} hint="As in “Claim 12” at the top of its page.">
          {(p) => <input {...p} type="text" inputMode="numeric" autoComplete="off" maxLength={15} defaultValue={form.value('otherClaimId')} required />}
        </Field>
        <fieldset className="field">
          <legend>Which claim is kept?</legend>
          <label>
            <input type="radio" name="keep" value="this" defaultChecked={keep !== 'other'} /> This claim (the other is merged into it)
          </label>
          <label>
            <input type="radio" name="keep" value="other" defaultChecked={keep === 'other'} /> The other claim (this one is merged into it)
          </label>
          {form.errors.keep ? <p className="field-error">{form.errors.keep.join(' ')}</p> : null}
        </fieldset>
        <p className="hint">The duplicate’s appearances and evidence move to the kept claim, and its page leads there. Unmarking moves them back.</p>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={form.pending}>
            {form.pending ? 'Marking…' : 'Mark duplicate'}
          </button>
        </div>
      </form>
    </FormDisclosure>
  );
}
