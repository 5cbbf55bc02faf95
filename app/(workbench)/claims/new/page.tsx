import type { Metadata } from 'next';
import { loadNewClaimChoices } from '@/lib/claims/claim-form-choices';
import { signedInPage } from '@/lib/http/page-context';
import { latestToday } from '@/lib/validation/fields';
import { CheckedBeforePanel } from './_components/checked-before-panel';
import { ClaimForm } from './_components/claim-form';

export const metadata: Metadata = { title: 'New claim' };

export default async function NewClaimPage() {
  const { actor, db } = await signedInPage();
  const { claimants, publishers, measures } = loadNewClaimChoices(db, actor);
  return (
    <div className="narrow-wide">
      <h1>New claim</h1>
      <p className="lede">Record one checkable statement, who made it, and where it appeared.</p>
      <ClaimForm claimants={claimants} publishers={publishers} measures={measures} today={latestToday()} />
      <CheckedBeforePanel />
    </div>
  );
}
