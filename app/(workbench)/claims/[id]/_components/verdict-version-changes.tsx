import Link from 'next/link';
import type { ClaimPageData } from '@/lib/claims/claim-page';
import { diffWords } from '@/lib/display/text-diff';
import { ratingStep } from '@/lib/review/rating-scale';
import { WordDiff } from './word-diff';
import './verdict.css';

type Version = ClaimPageData['verdict']['versions'][number];

/**
 * For staff: what each published version changed against the one before it (rating, headline,
 * explanation), as a word diff, with a link to each version as the public read it.
 */
export function VersionChanges({ versions, claimId }: { versions: Version[]; claimId: number }) {
  const pairs = versions.slice(1).map((next, i) => [versions[i]!, next] as const).reverse();
  return (
    <ol className="version-changes" aria-label="What each version changed">
      {pairs.map(([before, after]) => {
        const fields = [
          { name: 'Headline', parts: diffWords(before.headline, after.headline), same: before.headline === after.headline },
          { name: 'Explanation', parts: diffWords(before.explanation, after.explanation), same: before.explanation === after.explanation },
        ];
        const ratingChanged = before.label !== after.label;
        return (
          <li key={after.id} className="version-change">
            <h3 className="version-change-title">
              Version {after.versionNumber} against version {before.versionNumber}
            </h3>
            <p className="muted">
              <Link href={`/verdicts/${claimId}/versions/${before.versionNumber}`}>Version {before.versionNumber} as published</Link>
              {' · '}
              <Link href={`/verdicts/${claimId}/versions/${after.versionNumber}`}>Version {after.versionNumber} as published</Link>
            </p>
            <p>
              Rating:{' '}
              {ratingChanged ? (
                <>
                  <del>{ratingStep(before.label).name}</del> → <ins>{ratingStep(after.label).name}</ins>
                </>
              ) : (
                `${ratingStep(after.label).name} (unchanged)`
              )}
            </p>
            {fields.map((field) => (
              <div key={field.name}>
                <h4 className="version-change-field">{field.name}{field.same ? ' (unchanged)' : ''}</h4>
                {field.same ? null : <WordDiff parts={field.parts} />}
              </div>
            ))}
          </li>
        );
      })}
    </ol>
  );
}
