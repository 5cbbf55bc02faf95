'use client';

import { useActionState, useEffect, useRef } from 'react';
import { BOUND_KINDS, MODALITIES, SOURCE_KINDS } from '@/db/enums';
import { BOUND_LABELS, MODALITY_LABELS, SOURCE_KIND_LABELS } from '@/lib/labels';
import { createClaimAction } from '../actions';
import { Field } from '../../../_components/field';

interface Props {
  sources: { id: number; name: string; kind: string }[];
  measures: { id: number; name: string; unit: string }[];
  today: string;
}

export function ClaimForm({ sources, measures, today }: Props) {
  const [state, action, pending] = useActionState(createClaimAction, null);
  const alertRef = useRef<HTMLDivElement>(null);
  const failed = state?.ok === false ? state : null;
  const errors = failed?.fieldErrors ?? {};
  const values = failed?.values ?? {};
  const v = (name: string, fallback = '') => values[name] ?? fallback;

  useEffect(() => {
    if (failed) alertRef.current?.focus();
  }, [failed]);

  return (
    // Re-mounting on each failed attempt shows the submitted values (React resets forms after actions).
    <form action={action} className="form claim-form" noValidate key={JSON.stringify(values)}>
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
        <Field name="statement" label="Statement" errors={errors.statement} hint="In the claimant’s words, or a faithful paraphrase. One checkable statement.">
          {(p) => <textarea {...p} rows={3} maxLength={1200} defaultValue={v('statement')} required />}
        </Field>
        <div className="row">
          <Field name="claimantId" label="Claimant" errors={errors.claimantId}>
            {(p) => (
              <select {...p} defaultValue={v('claimantId')} required>
                <option value="">Choose who made it…</option>
                {sources.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
                <option value="new">New source…</option>
              </select>
            )}
          </Field>
          <Field name="claimedOn" label="Date made" errors={errors.claimedOn}>
            {(p) => <input {...p} type="date" max={today} defaultValue={v('claimedOn')} required />}
          </Field>
        </div>
        <div className="row subtle" aria-describedby="new-claimant-hint">
          <p id="new-claimant-hint" className="hint full">
            If the claimant is not in the list, choose “New source…” and name them here.
          </p>
          <Field name="newClaimant.name" label="New claimant name" errors={errors['newClaimant.name']}>
            {(p) => <input {...p} type="text" maxLength={200} defaultValue={v('newClaimant.name')} />}
          </Field>
          <Field name="newClaimant.kind" label="New claimant kind" errors={errors['newClaimant.kind']}>
            {(p) => (
              <select {...p} defaultValue={v('newClaimant.kind', 'person')}>
                {SOURCE_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {SOURCE_KIND_LABELS[kind]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="row">
          <Field name="language" label="Language" errors={errors.language} hint="A code such as en or pt-BR.">
            {(p) => <input {...p} type="text" maxLength={20} defaultValue={v('language', 'en')} />}
          </Field>
        </div>
        <Field name="context" label="Context" errors={errors.context} hint="Optional: the circumstances in which it was said.">
          {(p) => <textarea {...p} rows={2} maxLength={4000} defaultValue={v('context')} />}
        </Field>
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
          <Field name="appearance.publisherId" label="Publisher" errors={errors['appearance.publisherId']}>
            {(p) => (
              <select {...p} defaultValue={v('appearance.publisherId')}>
                <option value="">Not listed</option>
                {sources.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="appearance.publishedOn" label="Appearance date" errors={errors['appearance.publishedOn']}>
            {(p) => <input {...p} type="date" max={today} defaultValue={v('appearance.publishedOn')} />}
          </Field>
        </div>
        <Field name="appearance.quote" label="Quoted text" errors={errors['appearance.quote']} hint="The exact words as they appear there.">
          {(p) => <textarea {...p} rows={3} maxLength={5000} defaultValue={v('appearance.quote')} />}
        </Field>
      </fieldset>

      <fieldset>
        <legend>Quantity (optional)</legend>
        <p className="hint">Only for claims that state a figure. Leave blank otherwise.</p>
        <div className="row">
          <Field name="quantity.measure" label="Measure" errors={errors['quantity.measure']} hint="Which quantity it is about, so competing figures line up." className="grow">
            {(p) => <input {...p} type="text" list="measure-options" maxLength={200} defaultValue={v('quantity.measure')} />}
          </Field>
          <datalist id="measure-options">
            {measures.map((m) => (
              <option key={m.id} value={m.name} />
            ))}
          </datalist>
          <Field name="quantity.unit" label="Unit" errors={errors['quantity.unit']}>
            {(p) => <input {...p} type="text" maxLength={50} defaultValue={v('quantity.unit')} />}
          </Field>
        </div>
        <div className="row">
          <Field name="quantity.bound" label="Bound" errors={errors['quantity.bound']}>
            {(p) => (
              <select {...p} defaultValue={v('quantity.bound')}>
                <option value="">—</option>
                {BOUND_KINDS.map((b) => (
                  <option key={b} value={b}>
                    {BOUND_LABELS[b]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="quantity.value" label="Value" errors={errors['quantity.value']}>
            {(p) => <input {...p} type="text" inputMode="decimal" defaultValue={v('quantity.value')} />}
          </Field>
          <Field name="quantity.low" label="Low" errors={errors['quantity.low']}>
            {(p) => <input {...p} type="text" inputMode="decimal" defaultValue={v('quantity.low')} />}
          </Field>
          <Field name="quantity.high" label="High" errors={errors['quantity.high']}>
            {(p) => <input {...p} type="text" inputMode="decimal" defaultValue={v('quantity.high')} />}
          </Field>
        </div>
        <div className="row">
          <Field name="quantity.modality" label="Modality" errors={errors['quantity.modality']} hint="“Have been sent” is a reported fact; “could be deployed” is a projection.">
            {(p) => (
              <select {...p} defaultValue={v('quantity.modality')}>
                <option value="">—</option>
                {MODALITIES.map((m) => (
                  <option key={m} value={m}>
                    {MODALITY_LABELS[m]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="quantity.asOf" label="As of" errors={errors['quantity.asOf']}>
            {(p) => <input {...p} type="date" max={today} defaultValue={v('quantity.asOf')} />}
          </Field>
        </div>
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="button primary" disabled={pending}>
          {pending ? 'Creating…' : 'Create claim'}
        </button>
      </div>
    </form>
  );
}
