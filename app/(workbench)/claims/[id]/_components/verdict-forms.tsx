'use client';

import { RATING_SCALE } from '@/lib/review/rating-scale';
import { Field } from '../../../_components/field';
import { FormStatus } from '../../../_components/form-status';
import { useActionForm } from '../../../_components/use-action-form';
import { retractVerdictAction, saveVerdictDraftAction } from '../actions';
import { FormDisclosure, hasOutcome } from './form-disclosure';

/**
 * The version to save against: the page's (fresh after every save) or, after a conflict, the one
 * the server reported — whichever is newer, since versions only grow.
 */
export function latestVersion(echoed: string, fromPage: number): number {
  const n = Number(echoed);
  return Number.isInteger(n) && n > fromPage ? n : fromPage;
}

interface DraftProps {
  /** The disclosure's words: "Write the verdict", or "Edit the verdict for a correction" once one is out. */
  summary: string;
  /** Open from the start (nothing is published yet). */
  startOpen: boolean;
  claimId: number;
  draft: { version: number; label: string | null; headline: string; explanation: string; articleUrl: string | null; citedEvidenceIds: number[] } | null;
  evidence: { id: number; title: string }[];
}

/** The verdict draft in its disclosure, rendered when opened (FormDisclosure's `deferred`). */
export function VerdictDraftForm({ summary, startOpen, claimId, draft, evidence }: DraftProps) {
  const form = useActionForm(saveVerdictDraftAction);
  const prefix = 'verdict';
  const cited = new Set(form.value('citedEvidenceIds', draft?.citedEvidenceIds.join(',') ?? '').split(','));
  return (
    <FormDisclosure summary={summary} className="disclosure" defaultOpen={startOpen || hasOutcome(form)} deferred="verdict-draft">
      <form action={form.formAction} key={form.formKey} className="form compact" noValidate>
        <FormStatus failed={form.failed} succeeded={form.succeeded} alertRef={form.alertRef} idPrefix={prefix} />
        <input type="hidden" name="claimId" value={claimId} />
        <input type="hidden" name="version" value={latestVersion(form.value('version'), draft?.version ?? 0)} />
        <Field name="label" idPrefix={prefix} label="Verdict rating" errors={form.errors.label}>
          {(p) => (
            <select {...p} defaultValue={form.value('label', draft?.label ?? '')}>
              <option value="">Choose a rating…</option>
              {RATING_SCALE.map((s) => (
                <option key={s.label} value={s.label}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="headline" idPrefix={prefix} label="Headline" errors={form.errors.headline}>
          {(p) => <input {...p} type="text" maxLength={300} defaultValue={form.value('headline', draft?.headline ?? '')} />}
        </Field>
        <Field name="explanation" idPrefix={prefix} label="Explanation" errors={form.errors.explanation}>
          {(p) => <textarea {...p} rows={6} maxLength={20000} defaultValue={form.value('explanation', draft?.explanation ?? '')} />}
        </Field>
        <Field name="articleUrl" idPrefix={prefix} label="Article URL" errors={form.errors.articleUrl} hint="Where the desk publishes its fact-check, if already known.">
          {(p) => <input {...p} type="url" defaultValue={form.value('articleUrl', draft?.articleUrl ?? '')} />}
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
            {form.errors.citedEvidenceIds ? <p className="field-error">{form.errors.citedEvidenceIds.join(' ')}</p> : null}
          </fieldset>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button" disabled={form.pending}>
            Save draft
          </button>
        </div>
      </form>
    </FormDisclosure>
  );
}

/** "Retract the verdict": withdraws the published verdict as the next version; the note says why. Rendered when opened. */
export function RetractVerdictForm({ claimId, draftVersion }: { claimId: number; draftVersion: number }) {
  const form = useActionForm(retractVerdictAction);
  const prefix = 'amend-retraction';
  return (
    <FormDisclosure summary="Retract the verdict" className="disclosure" defaultOpen={hasOutcome(form)} deferred="retract-verdict">
      <form action={form.formAction} key={form.formKey} className="form compact" noValidate>
        <FormStatus failed={form.failed} succeeded={form.succeeded} alertRef={form.alertRef} idPrefix={prefix} />
        <input type="hidden" name="claimId" value={claimId} />
        <input type="hidden" name="kind" value="retraction" />
        <input type="hidden" name="version" value={latestVersion(form.value('version'), draftVersion)} />
        <Field name="note" idPrefix={prefix} label="Retraction note" errors={form.errors.note} hint="Shown on the public page: why the verdict is withdrawn.">
          {(p) => <textarea {...p} rows={3} maxLength={4000} defaultValue={form.value('note')} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button danger" disabled={form.pending}>
            Retract verdict
          </button>
        </div>
      </form>
    </FormDisclosure>
  );
}
