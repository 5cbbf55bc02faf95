'use client';

import { useActionState, useEffect, useRef, useState } from 'react';
import { RATING_SCALE } from '@/lib/review/rating-scale';
import { Field } from '../../../_components/field';
import { FormStatus } from '../../../_components/form-status';
import { publishVerdictAction, type PublishFormResult } from '../actions';
import { latestVersion } from './verdict-forms';

interface Props {
  claimId: number;
  draft: { version: number; label: string | null; headline: string; explanation: string; articleUrl: string | null; citedEvidenceIds: number[] } | null;
  evidence: { id: number; title: string }[];
  /** What the claim itself still lacks (evidence, ratings, disagreements): while any, publishing is closed. */
  blockers: string[];
  /** Set once the verdict is out: only the "published" message is left to show, at the same place. */
  published: boolean;
}

const BLOCKERS_ID = 'publish-blockers';

/**
 * The verdict of a claim not yet published (issue 14), in one form. "Publish verdict" is always
 * there: disabled, with the reasons beside it, while the claim is not ready; when it is, it asks
 * for a confirmation that says where the verdict becomes public and what the CMS will be sent,
 * then saves what is in the form and publishes it in one step. Works without JavaScript: every
 * step is a form post.
 */
export function VerdictPublishForm({ claimId, draft, evidence, blockers, published }: Props) {
  const [state, formAction, pending] = useActionState<PublishFormResult, FormData>(publishVerdictAction, null);
  const [seen, setSeen] = useState(state);
  const [generation, setGeneration] = useState(0);
  // Without JavaScript the page is rendered with the answer already in: a review starts confirming.
  const [editing, setEditing] = useState(() => !(state?.ok === true && state.data.review !== null));
  const alertRef = useRef<HTMLDivElement>(null);
  const confirmRef = useRef<HTMLHeadingElement>(null);

  // A new answer: re-mount the form with the values it carries; a review opens the confirmation.
  if (state !== seen) {
    setSeen(state);
    setGeneration((g) => g + 1);
    setEditing(!(state?.ok === true && state.data.review !== null));
  }
  useEffect(() => {
    if (state?.ok === false) alertRef.current?.focus();
    else if (!editing) confirmRef.current?.focus();
  }, [state, editing]);

  const failed = state?.ok === false ? state : null;
  const answered = state?.ok === true ? state.data : null;

  if (published) {
    return answered?.message ? (
      <p role="status" className="notice success">
        {answered.message}
      </p>
    ) : null;
  }

  if (!editing && answered?.review) {
    const { review, values } = answered;
    return (
      <section className="publish-confirm" aria-labelledby="publish-confirm-heading">
        <h3 id="publish-confirm-heading" tabIndex={-1} ref={confirmRef}>
          Publish this verdict?
        </h3>
        <dl className="publish-facts">
          <dt>Becomes public at</dt>
          <dd>
            <code className="public-url">{review.publicUrl}</code>, for anyone, signed in or not; also in ClaimReview, the exports and the API.
          </dd>
          <dt>The CMS will be sent</dt>
          {review.notifications.map((n) => (
            <dd key={n.event}>
              <code>{n.event}</code>{' '}
              {n.webhooks === 0
                ? '— no active webhook subscribes to it, so no CMS is notified'
                : `to ${n.webhooks} active ${n.webhooks === 1 ? 'webhook' : 'webhooks'}`}
            </dd>
          ))}
          <dt>Headline</dt>
          <dd>{values.headline}</dd>
        </dl>
        <p className="muted">What is in the form is saved and published together. A change after this needs a correction, with a note the public sees.</p>
        <form action={formAction} className="form compact">
          {Object.entries(values)
            .filter(([name]) => name !== 'step' && name !== 'citedEvidenceIds')
            .map(([name, v]) => (
              <input key={name} type="hidden" name={name} value={v} />
            ))}
          {(values.citedEvidenceIds ?? '')
            .split(',')
            .filter((id) => id !== '')
            .map((id) => (
              <input key={`cite-${id}`} type="hidden" name="citedEvidenceIds" value={id} />
            ))}
          <div className="form-actions">
            <button type="submit" name="step" value="publish" className="button primary" disabled={pending}>
              Publish now
            </button>
            <button type="submit" name="step" value="edit" className="button" disabled={pending} onClick={(event) => {
              // With JavaScript, going back needs no round trip; without it, the post brings the form back.
              event.preventDefault();
              setEditing(true);
            }}>
              Back to editing
            </button>
          </div>
        </form>
      </section>
    );
  }

  // After a failure, a review or "back", show what was typed; after a save, the stored draft.
  const typed = failed?.values ?? (answered && answered.message === '' ? answered.values : null);
  const value = (name: string, fallback: string) => typed?.[name] ?? fallback;
  const errors = failed?.fieldErrors ?? {};
  const prefix = 'verdict';
  const cited = new Set(value('citedEvidenceIds', draft?.citedEvidenceIds.join(',') ?? '').split(','));
  const version = latestVersion(typed?.version ?? '', draft?.version ?? 0);
  const blocked = blockers.length > 0;

  return (
    <form action={formAction} key={generation} className="form compact" noValidate>
      <FormStatus failed={failed} succeeded={answered?.message ? answered.message : null} alertRef={alertRef} idPrefix={prefix} />
      <input type="hidden" name="claimId" value={claimId} />
      <input type="hidden" name="version" value={version} />
      <Field name="label" idPrefix={prefix} label="Verdict rating" errors={errors.label}>
        {(p) => (
          <select {...p} defaultValue={value('label', draft?.label ?? '')}>
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
        {(p) => <input {...p} type="text" maxLength={300} defaultValue={value('headline', draft?.headline ?? '')} />}
      </Field>
      <Field name="explanation" idPrefix={prefix} label="Explanation" errors={errors.explanation}>
        {(p) => <textarea {...p} rows={6} maxLength={20000} defaultValue={value('explanation', draft?.explanation ?? '')} />}
      </Field>
      <Field name="articleUrl" idPrefix={prefix} label="Article URL" errors={errors.articleUrl} hint="Where the desk publishes its fact-check, if already known.">
        {(p) => <input {...p} type="url" defaultValue={value('articleUrl', draft?.articleUrl ?? '')} />}
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
      <div className="form-actions publish-actions">
        <button
          type="submit"
          name="step"
          value="review"
          className="button primary"
          disabled={pending || blocked}
          aria-describedby={blocked ? BLOCKERS_ID : 'publish-how'}
        >
          Publish verdict
        </button>
        <button type="submit" name="step" value="save" className="button" disabled={pending}>
          Save draft
        </button>
      </div>
      {blocked ? (
        <div id={BLOCKERS_ID} className="publish-blockers">
          <p>Publishing opens once the claim is ready. Still needed:</p>
          <ul>
            {blockers.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p id="publish-how" className="hint">
          Publishing saves what is in this form and publishes it, after you confirm.
        </p>
      )}
    </form>
  );
}
