'use client';

import { FormStatus } from '../../../_components/form-status';
import { useActionForm } from '../../../_components/use-action-form';
import { deactivateWebhookAction } from '../actions';

interface Props {
  webhookId: number;
  url: string;
  active: boolean;
}

/** The "Deactivate" button of one webhook; stays mounted after success so the outcome is announced. */
export function DeactivateWebhookForm({ webhookId, url, active }: Props) {
  const { formAction, pending, failed, succeeded, alertRef, formKey } = useActionForm(deactivateWebhookAction);
  return (
    <div className="webhook-deactivate">
      <FormStatus failed={failed} succeeded={succeeded} alertRef={alertRef} idPrefix={`deactivate-${webhookId}`} />
      {active ? (
        <form action={formAction} key={formKey}>
          <input type="hidden" name="webhookId" value={webhookId} />
          <button type="submit" className="button danger" disabled={pending} aria-label={`Deactivate webhook ${url}`}>
            {pending ? 'Deactivating…' : 'Deactivate'}
          </button>
        </form>
      ) : null}
    </div>
  );
}
