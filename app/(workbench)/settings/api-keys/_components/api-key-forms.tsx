'use client';

import { useActionState } from 'react';
import { API_SCOPES } from '@/db/enums';
import { FormStatus } from '../../../_components/form-status';
import { useActionForm } from '../../../_components/use-action-form';
import { createApiKeyAction, revokeApiKeyAction } from '../actions';

const SCOPE_HELP: Record<(typeof API_SCOPES)[number], string> = {
  'verdicts:read': 'read published verdicts, claims and ClaimReview',
  'claims:write': 'submit claims and report article URLs',
  'export:read': 'download exports',
};

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
