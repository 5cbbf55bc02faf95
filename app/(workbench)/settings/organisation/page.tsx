import type { Metadata } from 'next';
import Link from 'next/link';
import { loadOrganisationSettings } from '@/lib/admin/organisation';
import { signedInPage } from '@/lib/http/page-context';
import { OrganisationForm } from './_components/organisation-form';
import '../settings.css';

export const metadata: Metadata = { title: 'Organisation' };

/** Settings → Organisation (admins): the desk's name and URL on verdicts, and the publishing rule. */
export default async function OrganisationPage() {
  const { actor, db } = await signedInPage('organisation:manage');
  const { organisation, defaults } = loadOrganisationSettings(db, actor);
  return (
    <div className="narrow-wide">
      <p className="eyebrow">
        <Link href="/settings">Settings</Link> / Organisation
      </p>
      <h1>Organisation</h1>
      <p className="lede">
        How the desk is named on what it publishes, and how many independent assessments a claim needs before its verdict can be
        published. Changes apply at once, to verdicts already published too.
      </p>
      <section aria-labelledby="organisation-heading" className="panel">
        <h2 id="organisation-heading">Organisation settings</h2>
        <OrganisationForm {...organisation} defaults={defaults} />
      </section>
    </div>
  );
}
