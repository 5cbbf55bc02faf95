import Link from 'next/link';
import type { ClaimPageData } from '@/lib/claims/claim-page';
import { formatDate } from '@/lib/display/format';
import { ratingStep } from '@/lib/review/rating-scale';
import { CorrectionForm } from './correction-form';
import { RetractVerdictForm, VerdictDraftForm } from './verdict-forms';
import { VerdictPublishForm } from './verdict-publish-form';
import { VersionChanges } from './verdict-version-changes';

type Version = ClaimPageData['verdict']['versions'][number];

const KIND_WORDS: Record<Version['kind'], string> = { publication: 'Published', correction: 'Corrected', retraction: 'Retracted' };

function VersionView({ version }: { version: Version }) {
  return (
    <div className="verdict-version">
      <p className="verdict-label">
        <span className={`badge verdict-${version.kind}`}>{KIND_WORDS[version.kind]}</span>{' '}
        <strong>{ratingStep(version.label).name}</strong> · version {version.versionNumber} ·{' '}
        {formatDate(version.publishedAt)}
        {version.publishedByName ? ` by ${version.publishedByName}` : ''}
      </p>
      <p className="verdict-headline">{version.headline}</p>
      <p className="verdict-explanation">{version.explanation}</p>
      {version.note ? <p className="muted">Note: {version.note}</p> : null}
    </div>
  );
}

const DRAFT_KEYS = new Set(['label', 'headline', 'explanation']);

/** The readiness checklist: for editors what publishing needs, for reviewers (read-only) what the claim needs. */
function Checklist({ readiness, forEditor }: { readiness: NonNullable<ClaimPageData['verdict']['readiness']>; forEditor: boolean }) {
  if (readiness.ready) {
    return forEditor ? (
      <p className="notice success">Ready to publish.</p>
    ) : (
      <p className="notice success">The review is complete: an editor can now write and publish the verdict.</p>
    );
  }
  const heading = forEditor ? 'Before this can be published' : 'What this claim still needs before an editor can publish';
  return (
    <div className="notice readiness" aria-labelledby="readiness-heading">
      <h3 id="readiness-heading">{heading}</h3>
      <ul>
        {readiness.missing.map((item) => (
          <li key={item.key}>{item.message}</li>
        ))}
      </ul>
      {forEditor ? null : <p className="muted">Editors write and publish the verdict; this list is for reading.</p>}
    </div>
  );
}

export function VerdictPanel({ data }: { data: ClaimPageData }) {
  const { verdict, claim, permissions, evidence } = data;
  const latest = verdict.versions[verdict.versions.length - 1];
  const earlier = verdict.versions.slice(0, -1).reverse();
  const citable = evidence.filter((e) => e.retractedAt === null).map((e) => ({ id: e.id, title: e.title }));
  const draftVersion = verdict.draft?.version ?? 0;
  const published = claim.status === 'published';
  const open = claim.status !== 'published' && claim.status !== 'retracted';

  return (
    <section aria-labelledby="verdict-heading" className="panel">
      <h2 id="verdict-heading">Verdict</h2>
      {latest ? (
        <>
          <VersionView version={latest} />
          <p>
            <Link href={`/verdicts/${claim.id}`}>Public verdict page</Link>
          </p>
          {earlier.length > 0 ? (
            <details className="disclosure">
              <summary>Earlier versions ({earlier.length}) and what each changed</summary>
              <VersionChanges versions={verdict.versions} claimId={claim.id} />
              {earlier.map((v) => (
                <VersionView key={v.id} version={v} />
              ))}
            </details>
          ) : null}
        </>
      ) : (
        <p className="empty">No verdict published yet.</p>
      )}

      {open && verdict.readiness ? <Checklist readiness={verdict.readiness} forEditor={permissions.draftVerdict} /> : null}

      {permissions.draftVerdict && verdict.readiness && claim.status !== 'retracted' ? (
        <div className="verdict-editor">
          {published && verdict.draft && permissions.publishVerdict ? (
            // Published: the edits and the correction note go out together, from one form.
            <CorrectionForm claimId={claim.id} draft={verdict.draft} evidence={citable} />
          ) : !permissions.publishVerdict || published ? (
            <VerdictDraftForm
              summary={latest ? 'Edit the verdict for a correction' : 'Write the verdict'}
              startOpen={!latest}
              claimId={claim.id}
              draft={verdict.draft}
              evidence={citable}
            />
          ) : null}
          {permissions.publishVerdict ? (
            // Always mounted at this place, so its "published" message survives the status change.
            <VerdictPublishForm
              claimId={claim.id}
              draft={verdict.draft}
              evidence={citable}
              blockers={verdict.readiness.missing.filter((item) => !DRAFT_KEYS.has(item.key)).map((item) => item.message)}
              published={!open}
            />
          ) : null}
          {published && permissions.publishVerdict ? <RetractVerdictForm claimId={claim.id} draftVersion={draftVersion} /> : null}
        </div>
      ) : null}
    </section>
  );
}
