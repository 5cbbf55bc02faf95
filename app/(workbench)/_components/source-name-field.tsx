import { SOURCE_KINDS } from '@/lib/vocabulary';
import { SOURCE_KIND_LABELS } from '@/lib/display/labels';
import { Field } from './field';

/** The id of the page's one list of suggested publisher names (see PublisherSuggestions). */
export const PUBLISHER_SUGGESTIONS_ID = 'publisher-suggestions';
/** The id of the page's one list of suggested claimant names (see ClaimantSuggestions). */
export const CLAIMANT_SUGGESTIONS_ID = 'claimant-suggestions';

interface Props {
  idPrefix: string;
  label: string;
  /** The name shown: the current source's, or what was typed before a failed save. */
  defaultValue: string;
  /** The kind chosen before a failed save, if any. */
  kindValue: string;
  errors?: string[];
  kindErrors?: string[];
}

/**
 * A source named by typing, not picked from a select of every source: the server resolves the name
 * (ignoring case) when the form is saved, so it works without JavaScript and costs the page nothing
 * however many sources there are. A datalist offers the most used. When the name matches no source,
 * the save fails with an error next to the field and a kind select appears: choosing a kind and
 * saving again adds the source.
 */
export function PublisherNameField(props: Props & { name?: string }) {
  return <SourceNameField name="publisher" {...props} list={PUBLISHER_SUGGESTIONS_ID} hint="Type the name; leave blank if not known." />;
}

/**
 * The same typed field for any source: `name` is the field's path (its kind is `${name}Kind`),
 * `list` the id of the datalist it suggests from.
 */
export function SourceNameField({
  name,
  idPrefix,
  label,
  defaultValue,
  kindValue,
  errors,
  kindErrors,
  list,
  hint,
  required,
  kindLabel = 'Kind, to add it as a new source',
}: Props & { name: string; list: string; hint?: string; required?: boolean; kindLabel?: string }) {
  const askKind = Boolean(errors?.length || kindErrors?.length || kindValue);
  return (
    <>
      <Field name={name} idPrefix={idPrefix} label={label} errors={errors} hint={hint}>
        {(p) => <input {...p} type="text" list={list} maxLength={200} autoComplete="off" defaultValue={defaultValue} required={required} />}
      </Field>
      {askKind ? (
        <Field name={`${name}Kind`} idPrefix={idPrefix} label={kindLabel} errors={kindErrors}>
          {(p) => (
            <select {...p} defaultValue={kindValue}>
              <option value="">Choose a kind…</option>
              {SOURCE_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {SOURCE_KIND_LABELS[kind]}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
    </>
  );
}

/** The suggested names, rendered once per page on the server; every publisher field lists it. */
export function PublisherSuggestions({ names }: { names: string[] }) {
  return <SourceSuggestions id={PUBLISHER_SUGGESTIONS_ID} names={names} />;
}

/** The claimants of the most recent claims, for the claimant field of the claim forms. */
export function ClaimantSuggestions({ names }: { names: string[] }) {
  return <SourceSuggestions id={CLAIMANT_SUGGESTIONS_ID} names={names} />;
}

function SourceSuggestions({ id, names }: { id: string; names: string[] }) {
  return (
    <datalist id={id}>
      {names.map((name) => (
        <option key={name} value={name} />
      ))}
    </datalist>
  );
}
