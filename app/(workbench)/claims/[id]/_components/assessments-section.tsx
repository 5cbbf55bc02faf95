import type { ClaimPageData } from '@/lib/claims/claim-page';
import { formatDate } from '@/lib/display/format';
import { RATING_SCALE, ratingStep } from '@/lib/review/rating-scale';
import { AssessmentForm } from './assessment-form';
import { ASSESSMENT_ANCHOR } from './claim-summary';
import { FormDisclosure } from './form-disclosure';

type Assessment = ClaimPageData['assessments']['all'][number];

/** Where each reviewer's rating sits on the scale, with their confidence: the spread at a glance. */
function Spread({ assessments }: { assessments: Assessment[] }) {
  return (
    <table className="spread">
      <caption>Spread of current ratings</caption>
      <thead>
        <tr>
          <th scope="col">Rating</th>
          <th scope="col">Reviewers (confidence)</th>
        </tr>
      </thead>
      <tbody>
        {RATING_SCALE.map((step) => {
          const here = assessments.filter((a) => a.label === step.label);
          return (
            <tr key={step.label} className={here.length ? 'has-ratings' : undefined}>
              <th scope="row">{step.name}</th>
              <td>
                {here.length === 0 ? (
                  <span className="muted">—</span>
                ) : (
                  here.map((a) => (
                    <span key={a.id} className="spread-mark">
                      {a.reviewerName} ({a.confidence})
                      <span className="confidence-bar" aria-hidden="true">
                        <span style={{ width: `${a.confidence}%` }} />
                      </span>
                    </span>
                  ))
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function AssessmentsSection({ data }: { data: ClaimPageData }) {
  const { assessments, evidence, claim, permissions } = data;
  const citable = evidence.filter((e) => e.retractedAt === null).map((e) => ({ id: e.id, title: e.title }));
  const titles = new Map(evidence.map((e) => [e.id, e.title]));
  const others = assessments.count - (assessments.own ? 1 : 0);
  // Rating is part of reviewing; once a verdict is out, changes go through a correction.
  const mayRate = permissions.actorId !== null && claim.status !== 'retracted' && claim.status !== 'published';
  // Reviewers are asked for their rating; editors may rate too, but are not prompted to.
  const prompt = !assessments.own && !permissions.draftVerdict;

  return (
    <section aria-labelledby="assessments-heading" className="panel">
      <h2 id="assessments-heading">Assessments</h2>
      {!assessments.revealed ? (
        <p className="notice">
          {others === 0
            ? 'No one has rated this claim yet.'
            : `${others} ${others === 1 ? 'reviewer has' : 'reviewers have'} rated this claim. Their ratings stay hidden until you submit your own, so that yours is independent.`}
        </p>
      ) : assessments.all.length === 0 ? (
        <p className="empty">No assessments yet.</p>
      ) : (
        <>
          <Spread assessments={assessments.all} />
          <ul className="assessments">
            {assessments.all.map((a) => (
              <li key={a.id}>
                <p>
                  <strong>{a.reviewerName}</strong>: {ratingStep(a.label).name}, confidence {a.confidence}
                  <span className="muted"> · {formatDate(a.createdAt)}</span>
                </p>
                {a.rationale ? <p className="rationale">{a.rationale}</p> : null}
                {a.citedEvidenceIds.length > 0 ? (
                  <p className="muted">Cites: {a.citedEvidenceIds.map((id) => titles.get(id) ?? `evidence ${id}`).join('; ')}</p>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      )}
      {mayRate ? (
        <FormDisclosure id={ASSESSMENT_ANCHOR} summary={assessments.own ? 'Change your assessment' : 'Your assessment'} className="disclosure" defaultOpen={prompt}>
          <AssessmentForm claimId={claim.id} evidence={citable} current={assessments.own} />
        </FormDisclosure>
      ) : null}
    </section>
  );
}
