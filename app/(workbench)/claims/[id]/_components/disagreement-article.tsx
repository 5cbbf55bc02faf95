import Link from 'next/link';
import type { ClaimPageData } from '@/lib/claims/claim-page';
import { BLIND_MANUAL_REASON, BLIND_REASON, DISAGREEMENT_KIND_LABELS, OpenedLine, TimeAgo } from '../../../_components/disagreement-text';
import { CommentForm } from './comment-form';
import { DisagreementStatusForm } from './disagreement-status-form';

type ClaimDisagreementWithComments = ClaimPageData['disagreements'][number];

interface Props {
  disagreement: ClaimDisagreementWithComments;
  data: ClaimPageData;
  now: Date;
}

/** The claim on the other side of a sources' disagreement, seen from the claim this page is about. */
function otherClaim(d: ClaimDisagreementWithComments, data: ClaimPageData): { id: number; statement: string } | null {
  if (d.relatedClaimId === null) return null;
  if (d.claimId === data.claim.id) return { id: d.relatedClaimId, statement: d.relatedStatement ?? `Claim ${d.relatedClaimId}` };
  const link = data.claim.links.find((l) => l.other.id === d.claimId);
  return { id: d.claimId, statement: link?.other.statement ?? `Claim ${d.claimId}` };
}

/** One disagreement: why it opened, its state, its thread, and what the viewer may do about it. */
export function DisagreementArticle({ disagreement: d, data, now }: Props) {
  const headingId = `disagreement-${d.id}-heading`;
  const threadId = `disagreement-${d.id}-thread`;
  // Blind rating (lib/review/blind-rating.ts) withheld its reason, thread and resolution: they may name ratings.
  const blind = d.withheld;
  const other = otherClaim(d, data);
  const open = d.status === 'open';

  return (
    <article className={`disagreement is-${d.status}`} aria-labelledby={headingId}>
      <div className="disagreement-top">
        <h3 id={headingId}>{DISAGREEMENT_KIND_LABELS[d.kind]}</h3>
        {/* A live region, so resolving or reopening is announced when the page refreshes. */}
        <span role="status" className="disagreement-state">
          <span className={`badge disagreement-${d.status}`}>{open ? 'Open' : 'Resolved'}</span>
        </span>
      </div>
      <p className="disagreement-meta">
        <OpenedLine openedAt={d.openedAt} openedByName={d.openedByName} now={now} sentence />
      </p>

      {blind ? (
        <p className="blind-note">{d.openedByName === null ? BLIND_REASON : BLIND_MANUAL_REASON}</p>
      ) : (
        <p className="disagreement-reason">{d.reason}</p>
      )}

      {other ? (
        <p className="disagreement-related">
          Related claim: <Link href={`/claims/${other.id}`}>{other.statement}</Link>
        </p>
      ) : null}

      {!open ? (
        <div className="resolution">
          <p className="resolution-meta">
            Resolved{d.resolvedByName ? ` by ${d.resolvedByName}` : ''}
            {d.resolvedAt ? (
              <>
                {' '}
                <TimeAgo value={d.resolvedAt} now={now} />
              </>
            ) : null}
          </p>
          {blind ? null : <p className="resolution-text">{d.resolution}</p>}
        </div>
      ) : null}

      <h4 id={threadId} className="thread-heading">
        Discussion
      </h4>
      {blind ? (
        <p className="blind-note">
          {d.comments.length === 0
            ? 'No comments yet.'
            : `${d.comments.length === 1 ? '1 comment' : `${d.comments.length} comments`}, hidden until you submit your own assessment.`}{' '}
          <a href="#assessments-heading">Go to your assessment</a> to join the discussion.
        </p>
      ) : (
        <>
          {d.comments.length === 0 ? (
            <p className="empty">No comments yet.</p>
          ) : (
            <ol className="thread" aria-labelledby={threadId}>
              {d.comments.map((comment) => (
                <li key={comment.id} className="comment">
                  <p className="comment-meta">
                    <span className="comment-author">{comment.authorName}</span> <TimeAgo value={comment.createdAt} now={now} />
                  </p>
                  <p className="comment-body">{comment.body}</p>
                </li>
              ))}
            </ol>
          )}
          <CommentForm disagreementId={d.id} />
        </>
      )}

      {data.permissions.resolveDisagreements ? (
        <div className="editor-actions">
          {open ? (
            <DisagreementStatusForm key="resolve" mode="resolve" disagreementId={d.id} version={d.version} />
          ) : (
            <DisagreementStatusForm key="reopen" mode="reopen" disagreementId={d.id} version={d.version} />
          )}
        </div>
      ) : null}
    </article>
  );
}
