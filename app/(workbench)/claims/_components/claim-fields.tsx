import { BOUND_KINDS, MODALITIES } from '@/lib/vocabulary';
import type { FieldErrors } from '@/lib/errors';
import { BOUND_LABELS, MODALITY_LABELS } from '@/lib/display/labels';
import { Field } from '../../_components/field';
import { CLAIMANT_SUGGESTIONS_ID, SourceNameField } from '../../_components/source-name-field';

/**
 * The fields of a claim, shared by the new-claim form and the claim page's edit form so both ask
 * the same questions with the same labels, hints and limits. Field names are the zod schema's paths
 * (lib/validation/claim.ts); `value` gives what each control starts from.
 */
interface Common {
  errors: FieldErrors;
  value: (name: string) => string;
  /** Distinguishes ids when one page holds several forms with the same field names. */
  idPrefix?: string;
  /** YYYY-MM-DD, the latest allowed date; computed on the server so the markup does not differ. */
  today: string;
}

/** Statement, claimant (typed by name, resolved by the server on save), date made, language and context. */
export function ClaimCoreFields({ errors, value, idPrefix, today }: Common) {
  return (
    <>
      <Field name="statement" idPrefix={idPrefix} label="Statement" errors={errors.statement} hint="In the claimant’s words, or a faithful paraphrase. One checkable statement.">
        {(p) => <textarea {...p} rows={3} maxLength={1200} defaultValue={value('statement')} required />}
      </Field>
      <div className="row">
        <SourceNameField
          name="claimant"
          idPrefix={idPrefix ?? 'field'}
          label="Claimant"
          hint="Who made it: type the name of a person, body or outlet."
          list={CLAIMANT_SUGGESTIONS_ID}
          defaultValue={value('claimant')}
          kindValue={value('claimantKind')}
          errors={errors.claimant}
          kindErrors={errors.claimantKind}
          kindLabel="Claimant’s kind, to add it as a new source"
          required
        />
        <Field name="claimedOn" idPrefix={idPrefix} label="Date made" errors={errors.claimedOn}>
          {(p) => <input {...p} type="date" max={today} defaultValue={value('claimedOn')} required />}
        </Field>
      </div>
      <div className="row">
        <Field name="language" idPrefix={idPrefix} label="Language" errors={errors.language} hint="A code such as en or pt-BR.">
          {(p) => <input {...p} type="text" maxLength={20} defaultValue={value('language')} />}
        </Field>
      </div>
      <Field name="context" idPrefix={idPrefix} label="Context" errors={errors.context} hint="Optional: the circumstances in which it was said.">
        {(p) => <textarea {...p} rows={2} maxLength={4000} defaultValue={value('context')} />}
      </Field>
    </>
  );
}

/** The optional quantity: measure, unit, bound with its value or bounds, modality and as-of date. */
export function QuantityFields({
  errors,
  value,
  idPrefix = 'field',
  today,
  measures,
  legend,
  hint,
}: Common & { measures: { id: number; name: string }[]; legend: string; hint: string }) {
  const listId = `${idPrefix}-measure-options`;
  return (
    <fieldset>
      <legend>{legend}</legend>
      <p className="hint">{hint}</p>
      <div className="row">
        <Field name="quantity.measure" idPrefix={idPrefix} label="Measure" errors={errors['quantity.measure']} hint="Name the quantity, not what the claim says of it (“North Korean troops in Russia”, not “troops that could be deployed”): the modality below says that, so competing figures line up." className="grow">
          {(p) => <input {...p} type="text" list={listId} maxLength={200} defaultValue={value('quantity.measure')} />}
        </Field>
        <datalist id={listId}>
          {measures.map((m) => (
            <option key={m.id} value={m.name} />
          ))}
        </datalist>
        <Field name="quantity.unit" idPrefix={idPrefix} label="Unit" errors={errors['quantity.unit']}>
          {(p) => <input {...p} type="text" maxLength={50} defaultValue={value('quantity.unit')} />}
        </Field>
      </div>
      <div className="row">
        <Field name="quantity.bound" idPrefix={idPrefix} label="Bound" errors={errors['quantity.bound']}>
          {(p) => (
            <select {...p} defaultValue={value('quantity.bound')}>
              <option value="">—</option>
              {BOUND_KINDS.map((b) => (
                <option key={b} value={b}>
                  {BOUND_LABELS[b]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="quantity.value" idPrefix={idPrefix} label="Value" errors={errors['quantity.value']}>
          {(p) => <input {...p} type="text" inputMode="decimal" defaultValue={value('quantity.value')} />}
        </Field>
        <Field name="quantity.low" idPrefix={idPrefix} label="Low" errors={errors['quantity.low']}>
          {(p) => <input {...p} type="text" inputMode="decimal" defaultValue={value('quantity.low')} />}
        </Field>
        <Field name="quantity.high" idPrefix={idPrefix} label="High" errors={errors['quantity.high']}>
          {(p) => <input {...p} type="text" inputMode="decimal" defaultValue={value('quantity.high')} />}
        </Field>
      </div>
      <div className="row">
        <Field name="quantity.modality" idPrefix={idPrefix} label="Modality" errors={errors['quantity.modality']} hint="“Have been sent” is a reported fact; “could be deployed” is a projection.">
          {(p) => (
            <select {...p} defaultValue={value('quantity.modality')}>
              <option value="">—</option>
              {MODALITIES.map((m) => (
                <option key={m} value={m}>
                  {MODALITY_LABELS[m]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="quantity.asOf" idPrefix={idPrefix} label="As of" errors={errors['quantity.asOf']}>
          {(p) => <input {...p} type="date" max={today} defaultValue={value('quantity.asOf')} />}
        </Field>
      </div>
    </fieldset>
  );
}
