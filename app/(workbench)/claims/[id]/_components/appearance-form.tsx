'use client';

import { Field } from '../../../_components/field';
import { FormStatus } from '../../../_components/form-status';
import { PublisherNameField } from '../../../_components/source-name-field';
import { useActionForm } from '../../../_components/use-action-form';
import { addAppearanceAction } from '../actions';
import { FormDisclosure, hasOutcome } from './form-disclosure';

interface Props {
  claimId: number;
  /** YYYY-MM-DD, the latest allowed date; computed on the server so the markup does not differ. */
  today?: string;
}

type FormState = ReturnType<typeof useActionForm>;

/** Records another place where the claim was made or reported. */
export function AppearanceForm(props: Props) {
  const form = useActionForm(addAppearanceAction);
  return <AppearanceFormBody {...props} form={form} />;
}

/**
 * The form in its disclosure, for the foot of the Appearances section; it opens by itself when the
 * form has an outcome to show (after a post without JavaScript it would otherwise sit hidden).
 */
export function AppearanceAdder(props: Props) {
  const form = useActionForm(addAppearanceAction);
  return (
    <FormDisclosure summary="Add an appearance" className="disclosure" defaultOpen={hasOutcome(form)} deferred="appearance">
      <AppearanceFormBody {...props} form={form} />
    </FormDisclosure>
  );
}

function AppearanceFormBody({ claimId, today, form }: Props & { form: FormState }) {
  const idPrefix = 'appearance-new';
  const { formAction, pending, errors, failed, succeeded, alertRef, formKey, value } = form;
  return (
    <>
      {/* Outside the re-mounted form, so the error summary keeps the focus it is given. */}
      <FormStatus failed={failed} succeeded={succeeded} alertRef={alertRef} idPrefix={idPrefix} />
      {/* Re-mounted after each submission: with the typed values after a failure, empty after a success. */}
      <form action={formAction} className="form appearance-form" noValidate key={formKey}>
        <input type="hidden" name="claimId" value={claimId} />
        <Field name="url" idPrefix={idPrefix} label="Appearance URL" errors={errors.url}>
          {(p) => <input {...p} type="url" inputMode="url" placeholder="https://" maxLength={2048} defaultValue={value('url')} required />}
        </Field>
        <Field name="title" idPrefix={idPrefix} label="Appearance title" errors={errors.title}>
          {(p) => <input {...p} type="text" maxLength={500} defaultValue={value('title')} required />}
        </Field>
        <div className="row">
          <PublisherNameField
            idPrefix={idPrefix}
            label="Publisher"
            defaultValue={value('publisher')}
            kindValue={value('publisherKind')}
            errors={errors.publisher ?? errors.publisherId}
            kindErrors={errors.publisherKind}
          />
          <Field name="publishedOn" idPrefix={idPrefix} label="Appearance date" errors={errors.publishedOn}>
            {(p) => <input {...p} type="date" max={today} defaultValue={value('publishedOn')} />}
          </Field>
        </div>
        <Field name="quote" idPrefix={idPrefix} label="Quoted text" errors={errors.quote} hint="The exact words as they appear there.">
          {(p) => <textarea {...p} rows={3} maxLength={5000} defaultValue={value('quote')} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={pending}>
            {pending ? 'Adding…' : 'Add appearance'}
          </button>
        </div>
      </form>
    </>
  );
}
