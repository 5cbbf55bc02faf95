import type { ClaimPageData } from '@/lib/claims/claim-page';
import '../../../_components/queues.css';
import { DisagreementArticle } from './disagreement-article';
import { OpenDisagreementForm } from './open-disagreement-form';

/** The claim's disagreements, each with its thread, and a way to open a new one. */
export function DisagreementsSection({ data }: { data: ClaimPageData }) {
  // One clock for the whole section, so "3 days ago" is consistent within a render.
  const now = new Date();
  return (
    <section aria-labelledby="disagreements-heading" className="panel disagreements">
      <h2 id="disagreements-heading">Disagreements</h2>
      {data.disagreements.length === 0 ? (
        <p className="empty">No disagreements.</p>
      ) : (
        <div className="disagreement-list">
          {data.disagreements.map((d) => (
            <DisagreementArticle key={d.id} disagreement={d} data={data} now={now} />
          ))}
        </div>
      )}
      <OpenDisagreementForm claimId={data.claim.id} />
    </section>
  );
}
