import Link from 'next/link';
import type { ClaimPageData } from '@/lib/claims/claim-page';
import { formatDate } from '@/lib/display/format';
import { ratingStep } from '@/lib/review/rating-scale';
import { CorrectionForm } from './correction-form';
import { PublishVerdictForm, RetractVerdictForm, VerdictDraftForm } from './verdict-forms';

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

export function VerdictPanel({ data }: { data: ClaimPageData }) {
  const { verdict, claim, permissions, evidence } = data;
  const latest = verdict.versions[verdict.versions.length - 1];
  const earlier = verdict.versions.slice(0, -1).reverse();
  const citable = evidence.filter((e) => e.retractedAt === null).map((e) => ({ id: e.id, title: e.title }));
  const draftVersion = verdict.draft?.version ?? 0;

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
              <summary>Earlier versions ({earlier.length})</summary>
              {earlier.map((v) => (
                <VersionView key={v.id} version={v} />
              ))}
            </details>
          ) : null}
        </>
      ) : (
        <p className="empty">No verdict published yet.</p>
      )}

      {permissions.draftVerdict && verdict.readiness && claim.status !== 'retracted' ? (
        <div className="verdict-editor">
          {claim.status !== 'published' ? (
            verdict.readiness.ready ? (
              <p className="notice success">Ready to publish.</p>
            ) : (
              <div className="notice readiness" aria-labelledby="readiness-heading">
                <h3 id="readiness-heading">Before this can be published</h3>
                <ul>
                  {verdict.readiness.missing.map((item) => (
                    <li key={item.key}>{item.message}</li>
                  ))}
                </ul>
              </div>
            )
          ) : null}
          {claim.status === 'published' && verdict.draft && permissions.publishVerdict ? (
            // Published: the edits and the correction note go out together, from one form.
            <details className="disclosure">
              <summary>Edit the verdict for a correction</summary>
              <CorrectionForm claimId={claim.id} draft={verdict.draft} evidence={citable} />
            </details>
          ) : (
            <details className="disclosure" open={!latest}>
              <summary>{latest ? 'Edit the verdict for a correction' : 'Write the verdict'}</summary>
              <VerdictDraftForm claimId={claim.id} draft={verdict.draft} evidence={citable} />
            </details>
          )}
          {permissions.publishVerdict && verdict.draft ? (
            <>
              {/* Always mounted at this place, so its "published" message survives the status change. */}
              <PublishVerdictForm
                key={draftVersion}
                claimId={claim.id}
                draftVersion={draftVersion}
                published={claim.status === 'published'}
              />
              {claim.status === 'published' ? (
                <details className="disclosure">
                  <summary>Retract the verdict</summary>
                  <RetractVerdictForm claimId={claim.id} draftVersion={draftVersion} />
                </details>
              ) : null}
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
