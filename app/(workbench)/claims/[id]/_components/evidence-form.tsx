'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { Field } from '../../../_components/field';
import { FormStatus } from '../../../_components/form-status';
import { PublisherNameField } from '../../../_components/source-name-field';
import { useActionForm } from '../../../_components/use-action-form';
import { addEvidenceAction, editEvidenceAction } from '../actions';
import { FormDisclosure, hasOutcome } from './form-disclosure';
import { STANCE_LABELS, STANCES } from './stance';

/** The stored fields of an evidence item that the edit form starts from. */
export interface EvidenceFormItem {
  id: number;
  version: number;
  url: string;
  title: string;
  publisherName: string | null;
  publishedOn: string | null;
  stance: string;
  note: string;
  quoteExact: string;
  quotePrefix: string;
  quoteSuffix: string;
}

type FormState = ReturnType<typeof useActionForm>;
type Props = {
  /** YYYY-MM-DD, the latest allowed date; computed on the server so the markup does not differ. */
  today?: string;
} & ({ mode: 'add'; claimId: number } | { mode: 'edit'; evidence: EvidenceFormItem });

/** Adds evidence to a claim, or edits one item; one component so both stay the same form. */
export function EvidenceForm(props: Props) {
  const form = useActionForm(props.mode === 'edit' ? editEvidenceAction : addEvidenceAction);
  return <EvidenceFormBody {...props} form={form} />;
}

/** The "Add evidence" disclosure, open while the claim has no evidence or the form has news; otherwise rendered when opened. */
export function EvidenceAdder({ claimId, today, defaultOpen }: { claimId: number; today?: string; defaultOpen: boolean }) {
  const form = useActionForm(addEvidenceAction, { focusOnSuccess: true });
  return (
    <FormDisclosure summary="Add evidence" className="disclosure evidence-adder" defaultOpen={defaultOpen || hasOutcome(form)} deferred="add-evidence">
      <EvidenceFormBody mode="add" claimId={claimId} today={today} form={form} />
    </FormDisclosure>
  );
}

/** The "Edit evidence" disclosure of one item; its form is rendered when opened (see FormDisclosure). */
export function EvidenceEditor({ evidence, today }: { evidence: EvidenceFormItem; today?: string }) {
  const form = useActionForm(editEvidenceAction);
  return (
    <FormDisclosure summary="Edit evidence" className="evidence-disclosure" defaultOpen={hasOutcome(form)} deferred={`evidence-${evidence.id}`}>
      <EvidenceFormBody mode="edit" evidence={evidence} today={today} form={form} />
    </FormDisclosure>
  );
}

function EvidenceFormBody(props: Props & { form: FormState }) {
  const { form } = props;
  const idPrefix = props.mode === 'edit' ? `evidence-${props.evidence.id}` : 'evidence-new';
  useRefreshAfterConflict(form.failed?.values.version, props.mode === 'edit' ? props.evidence.version : null);
  return (
    <>
      {/* Outside the re-mounted part, so the error summary keeps the focus it is given. */}
      <FormStatus failed={form.failed} succeeded={form.succeeded} alertRef={form.alertRef} statusRef={form.statusRef} idPrefix={idPrefix} />
      {/* Re-mounted after each submission: with the typed values after a failure, fresh after a success. */}
      <EvidenceFields key={form.formKey} {...props} idPrefix={idPrefix} />
    </>
  );
}

function EvidenceFields(props: Props & { idPrefix: string; form: FormState }) {
  const { today, idPrefix, form } = props;
  const { formAction, pending, errors, value } = form;
  // What the inputs start from, kept as it was when they were filled in: a later refresh of the page
  // must not move the hidden version forward under someone's unsaved edits (the conflict check
  // would then let their save overwrite a change they never saw).
  const [editing] = useState(props.mode === 'edit' ? props.evidence : null);
  const start = (field: keyof EvidenceFormItem) => {
    const stored = editing?.[field];
    return stored === null || stored === undefined ? '' : String(stored);
  };
  const stance = value('stance', start('stance'));
  const stanceError = errors.stance?.length ? `${idPrefix}-stance-error` : undefined;

  return (
    <form action={formAction} className="form evidence-form" noValidate>
      {editing ? (
        <>
          <input type="hidden" name="evidenceId" value={editing.id} />
          {/* After a version conflict the server echoes the current version, so saving again applies. */}
          <input type="hidden" name="version" value={value('version', String(editing.version))} />
        </>
      ) : (
        <input type="hidden" name="claimId" value={props.mode === 'add' ? props.claimId : ''} />
      )}

      <Field name="url" idPrefix={idPrefix} label="Evidence URL" errors={errors.url}>
        {(p) => <input {...p} type="url" inputMode="url" placeholder="https://" maxLength={2048} defaultValue={value('url', start('url'))} required />}
      </Field>
      <Field name="title" idPrefix={idPrefix} label="Title" errors={errors.title}>
        {(p) => <input {...p} type="text" maxLength={500} defaultValue={value('title', start('title'))} required />}
      </Field>
      <div className="row">
        <PublisherNameField
          idPrefix={idPrefix}
          label="Publisher"
          defaultValue={value('publisher', start('publisherName'))}
          kindValue={value('publisherKind')}
          errors={errors.publisher ?? errors.publisherId}
          kindErrors={errors.publisherKind}
        />
        <Field name="publishedOn" idPrefix={idPrefix} label="Date" errors={errors.publishedOn}>
          {(p) => <input {...p} type="date" max={today} defaultValue={value('publishedOn', start('publishedOn'))} />}
        </Field>
      </div>

      <fieldset className={`evidence-stance${stanceError ? ' has-error' : ''}`} aria-describedby={stanceError}>
        <legend>Stance</legend>
        <div className="evidence-stance-options">
          {STANCES.map((option, index) => (
            <label key={option} className="evidence-stance-option">
              <input
                type="radio"
                name="stance"
                value={option}
                // The first option carries the field id, so the error summary's link lands on the group.
                id={index === 0 ? `${idPrefix}-stance` : `${idPrefix}-stance-${option}`}
                defaultChecked={stance === option}
                aria-invalid={stanceError ? true : undefined}
                required
              />
              {STANCE_LABELS[option]}
            </label>
          ))}
        </div>
        {stanceError ? (
          <p id={stanceError} className="field-error">
            {errors.stance?.join(' ')}
          </p>
        ) : null}
      </fieldset>

      <fieldset className="evidence-quote-fields">
        <legend>The quote that matters</legend>
        <p className="hint">The exact words, with a few words either side so the passage can be found again.</p>
        <Field name="quote.prefix" idPrefix={idPrefix} label="Text before the quote" errors={errors['quote.prefix']}>
          {(p) => <input {...p} type="text" maxLength={200} defaultValue={value('quote.prefix', start('quotePrefix'))} />}
        </Field>
        <Field name="quote.exact" idPrefix={idPrefix} label="Exact quote" errors={errors['quote.exact']}>
          {(p) => <textarea {...p} rows={3} maxLength={5000} defaultValue={value('quote.exact', start('quoteExact'))} />}
        </Field>
        <Field name="quote.suffix" idPrefix={idPrefix} label="Text after the quote" errors={errors['quote.suffix']}>
          {(p) => <input {...p} type="text" maxLength={200} defaultValue={value('quote.suffix', start('quoteSuffix'))} />}
        </Field>
      </fieldset>

      <Field name="note" idPrefix={idPrefix} label="Note" errors={errors.note} hint="Optional: why it matters, or what to keep in mind.">
        {(p) => <textarea {...p} rows={2} maxLength={4000} defaultValue={value('note', start('note'))} />}
      </Field>

      <div className="form-actions">
        <button type="submit" className="button primary" disabled={pending}>
          {pending ? 'Saving…' : editing ? 'Save changes' : 'Add evidence'}
        </button>
      </div>
    </form>
  );
}

/**
 * After a version conflict the server answers with the version now current; the page still shows
 * the old one. Refreshing it (the typed values stay: client state survives a refresh) lets the person
 * compare their input with what the other save changed before saving again.
 */
export function useRefreshAfterConflict(echoedVersion: string | undefined, shownVersion: number | null) {
  const router = useRouter();
  const stale = echoedVersion !== undefined && shownVersion !== null && echoedVersion !== String(shownVersion);
  useEffect(() => {
    if (stale) router.refresh();
  }, [stale, router]);
}
