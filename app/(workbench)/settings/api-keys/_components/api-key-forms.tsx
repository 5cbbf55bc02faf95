'use client';

import { useActionState } from 'react';
import { API_SCOPES } from '@/lib/vocabulary';
import { FormStatus } from '../../../_components/form-status';
import { useActionForm } from '../../../_components/use-action-form';
import { createApiKeyAction, reassignApiKeyAction, revokeApiKeyAction } from '../actions';

const SCOPE_HELP: Record<(typeof API_SCOPES)[number], string> = {
  'verdicts:read': 'read published verdicts, claims and ClaimReview',
  'claims:write': 'submit claims and report article URLs',
  'export:read': 'download exports',
  'claims:read': 'find desk claims and fact-checks like a text ("checked before?")',
};

/** The expiries offered, in days ('' = never). */
const EXPIRY_CHOICES = [
  ['', 'Never'],
  ['30', 'After 30 days'],
  ['90', 'After 90 days'],
  ['180', 'After 180 days'],
  ['365', 'After a year'],
] as const;

export function CreateApiKeyForm() {
  const [state, action, pending] = useActionState(createApiKeyAction, null);
  const failed = state?.ok === false ? state : null;
  const created = state?.ok === true ? state.data : null;
  return (
    <>
      {created?.key ? (
        <div role="status" className="notice success secret">
          <p>
            <strong>{created.message}</strong> Copy this key now; it is stored only as a hash and will not be shown again.
          </p>
          <p>
            <code>{created.key}</code>
          </p>
        </div>
      ) : null}
      <form action={action} className="form compact" noValidate>
        {failed ? (
          <div role="alert" className="form-alert">
            <p>{failed.message}</p>
            <ul>
              {Object.entries(failed.fieldErrors).map(([name, messages]) => (
                <li key={name}>{messages[0]}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <div className={`field${failed?.fieldErrors.name ? ' has-error' : ''}`}>
          <label htmlFor="key-name">Key name</label>
          <input id="key-name" name="name" type="text" maxLength={100} placeholder="Newsroom CMS" defaultValue={failed?.values.name ?? ''} />
        </div>
        <div className={`field${failed?.fieldErrors.expiresInDays ? ' has-error' : ''}`}>
          <label htmlFor="key-expiry">Expires</label>
          <select id="key-expiry" name="expiresInDays" defaultValue={failed?.values.expiresInDays ?? ''}>
            {EXPIRY_CHOICES.map(([days, label]) => (
              <option key={days} value={days}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <fieldset>
          <legend>Scopes</legend>
          {API_SCOPES.map((scope) => (
            <label key={scope} className="check-option">
              <input type="checkbox" name="scopes" value={scope} defaultChecked={scope === 'verdicts:read'} />
              <span>
                <code>{scope}</code> — {SCOPE_HELP[scope]}
              </span>
            </label>
          ))}
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={pending}>
            Create API key
          </button>
        </div>
      </form>
    </>
  );
}

export function RevokeApiKeyForm({ apiKeyId, name }: { apiKeyId: number; name: string }) {
  const form = useActionForm(revokeApiKeyAction);
  return (
    <form action={form.formAction} className="inline-form">
      <FormStatus failed={form.failed} succeeded={form.succeeded} alertRef={form.alertRef} idPrefix={`revoke-${apiKeyId}`} />
      <input type="hidden" name="apiKeyId" value={apiKeyId} />
      <button type="submit" className="button danger" disabled={form.pending} aria-label={`Revoke ${name}`}>
        Revoke
      </button>
    </form>
  );
}

/** An admin hands a key to another active editor or admin, which lifts a suspension. */
export function ReassignApiKeyForm({ apiKeyId, name, version, holders }: { apiKeyId: number; name: string; version: number; holders: { id: number; name: string; role: string }[] }) {
  const form = useActionForm(reassignApiKeyAction);
  const prefix = `reassign-${apiKeyId}`;
  return (
    <form action={form.formAction} key={`${form.formKey}-${version}`} className="inline-form">
      <FormStatus failed={form.failed} succeeded={form.succeeded} alertRef={form.alertRef} idPrefix={prefix} />
      <input type="hidden" name="apiKeyId" value={apiKeyId} />
      <input type="hidden" name="version" value={version} />
      <label htmlFor={`${prefix}-owner`} className="visually-hidden">
        New holder of {name}
      </label>
      <select id={`${prefix}-owner`} name="ownerId" defaultValue={form.value('ownerId', '')}>
        <option value="">Choose an editor or admin</option>
        {holders.map((holder) => (
          <option key={holder.id} value={holder.id}>
            {holder.name} ({holder.role})
          </option>
        ))}
      </select>
      <button type="submit" className="button" disabled={form.pending} aria-label={`Reassign ${name}`}>
        Reassign
      </button>
    </form>
  );
}
