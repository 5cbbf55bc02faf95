import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { publicUrlWarning } from '@/lib/http/public-url';
import './settings.css';
import { requireUser, userActor } from '@/lib/auth/session';
import { can, type Permission } from '@/lib/auth/permissions';

export const metadata: Metadata = { title: 'Settings' };

/** Every settings screen, with the permission it needs and who has it (the roles of lib/auth/permissions.ts). */
const SCREENS: { href: string; title: string; about: string; permission: Permission; who: string }[] = [
  {
    href: '/settings/api-keys',
    title: 'API keys',
    about: 'Keys for the newsroom CMS: create, see when each was last used, revoke.',
    permission: 'apikey:manage',
    who: 'editors and admins',
  },
  {
    href: '/settings/webhooks',
    title: 'Webhooks',
    about: 'Signed notifications when a verdict is published, corrected or retracted, with the delivery log.',
    permission: 'apikey:manage',
    who: 'editors and admins',
  },
  {
    href: '/settings/fact-checks',
    title: 'Fact-checks',
    about: 'Import fact-checks published elsewhere (ClaimReview, DataFeed, Fact Check Tools) and map their ratings onto our scale.',
    permission: 'factcheck:map',
    who: 'editors and admins',
  },
  {
    href: '/export',
    title: 'Export',
    about: 'ClaimReview, CSV and JSON Lines downloads of the desk’s verdicts.',
    permission: 'export:run',
    who: 'editors and admins',
  },
  {
    href: '/api-docs',
    title: 'API reference',
    about: 'The versioned HTTP API, generated from its OpenAPI document.',
    permission: 'apikey:manage',
    who: 'editors and admins',
  },
  {
    href: '/settings/users',
    title: 'Users',
    about: 'Who can sign in and with which role: create users, change roles, disable and re-enable accounts.',
    permission: 'user:manage',
    who: 'admins',
  },
  {
    href: '/settings/security-log',
    title: 'Security log',
    about: 'Sign-ins, failed sign-ins, sign-outs, password changes and ended sessions, by person and kind.',
    permission: 'security_log:read',
    who: 'admins',
  },
  {
    href: '/settings/organisation',
    title: 'Organisation',
    about: 'The desk’s name and URL on published verdicts, and how many assessments publishing needs.',
    permission: 'organisation:manage',
    who: 'admins',
  },
];

export default async function SettingsPage() {
  const actor = userActor(await requireUser());
  const publicUrl = publicUrlWarning(await headers());
  const reachable = SCREENS.filter((screen) => can(actor, screen.permission));
  const others = SCREENS.filter((screen) => !can(actor, screen.permission));
  return (
    <>
      <h1>Settings</h1>
      {publicUrl ? (
        <div className="notice public-url-warning" role="note" aria-labelledby="public-url-heading">
          <h2 id="public-url-heading">Public links point at the wrong address</h2>
          <p>{publicUrl.message}</p>
        </div>
      ) : null}
      {reachable.length > 0 ? (
        <ul className="settings-links">
          {reachable.map((screen) => (
            <li className="panel" key={screen.href}>
              <Link href={screen.href}>{screen.title}</Link>
              <p className="muted">{screen.about}</p>
            </li>
          ))}
        </ul>
      ) : null}
      {others.length > 0 ? (
        <section aria-labelledby="managed-by-heading">
          <h2 id="managed-by-heading">Managed by others</h2>
          <div className="notice">
            <ul>
              {others.map((screen) => (
                <li key={screen.href}>
                  {screen.title} — managed by {screen.who}.
                </li>
              ))}
            </ul>
          </div>
        </section>
      ) : null}
    </>
  );
}
