'use client';

import { useActionState, useEffect, useRef } from 'react';
import { createClaimAction } from '../actions';
import { Field } from '../../../_components/field';
import { ClaimantSuggestions, PublisherNameField, PublisherSuggestions } from '../../../_components/source-name-field';
import { ClaimCoreFields, QuantityFields } from '../../_components/claim-fields';

/** What a new claim's fields start from. */
const DEFAULTS: Record<string, string> = { language: 'en' };

interface Props {
  /** Suggested names only: the claimant and publisher are typed and resolved by the server. */
  claimants: string[];
  publishers: string[];
  measures: { id: number; name: string; unit: string }[];
  today: string;
}

export function ClaimForm({ claimants, publishers, measures, today }: Props) {
  const [state, action, pending] = useActionState(createClaimAction, null);
  const alertRef = useRef<HTMLDivElement>(null);
  const failed = state?.ok === false ? state : null;
  const errors = failed?.fieldErrors ?? {};
  const values = failed?.values ?? {};
  const v = (name: string) => values[name] ?? DEFAULTS[name] ?? '';

  useEffect(() => {
    if (failed) alertRef.current?.focus();
  }, [failed]);

  return (
    // Re-mounting on each failed attempt shows the submitted values (React resets forms after actions).
    <form action={action} className="form claim-form" noValidate key={JSON.stringify(values)}>
      <ClaimantSuggestions names={claimants} />
      <PublisherSuggestions names={publishers} />
      {failed ? (
        <div role="alert" className="form-alert" tabIndex={-1} ref={alertRef}>
          <p>{failed.message}</p>
          {Object.keys(errors).length > 0 ? (
            <ul>
              {Object.entries(errors).map(([name, messages]) => (
                <li key={name}>
                  <a href={`#field-${name.replace(/\./g, '-')}`}>{messages[0]}</a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      <fieldset>
        <legend>The claim</legend>
        <ClaimCoreFields errors={errors} value={v} today={today} />
      </fieldset>

      <fieldset>
        <legend>First appearance</legend>
        <div className="row">
          <Field name="appearance.url" label="Appearance URL" errors={errors['appearance.url']} className="grow">
            {(p) => <input {...p} type="url" inputMode="url" placeholder="https://" defaultValue={v('appearance.url')} required />}
          </Field>
        </div>
        <Field name="appearance.title" label="Appearance title" errors={errors['appearance.title']}>
          {(p) => <input {...p} type="text" maxLength={500} defaultValue={v('appearance.title')} required />}
        </Field>
        <div className="row">
          <PublisherNameField
            name="appearance.publisher"
            idPrefix="field"
            label="Publisher"
            defaultValue={v('appearance.publisher')}
            kindValue={v('appearance.publisherKind')}
            errors={errors['appearance.publisher']}
            kindErrors={errors['appearance.publisherKind']}
          />
          <Field name="appearance.publishedOn" label="Appearance date" errors={errors['appearance.publishedOn']}>
            {(p) => <input {...p} type="date" max={today} defaultValue={v('appearance.publishedOn')} />}
          </Field>
        </div>
        <Field name="appearance.quote" label="Quoted text" errors={errors['appearance.quote']} hint="The exact words as they appear there.">
          {(p) => <textarea {...p} rows={3} maxLength={5000} defaultValue={v('appearance.quote')} />}
        </Field>
      </fieldset>

      <QuantityFields
        errors={errors}
        value={v}
        today={today}
        measures={measures}
        legend="Quantity (optional)"
        hint="Only for claims that state a figure. Leave blank otherwise."
      />

      <div className="form-actions">
        <button type="submit" className="button primary" disabled={pending}>
          {pending ? 'Creating…' : 'Create claim'}
        </button>
      </div>
    </form>
  );
}
