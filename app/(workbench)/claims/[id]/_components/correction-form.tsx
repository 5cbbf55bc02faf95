'use client';

import { useActionState, useEffect, useRef, useState } from 'react';
import { RATING_SCALE } from '@/lib/review/rating-scale';
import { Field } from '../../../_components/field';
import { FormStatus } from '../../../_components/form-status';
import { correctVerdictAction, type CorrectionFormResult } from '../actions';
import { FormDisclosure } from './form-disclosure';
import { WordDiff } from './word-diff';

interface Props {
  claimId: number;
  draft: { version: number; label: string | null; headline: string; explanation: string; articleUrl: string | null; citedEvidenceIds: number[] };
  evidence: { id: number; title: string }[];
}

/** The draft version to send: the page's, or a newer one the server reported after a conflict. */
function latestVersion(echoed: string | undefined, fromPage: number): number {
  const n = Number(echoed);
  return Number.isInteger(n) && n > fromPage ? n : fromPage;
}

/**
 * The one form that corrects a published verdict: the edited verdict and the correction note go
 * together. "Review the correction" shows what changes against the published version; only from
 * there does "Publish correction" send it all, in one transaction. "Save draft" keeps the edits.
 */
export function CorrectionForm(props: Props) {
  const [state, formAction, pending] = useActionState<CorrectionFormResult, FormData>(correctVerdictAction, null);
  // The form is rendered when the disclosure opens; an answer (after a post without JavaScript) opens it.
  return (
    <FormDisclosure summary="Edit the verdict for a correction" className="disclosure" defaultOpen={state !== null} deferred="correction">
      <CorrectionFormBody {...props} state={state} formAction={formAction} pending={pending} />
    </FormDisclosure>
  );
}

function CorrectionFormBody({
  claimId,
  draft,
  evidence,
  state,
  formAction,
  pending,
}: Props & { state: CorrectionFormResult; formAction: (formData: FormData) => void; pending: boolean }) {
  const [seen, setSeen] = useState(state);
  const [generation, setGeneration] = useState(0);
  // Without JavaScript the page is rendered with the answer already in: a review starts confirming.
  const [editing, setEditing] = useState(() => !(state?.ok === true && state.data.review !== null));
  const alertRef = useRef<HTMLDivElement>(null);
  const reviewRef = useRef<HTMLHeadingElement>(null);

  // A new answer: re-mount the form with the values it carries; a review opens the confirmation.
  if (state !== seen) {
    setSeen(state);
    setGeneration((g) => g + 1);
    setEditing(!(state?.ok === true && state.data.review !== null));
  }
  useEffect(() => {
    if (state?.ok === false) alertRef.current?.focus();
    else if (!editing) reviewRef.current?.focus();
  }, [state, editing]);

  const failed = state?.ok === false ? state : null;
  const reviewed = state?.ok === true ? state.data : null;
  // After a failure, a review or "back", show what was typed; after a save or publication, the stored draft.
  const typed = failed?.values ?? (reviewed && reviewed.message === '' ? reviewed.values : null);
  const value = (name: string, fallback: string) => typed?.[name] ?? fallback;
  const errors = failed?.fieldErrors ?? {};
  const prefix = 'correction';
  const cited = new Set(value('citedEvidenceIds', draft.citedEvidenceIds.join(',')).split(','));
  const version = latestVersion(typed?.version, draft.version);

  if (!editing && reviewed?.review) {
    const { review, values } = reviewed;
    return (
      <section className="correction-review" aria-labelledby="correction-review-heading">
        <h3 id="correction-review-heading" tabIndex={-1} ref={reviewRef}>
          Check the correction before it goes public
        </h3>
        <p>
          Version {review.versionNumber + 1} will replace version {review.versionNumber} on the public page, in ClaimReview, the
          exports and the API. What changes:
        </p>
        {review.changes.map((change) => (
          <section key={change.field} className="correction-change" aria-labelledby={`change-${change.field}`}>
            <h4 id={`change-${change.field}`}>{change.label}</h4>
            <WordDiff parts={change.parts} />
          </section>
        ))}
        <section className="correction-change" aria-labelledby="change-note">
          <h4 id="change-note">Correction note (shown to the public)</h4>
          <p>{review.note}</p>
        </section>
        <form action={formAction} className="form compact">
          {Object.entries(values)
            .filter(([name]) => name !== 'step')
            .map(([name, v]) => (
              <input key={name} type="hidden" name={name} value={v} />
            ))}
          <div className="form-actions">
            <button type="submit" name="step" value="publish" className="button primary" disabled={pending}>
              Publish correction
            </button>
            <button
              type="submit"
              name="step"
              value="edit"
              className="button"
              disabled={pending}
              onClick={(event) => {
                // With JavaScript, going back needs no round trip; without it, the post brings the form back as typed.
                event.preventDefault();
                setEditing(true);
              }}
            >
              Back to editing
            </button>
          </div>
        </form>
      </section>
    );
  }

  return (
    <form action={formAction} key={generation} className="form compact" noValidate>
      <FormStatus failed={failed} succeeded={reviewed && !reviewed.review ? reviewed.message : null} alertRef={alertRef} idPrefix={prefix} />
      <input type="hidden" name="claimId" value={claimId} />
      <input type="hidden" name="version" value={version} />
      <Field name="label" idPrefix={prefix} label="Verdict rating" errors={errors.label}>
        {(p) => (
          <select {...p} defaultValue={value('label', draft.label ?? '')}>
            <option value="">Choose a rating…</option>
            {RATING_SCALE.map((s) => (
              <option key={s.label} value={s.label}>
                {s.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field name="headline" idPrefix={prefix} label="Headline" errors={errors.headline}>
        {(p) => <input {...p} type="text" maxLength={300} defaultValue={value('headline', draft.headline)} />}
      </Field>
      <Field name="explanation" idPrefix={prefix} label="Explanation" errors={errors.explanation}>
        {(p) => <textarea {...p} rows={6} maxLength={20000} defaultValue={value('explanation', draft.explanation)} />}
      </Field>
      <Field name="articleUrl" idPrefix={prefix} label="Article URL" errors={errors.articleUrl} hint="Where the desk publishes its fact-check, if already known.">
        {(p) => <input {...p} type="url" defaultValue={value('articleUrl', draft.articleUrl ?? '')} />}
      </Field>
      {evidence.length > 0 ? (
        <fieldset id={`${prefix}-citedEvidenceIds`}>
          <legend>Evidence the verdict rests on</legend>
          {evidence.map((item) => (
            <label key={item.id} className="check-option">
              <input type="checkbox" name="citedEvidenceIds" value={item.id} defaultChecked={cited.has(String(item.id))} />
              <span>{item.title}</span>
            </label>
          ))}
          {errors.citedEvidenceIds ? <p className="field-error">{errors.citedEvidenceIds.join(' ')}</p> : null}
        </fieldset>
      ) : null}
      <Field
        name="note"
        idPrefix={prefix}
        label="Correction note"
        errors={errors.note}
        hint="Shown on the public page and in exports: what changed and why. Not needed to save the draft."
      >
        {(p) => <textarea {...p} rows={3} maxLength={4000} defaultValue={value('note', '')} />}
      </Field>
      <div className="form-actions">
        <button type="submit" name="step" value="review" className="button primary" disabled={pending}>
          Review the correction
        </button>
        <button type="submit" name="step" value="save" className="button" disabled={pending}>
          Save draft
        </button>
      </div>
    </form>
  );
}
