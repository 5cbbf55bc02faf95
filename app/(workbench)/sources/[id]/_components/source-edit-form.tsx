'use client';

import { useState } from 'react';
import { SOURCE_KINDS } from '@/lib/vocabulary';
import { SOURCE_KIND_LABELS } from '@/lib/display/labels';
import { Field } from '../../../_components/field';
import { FormStatus } from '../../../_components/form-status';
import { useActionForm } from '../../../_components/use-action-form';
import { FormDisclosure, hasOutcome } from '../../../claims/[id]/_components/form-disclosure';
import { useRefreshAfterConflict } from '../../../claims/[id]/_components/evidence-form';
import { editSourceAction } from '../actions';

export interface SourceEditStart {
  id: number;
  version: number;
  name: string;
  kind: string;
  url: string | null;
  notes: string;
}

const ID_PREFIX = 'source-edit';

/** "Edit source": name, kind, URL and notes, saved at the version shown. */
export function SourceEditor({ source }: { source: SourceEditStart }) {
  const form = useActionForm(editSourceAction);
  useRefreshAfterConflict(form.failed?.values.version, source.version);
  return (
    <FormDisclosure summary="Edit source" className="disclosure" defaultOpen={hasOutcome(form)}>
      <FormStatus failed={form.failed} succeeded={form.succeeded} alertRef={form.alertRef} idPrefix={ID_PREFIX} />
      <SourceEditFields key={form.formKey} source={source} form={form} />
    </FormDisclosure>
  );
}

function SourceEditFields({ source, form }: { source: SourceEditStart; form: ReturnType<typeof useActionForm> }) {
  const { formAction, pending, errors, value } = form;
  // Kept as first filled in, so a refresh cannot move the version forward under unsaved edits.
  const [editing] = useState(source);
  return (
    <form action={formAction} className="form" noValidate>
      <input type="hidden" name="sourceId" value={editing.id} />
      {/* After a version conflict the server echoes the current version, so saving again applies. */}
      <input type="hidden" name="version" value={value('version', String(editing.version))} />
      <div className="row">
        <Field name="name" idPrefix={ID_PREFIX} label="Name" errors={errors.name} className="grow">
          {(p) => <input {...p} type="text" maxLength={200} defaultValue={value('name', editing.name)} required />}
        </Field>
        <Field name="kind" idPrefix={ID_PREFIX} label="Kind" errors={errors.kind}>
          {(p) => (
            <select {...p} defaultValue={value('kind', editing.kind)} required>
              {SOURCE_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {SOURCE_KIND_LABELS[kind]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field name="url" idPrefix={ID_PREFIX} label="Website" errors={errors.url} hint="Optional: the source’s own site or profile.">
        {(p) => <input {...p} type="url" inputMode="url" placeholder="https://" maxLength={2048} defaultValue={value('url', editing.url ?? '')} />}
      </Field>
      <Field name="notes" idPrefix={ID_PREFIX} label="Notes" errors={errors.notes} hint="Optional: who they are, and anything a fact-checker should know.">
        {(p) => <textarea {...p} rows={3} maxLength={2000} defaultValue={value('notes', editing.notes)} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={pending}>
          {pending ? 'Saving…' : 'Save changes'}
        </button>
      </div>
    </form>
  );
}
