import type { Metadata } from 'next';
import Link from 'next/link';
import { formatDate } from '@/lib/display/format';
import { ratingStep } from '@/lib/review/rating-scale';
import type { PublicVerdict } from '@/lib/verdicts/public-verdict';

type Version = PublicVerdict['current'];

const STANCE_WORDS = { supports: 'Supports the claim', refutes: 'Refutes the claim', adds_context: 'Adds context' } as const;

/** A claim id from the URL, or NaN: digits only, a safe integer. */
export function claimIdParam(raw: string): number {
  const id = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  return Number.isSafeInteger(id) ? id : NaN;
}

/** What a shared link shows (Open Graph, Twitter card) and the meta description, from one version. */
export function verdictMetadata(input: {
  claim: { statement: string; claimant: { name: string } };
  version: Version;
  org: string;
  url: string;
  canonical: string;
  publishedAt: string;
  index: boolean;
}): Metadata {
  const { claim, version, org, url } = input;
  const rating = ratingStep(version.label).name;
  const retracted = version.kind === 'retraction';
  const title = retracted ? `Retracted: ${version.headline}` : version.headline;
  const description = clip(
    retracted
      ? `${org} has retracted its fact-check of ${claim.claimant.name}’s claim “${claim.statement}”. ${version.note ?? ''}`
      : `${org} rates ${claim.claimant.name}’s claim “${claim.statement}” ${rating.toLowerCase()}. ${version.explanation}`,
    300,
  );
  return {
    title,
    description,
    alternates: { canonical: input.canonical },
    robots: { index: input.index, follow: true },
    openGraph: {
      type: 'article',
      title: `${title} — ${rating}`,
      description,
      url,
      siteName: org,
      publishedTime: input.publishedAt,
      modifiedTime: version.publishedAt,
    },
    twitter: { card: 'summary', title: `${title} — ${rating}`, description },
    other: { 'claimbench:rating': rating },
  };
}

/** Cuts at a word before `max` characters, with an ellipsis, so the description fits a link card. */
function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`;
}

interface DocumentProps {
  claim: { statement: string; claimedOn: string; claimant: { name: string } };
  version: Version;
  firstAppearance: PublicVerdict['firstAppearance'];
  evidence: PublicVerdict['evidence'];
}

/** The body of a verdict as published: the claim and the rating, why, where it appeared, the evidence. */
export function VerdictDocument({ claim, version, firstAppearance, evidence }: DocumentProps) {
  return (
    <>
      <div className="verdict-card">
        <p className="claim-quote">
          <span className="muted">The claim</span>
          <q>{claim.statement}</q>
          <span className="muted">
            {claim.claimant.name}, {formatDate(claim.claimedOn)}
          </span>
        </p>
        <p className={`rating rating-${version.label}`}>
          <span className="muted">Our rating</span>
          <strong>{ratingStep(version.label).name}</strong>
        </p>
      </div>
      <section aria-labelledby="explanation-heading">
        <h2 id="explanation-heading">Why</h2>
        <p className="explanation">{version.explanation}</p>
      </section>
      {firstAppearance ? (
        <section aria-labelledby="appearance-heading">
          <h2 id="appearance-heading">Where the claim appeared</h2>
          <p>
            <a href={firstAppearance.url} rel="noopener noreferrer nofollow">
              {firstAppearance.title}
            </a>
            {firstAppearance.publisherName ? `, ${firstAppearance.publisherName}` : ''}
            {firstAppearance.publishedOn ? `, ${formatDate(firstAppearance.publishedOn)}` : ''}
          </p>
          {firstAppearance.quote ? (
            <blockquote>
              <p>{firstAppearance.quote}</p>
            </blockquote>
          ) : null}
        </section>
      ) : null}
      <section aria-labelledby="evidence-heading">
        <h2 id="evidence-heading">Evidence</h2>
        {evidence.length === 0 ? (
          <p className="empty">No evidence is cited.</p>
        ) : (
          <ul className="public-evidence">
            {evidence.map((item) => (
              <li key={item.id}>
                <p>
                  <a href={item.url} rel="noopener noreferrer nofollow">
                    {item.title}
                  </a>
                  {item.publisherName ? `, ${item.publisherName}` : ''}
                  {item.publishedOn ? `, ${formatDate(item.publishedOn)}` : ''}
                  <span className="muted"> · {STANCE_WORDS[item.stance]}</span>
                </p>
                {item.quoteExact ? (
                  <blockquote>
                    <p>{item.quoteExact}</p>
                  </blockquote>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

const KIND_WORDS = { publication: 'first publication', correction: 'correction', retraction: 'retraction' } as const;

/** Every version, each a link to it as it was published; the one shown is marked, not linked. */
export function VersionList({ claimId, versions, shown }: { claimId: number; versions: Version[]; shown: number }) {
  return (
    <ol className="version-notes" aria-label="Every version of this verdict">
      {versions.map((v) => (
        <li key={v.id}>
          {v.versionNumber === shown ? (
            <strong aria-current="page">Version {v.versionNumber}</strong>
          ) : (
            <Link href={`/verdicts/${claimId}/versions/${v.versionNumber}`}>Version {v.versionNumber}</Link>
          )}{' '}
          ({KIND_WORDS[v.kind]}), {formatDate(v.publishedAt)}
          {v.kind !== 'retraction' ? ` · ${ratingStep(v.label).name}` : ''}
          {v.note ? `: ${v.note}` : '.'}
          {v.versionNumber === shown ? <span className="muted"> — this page</span> : null}
        </li>
      ))}
    </ol>
  );
}
