'use client';

import { useActionState, useEffect, useRef, useState } from 'react';
import { WEBHOOK_EVENTS, WEBHOOK_EVENT_LABELS } from '@/lib/webhooks/events';
import { Field } from '../../../_components/field';
import { FormStatus } from '../../../_components/form-status';
import { createWebhookAction } from '../actions';

const ID_PREFIX = 'webhook';

const eventInputId = (index: number, event: string) =>
  // The first checkbox carries the field's id, so the error summary's link lands on the group.
  index === 0 ? `${ID_PREFIX}-events` : `${ID_PREFIX}-events-${event.replace('.', '-')}`;

/**
 * Registers a webhook. Its secret comes back in this one response and is shown once; it is not
 * kept anywhere in the browser beyond this component's state.
 */
export function WebhookForm() {
  const [state, formAction, pending] = useActionState(createWebhookAction, null);
  const [seen, setSeen] = useState(state);
  const [generation, setGeneration] = useState(0);
  const alertRef = useRef<HTMLDivElement>(null);
  const failed = state?.ok === false ? state : null;
  const created = state?.ok === true ? state.data : null;

  // Re-key during render so the form re-mounts: with the typed values after a failure, empty after a success.
  if (state !== seen) {
    setSeen(state);
    setGeneration((g) => g + 1);
  }
  useEffect(() => {
    if (state?.ok === false) alertRef.current?.focus();
  }, [state, generation]);

  const errors = failed?.fieldErrors ?? {};
  const values = failed?.values ?? {};
  const chosen = failed ? (values.events ?? '').split(',') : [...WEBHOOK_EVENTS];
  const eventsErrorId = `${ID_PREFIX}-events-error`;

  return (
    <>
      <FormStatus failed={failed} succeeded={null} alertRef={alertRef} idPrefix={ID_PREFIX} />
      {created ? (
        <div role="status" className="notice success webhook-secret">
          <p>
            Webhook registered for <strong>{created.url}</strong>.
          </p>
          <p>
            <strong>Copy this secret now; it will not be shown again.</strong> Your receiver needs it to verify signatures.
          </p>
          <label htmlFor={`${ID_PREFIX}-secret`}>Signing secret</label>
          <input
            id={`${ID_PREFIX}-secret`}
            type="text"
            readOnly
            value={created.secret}
            spellCheck={false}
            autoComplete="off"
            onFocus={(event) => event.currentTarget.select()}
          />
        </div>
      ) : null}
      <form action={formAction} className="form webhook-form" noValidate key={String(generation)}>
        <Field
          name="url"
          idPrefix={ID_PREFIX}
          label="Receiver URL"
          errors={errors.url}
          hint="Where Claimbench POSTs the events: an http:// or https:// address of your CMS, not of Claimbench itself."
        >
          {(p) => <input {...p} type="url" inputMode="url" placeholder="https://" maxLength={2048} defaultValue={values.url ?? ''} required />}
        </Field>
        <fieldset className={`webhook-events${errors.events?.length ? ' has-error' : ''}`} aria-describedby={errors.events?.length ? eventsErrorId : undefined}>
          <legend>Events</legend>
          {WEBHOOK_EVENTS.map((event, index) => (
            <div className="field checkbox" key={event}>
              <input
                type="checkbox"
                id={eventInputId(index, event)}
                name="events"
                value={event}
                defaultChecked={chosen.includes(event)}
                aria-invalid={errors.events?.length ? true : undefined}
              />
              <label htmlFor={eventInputId(index, event)}>
                {WEBHOOK_EVENT_LABELS[event]} <code>{event}</code>
              </label>
            </div>
          ))}
          {errors.events?.length ? (
            <p id={eventsErrorId} className="field-error">
              {errors.events.join(' ')}
            </p>
          ) : null}
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={pending}>
            {pending ? 'Registering…' : 'Register webhook'}
          </button>
        </div>
      </form>
    </>
  );
}
