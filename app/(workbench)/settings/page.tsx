import type { Metadata } from 'next';
import Link from 'next/link';
import { requireUser, userActor } from '@/lib/auth/session';
import { can } from '@/lib/permissions';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const actor = userActor(await requireUser());
  const manages = can(actor, 'apikey:manage');
  return (
    <>
      <h1>Settings</h1>
      {manages ? (
        <ul className="settings-links">
          <li className="panel">
            <Link href="/settings/api-keys">API keys</Link>
            <p className="muted">Keys for the newsroom CMS: create, see when each was last used, revoke.</p>
          </li>
          <li className="panel">
            <Link href="/settings/webhooks">Webhooks</Link>
            <p className="muted">Signed notifications when a verdict is published, corrected or retracted, with the delivery log.</p>
          </li>
          <li className="panel">
            <Link href="/export">Export</Link>
            <p className="muted">ClaimReview, CSV and JSON Lines downloads of the desk’s verdicts.</p>
          </li>
          <li className="panel">
            <Link href="/api-docs">API reference</Link>
            <p className="muted">The versioned HTTP API, generated from its OpenAPI document.</p>
          </li>
        </ul>
      ) : (
        <p className="notice">Settings are managed by editors and admins.</p>
      )}
    </>
  );
}
