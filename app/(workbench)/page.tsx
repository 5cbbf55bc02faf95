import type { Metadata } from 'next';
import Link from 'next/link';
import { signedInPage } from '@/lib/http/page-context';
import { loadDesk } from '@/lib/review/desk';
import { ClaimList, DeskDisagreements, DeskSection, RecentVerdicts } from './_components/desk-sections';
import './_components/queues.css';

export const metadata: Metadata = { title: 'Your desk' };

/** The home queue: each role's own next work, every section with its count (issue 14). */
export default async function DeskPage() {
  const { actor, db } = await signedInPage();
  const desk = loadDesk(db, actor);
  const now = new Date();
  const recent = (
    <DeskSection id="recent-heading" title="Recently published" total={desk.recent.length} shown={desk.recent.length} empty="No verdicts published yet.">
      <RecentVerdicts items={desk.recent} />
    </DeskSection>
  );

  if (desk.role === 'editor') {
    const { disagreements, readyToPublish, draftsToFinish } = desk;
    return (
      <div className="desk">
        <h1>Your desk</h1>
        <DeskSection
          id="to-resolve-heading"
          title="Disagreements to resolve"
          total={disagreements.total}
          shown={disagreements.rows.length}
          empty="No open disagreement: nothing to resolve."
          more={<Link href="/disagreements">All open disagreements</Link>}
        >
          <DeskDisagreements label="Disagreements to resolve" items={disagreements.rows} now={now} />
        </DeskSection>
        <DeskSection id="to-publish-heading" title="Ready to publish" total={readyToPublish.total} shown={readyToPublish.rows.length} empty="No claim is ready to publish yet.">
          <ClaimList
            label="Ready to publish"
            claims={readyToPublish.rows}
            note={(claim) => (readyToPublish.rows.find((r) => r.id === claim.id)?.hasDraft ? <span>Verdict drafted</span> : <span>No verdict written yet</span>)}
          />
        </DeskSection>
        <DeskSection id="drafts-heading" title="Drafts to finish" total={draftsToFinish.total} shown={draftsToFinish.rows.length} empty="No verdict draft waiting on a claim still in review.">
          <ClaimList label="Drafts to finish" claims={draftsToFinish.rows} note={() => <span>Verdict drafted; the review is not complete</span>} />
        </DeskSection>
        {recent}
      </div>
    );
  }

  const { readyToRate, needEvidence, disagreements } = desk;
  return (
    <div className="desk">
      <h1>Your desk</h1>
      <DeskSection id="to-rate-heading" title="Ready to rate" total={readyToRate.total} shown={readyToRate.rows.length} empty="Nothing with evidence is waiting for your rating.">
        <ClaimList label="Ready to rate" claims={readyToRate.rows} />
      </DeskSection>
      <DeskSection
        id="my-disagreements-heading"
        title="Open disagreements you are part of"
        total={disagreements.total}
        shown={disagreements.rows.length}
        empty="You are not part of any open disagreement."
        more={<Link href="/disagreements">All open disagreements</Link>}
      >
        <DeskDisagreements label="Open disagreements you are part of" items={disagreements.rows} now={now} />
      </DeskSection>
      <DeskSection id="need-evidence-heading" title="Drafts that still need evidence" total={needEvidence.total} shown={needEvidence.rows.length} empty="Every claim has evidence.">
        <ClaimList label="Drafts that still need evidence" claims={needEvidence.rows} />
      </DeskSection>
      {recent}
    </div>
  );
}
