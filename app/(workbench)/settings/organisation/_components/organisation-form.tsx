'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { REQUIRED_ASSESSMENTS_MAX, REQUIRED_ASSESSMENTS_MIN } from '@/lib/validation/organisation';
import { Field } from '../../../_components/field';
import { FormStatus } from '../../../_components/form-status';
import { useActionForm } from '../../../_components/use-action-form';
import { updateOrganisationAction } from '../actions';

interface Props {
  name: string;
  url: string;
  requiredAssessments: number;
  version: number;
  defaults: { name: string; url: string; requiredAssessments: number };
}

export function OrganisationForm({ name, url, requiredAssessments, version, defaults }: Props) {
  const form = useActionForm(updateOrganisationAction);
  const router = useRouter();
  const prefix = 'organisation';
  const echoed = form.failed?.values.version;
  const stale = echoed !== undefined && echoed !== String(version);
  // After a version conflict, show the settings as they now are (the typed values stay in the form).
  useEffect(() => {
    if (stale) router.refresh();
  }, [stale, router]);
  return (
    // One grid with the form, so the outcome keeps the form's spacing.
    <div className="form-with-status">
      <FormStatus failed={form.failed} succeeded={form.succeeded} alertRef={form.alertRef} idPrefix={prefix} />
      <form action={form.formAction} key={`${form.formKey}-${version}`} className="form" noValidate>
        <input type="hidden" name="version" value={form.value('version', String(version))} />
        <Field
          name="name"
          idPrefix={prefix}
          label="Organisation name"
          errors={form.errors.name}
          hint={`Shown on public verdict pages and as the author of ClaimReview. Default: ${defaults.name}.`}
        >
          {(p) => <input {...p} type="text" maxLength={200} defaultValue={form.value('name', name)} required />}
        </Field>
        <Field
          name="url"
          idPrefix={prefix}
          label="Organisation URL"
          errors={form.errors.url}
          hint={`The organisation’s public website, linked from ClaimReview. Default: ${defaults.url}.`}
        >
          {(p) => <input {...p} type="url" inputMode="url" maxLength={2048} defaultValue={form.value('url', url)} required />}
        </Field>
        <Field
          name="requiredAssessments"
          idPrefix={prefix}
          label="Assessments needed to publish"
          errors={form.errors.requiredAssessments}
          hint={`Current assessments by different reviewers a claim needs before an editor can publish its verdict, from ${REQUIRED_ASSESSMENTS_MIN} to ${REQUIRED_ASSESSMENTS_MAX}. Default: ${defaults.requiredAssessments}.`}
        >
          {(p) => (
            <input
              {...p}
              type="number"
              inputMode="numeric"
              min={REQUIRED_ASSESSMENTS_MIN}
              max={REQUIRED_ASSESSMENTS_MAX}
              step={1}
              defaultValue={form.value('requiredAssessments', String(requiredAssessments))}
              required
            />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={form.pending}>
            {form.pending ? 'Saving…' : 'Save settings'}
          </button>
        </div>
      </form>
    </div>
  );
}
