'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { RATING_SCALE } from '@/lib/review/rating-scale';
import { FormStatus } from '../../../_components/form-status';
import { useActionForm } from '../../../_components/use-action-form';
import { setRatingMappingAction, type FactcheckFormResult } from '../actions';
import { useAnnounceMapping } from './mapping-status';

interface Props {
  publisherKey: string;
  ratingKey: string;
  /** The mapping's label, or the proposal for a queue entry (preselected, applied only on save). */
  label: string | null;
  /** The mapping's version; 0 for a label not mapped yet. */
  version: number;
  /** Unique per row, for the ids of its fields. */
  idPrefix: string;
  /** What the label is, for the select's accessible name. */
  caption: string;
  button: string;
}

const TARGETS = [...RATING_SCALE.map((step) => ({ value: step.label as string, name: step.name })), { value: 'no_equivalent', name: 'No equivalent' }];

/** One publisher label's mapping: a select and a save button, at the version it was read. */
export function MappingForm({ publisherKey, ratingKey, label, version, idPrefix, caption, button }: Props) {
  const announce = useAnnounceMapping();
  // The success message goes to the page's note as the action returns (this row may be gone after the refresh).
  const form = useActionForm(async (previous: FactcheckFormResult, formData: FormData) => {
    announce(null);
    const result = await setRatingMappingAction(previous, formData);
    if (result?.ok) announce(result.data.message);
    return result;
  });
  const router = useRouter();
  const echoed = form.failed?.values.version;
  const stale = echoed !== undefined && echoed !== String(version);
  useEffect(() => {
    if (stale) router.refresh();
  }, [stale, router]);
  const id = `${idPrefix}-label`;
  return (
    <div className="mapping-form">
      <FormStatus failed={form.failed} succeeded={null} alertRef={form.alertRef} idPrefix={idPrefix} />
      <form action={form.formAction} key={`${form.formKey}-${version}`} className="inline-form" noValidate>
        <input type="hidden" name="publisherKey" value={publisherKey} />
        <input type="hidden" name="ratingKey" value={ratingKey} />
        <input type="hidden" name="version" value={form.value('version', String(version))} />
        <label htmlFor={id} className="visually-hidden">
          {caption}
        </label>
        <select id={id} name="label" defaultValue={form.value('label', label ?? '')} required aria-invalid={form.errors.label ? true : undefined}>
          <option value="" disabled>
            Choose…
          </option>
          {TARGETS.map((target) => (
            <option key={target.value} value={target.value}>
              {target.name}
            </option>
          ))}
        </select>
        <button type="submit" className="button" disabled={form.pending}>
          {form.pending ? 'Saving…' : button}
        </button>
      </form>
    </div>
  );
}
