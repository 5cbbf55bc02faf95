import type { Metadata } from 'next';
import { getDb } from '@/db/client';
import { listMeasures } from '@/db/queries/measures';
import { listSourceOptions } from '@/db/queries/sources';
import { requireUser, userActor } from '@/lib/auth/session';
import { assertCan } from '@/lib/auth/permissions';
import { latestToday } from '@/lib/validation/fields';
import { ClaimForm } from './_components/claim-form';

export const metadata: Metadata = { title: 'New claim' };

export default async function NewClaimPage() {
  assertCan(userActor(await requireUser()), 'claim:create');
  const db = getDb();
  return (
    <div className="narrow-wide">
      <h1>New claim</h1>
      <p className="lede">Record one checkable statement, who made it, and where it appeared.</p>
      <ClaimForm sources={listSourceOptions(db)} measures={listMeasures(db)} today={latestToday()} />
    </div>
  );
}
