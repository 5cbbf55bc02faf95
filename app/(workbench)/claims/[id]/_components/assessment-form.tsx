'use client';

import { RATING_SCALE } from '@/lib/review/rating-scale';
import { FormStatus } from '../../../_components/form-status';
import { useActionForm } from '../../../_components/use-action-form';
import { assessAction } from '../actions';

interface Props {
  claimId: number;
  evidence: { id: number; title: string }[];
  current: { label: string; confidence: number; rationale: string; citedEvidenceIds: number[] } | null;
}

export function AssessmentForm({ claimId, evidence, current }: Props) {
  const form = useActionForm(assessAction, { focusOnSuccess: true });
  const prefix = 'assessment';
  const cited = new Set((form.value('citedEvidenceIds', current?.citedEvidenceIds.join(',') ?? '')).split(','));
  const err = (name: string) => form.errors[name];
  return (
    <form action={form.formAction} key={form.formKey} className="form compact" noValidate>
      <FormStatus failed={form.failed} succeeded={form.succeeded} alertRef={form.alertRef} statusRef={form.statusRef} idPrefix={prefix} />
      <input type="hidden" name="claimId" value={claimId} />
      <fieldset className={err('label') ? 'has-error' : undefined} aria-describedby={err('label') ? `${prefix}-label-error` : undefined}>
        <legend>Rating</legend>
        <div className="rating-options" id={`${prefix}-label`}>
          {RATING_SCALE.map((step) => (
            <label key={step.label} className="rating-option">
              <input
                type="radio"
                name="label"
                value={step.label}
                defaultChecked={form.value('label', current?.label ?? '') === step.label}
              />
              <span>{step.name}</span>
            </label>
          ))}
        </div>
        {err('label') ? (
          <p id={`${prefix}-label-error`} className="field-error">
            {err('label')?.join(' ')}
          </p>
        ) : null}
      </fieldset>
      <div className={`field${err('confidence') ? ' has-error' : ''}`}>
        <label htmlFor={`${prefix}-confidence`}>Confidence (0–100)</label>
        <input
          id={`${prefix}-confidence`}
          name="confidence"
          type="number"
          inputMode="numeric"
          min={0}
          max={100}
          step={1}
          defaultValue={form.value('confidence', current ? String(current.confidence) : '')}
          aria-invalid={err('confidence') ? true : undefined}
          aria-describedby={err('confidence') ? `${prefix}-confidence-error` : undefined}
        />
        {err('confidence') ? (
          <p id={`${prefix}-confidence-error`} className="field-error">
            {err('confidence')?.join(' ')}
          </p>
        ) : null}
      </div>
      <div className={`field${err('rationale') ? ' has-error' : ''}`}>
        <label htmlFor={`${prefix}-rationale`}>Rationale</label>
        <textarea
          id={`${prefix}-rationale`}
          name="rationale"
          rows={3}
          maxLength={8000}
          defaultValue={form.value('rationale', current?.rationale ?? '')}
          aria-invalid={err('rationale') ? true : undefined}
          aria-describedby={err('rationale') ? `${prefix}-rationale-error` : undefined}
        />
        {err('rationale') ? (
          <p id={`${prefix}-rationale-error`} className="field-error">
            {err('rationale')?.join(' ')}
          </p>
        ) : null}
      </div>
      {evidence.length > 0 ? (
        <fieldset id={`${prefix}-citedEvidenceIds`}>
          <legend>Evidence this rating rests on</legend>
          {evidence.map((item) => (
            <label key={item.id} className="check-option">
              <input type="checkbox" name="citedEvidenceIds" value={item.id} defaultChecked={cited.has(String(item.id))} />
              <span>{item.title}</span>
            </label>
          ))}
          {err('citedEvidenceIds') ? <p className="field-error">{err('citedEvidenceIds')?.join(' ')}</p> : null}
        </fieldset>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={form.pending}>
          {current ? 'Update assessment' : 'Submit assessment'}
        </button>
      </div>
    </form>
  );
}
