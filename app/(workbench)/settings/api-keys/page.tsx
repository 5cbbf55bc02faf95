import type { Metadata } from 'next';
import Link from 'next/link';
import { loadApiKeySettings } from '@/lib/api/keys';
import { formatDateTime } from '@/lib/display/format-time';
import { signedInPage } from '@/lib/http/page-context';
import { CreateApiKeyForm, ReassignApiKeyForm, RevokeApiKeyForm } from './_components/api-key-forms';

export const metadata: Metadata = { title: 'API keys' };

export default async function ApiKeysPage() {
  const { actor, db } = await signedInPage('apikey:manage');
  // Only admins get the holders: they alone reassign keys.
  const { keys, holders } = loadApiKeySettings(db, actor);
  const now = new Date().toISOString();
  return (
    <>
      <p className="eyebrow">
        <Link href="/settings">Settings</Link> / API keys
      </p>
      <h1>API keys</h1>
      <p className="lede">
        Keys let the newsroom CMS read verdicts, submit claims and download exports through the{' '}
        <Link href="/api-docs">API</Link>. A key is shown once when created; revoking it takes effect at its next request.
        A key acts for the person who holds it (whoever created it): when they are disabled or no longer an editor or admin,
        the key is suspended until an admin reassigns it.
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
                  <th scope="col">Expires</th>
                  <th scope="col">Last used</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {keys.map((key) => {
                  const expired = key.expiresAt !== null && key.expiresAt <= now;
                  const live = key.revokedAt === null;
                  return (
                    <tr key={key.id}>
                      <td>
                        {key.name}
                        <span className="muted">
                          {' '}
                          · created by {key.createdByName ?? 'the command line'}, {formatDateTime(key.createdAt)}
                          {key.ownerId !== key.createdBy ? ` · held by ${key.ownerName ?? 'nobody'}` : ''}
                        </span>
                      </td>
                      <td>
                        <code>cbk_{key.prefix}_…</code>
                      </td>
                      <td>{key.scopes.join(', ')}</td>
                      <td>{key.expiresAt ? `${expired ? 'Expired' : 'Expires'} ${formatDateTime(key.expiresAt)}` : 'Never'}</td>
                      <td>{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : 'Never'}</td>
                      <td>
                        {!live ? (
                          `Revoked ${formatDateTime(key.revokedAt ?? '')}`
                        ) : (
                          <>
                            {key.suspendedAt ? (
                              <p className="key-state">
                                <strong>Suspended</strong> {formatDateTime(key.suspendedAt)}: {key.ownerName ?? 'its holder'} was disabled or no longer
                                manages API keys.
                              </p>
                            ) : expired ? (
                              <p className="key-state">
                                <strong>Expired</strong>
                              </p>
                            ) : (
                              <p className="key-state">Active</p>
                            )}
                            {holders && !expired ? <ReassignApiKeyForm apiKeyId={key.id} name={key.name} version={key.version} holders={holders} /> : null}
                            <RevokeApiKeyForm apiKeyId={key.id} name={key.name} />
                          </>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </>
  );
}
