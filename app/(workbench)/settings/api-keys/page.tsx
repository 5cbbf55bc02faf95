import type { Metadata } from 'next';
import { forbidden } from 'next/navigation';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { listApiKeys } from '@/db/queries/api-keys';
import { requireUser, userActor } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format-time';
import { can } from '@/lib/permissions';
import { CreateApiKeyForm, RevokeApiKeyForm } from './_components/api-key-forms';

export const metadata: Metadata = { title: 'API keys' };

export default async function ApiKeysPage() {
  const actor = userActor(await requireUser());
  if (!can(actor, 'apikey:manage')) {
    forbidden();
  }
  const keys = listApiKeys(getDb());
  return (
    <>
      <p className="eyebrow">
        <Link href="/settings">Settings</Link> / API keys
      </p>
      <h1>API keys</h1>
      <p className="lede">
        Keys let the newsroom CMS read verdicts, submit claims and download exports through the{' '}
        <Link href="/api-docs">API</Link>. A key is shown once when created; revoking it takes effect at its next request.
      </p>
      <div className="settings-grid">
        <section aria-labelledby="new-key-heading" className="panel">
          <h2 id="new-key-heading">New key</h2>
          <CreateApiKeyForm />
        </section>
        <section aria-labelledby="keys-heading" className="panel">
          <h2 id="keys-heading">Keys</h2>
          {keys.length === 0 ? (
            <p className="empty">No API keys yet.</p>
          ) : (
            <table className="data-table">
              <caption className="visually-hidden">API keys</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Prefix</th>
                  <th scope="col">Scopes</th>
                  <th scope="col">Last used</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {keys.map((key) => (
                  <tr key={key.id}>
                    <td>
                      {key.name}
                      <span className="muted"> · {key.createdByName ?? 'command line'}, {formatDateTime(key.createdAt)}</span>
                    </td>
                    <td>
                      <code>cbk_{key.prefix}_…</code>
                    </td>
                    <td>{key.scopes.join(', ')}</td>
                    <td>{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : 'Never'}</td>
                    <td>{key.revokedAt ? `Revoked ${formatDateTime(key.revokedAt)}` : <RevokeApiKeyForm apiKeyId={key.id} name={key.name} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </>
  );
}
