import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { formatDate } from '@/lib/display/format';
import { organisationAuthor } from '@/lib/admin/organisation';
import { publicPage, type Db } from '@/lib/http/page-context';
import { ratingStep } from '@/lib/review/rating-scale';
import { serializeJsonLdForHtml, type ClaimReviewOrganisation } from '@/lib/verdicts/claimreview-jsonld';
import { MethodNote } from './method-note';
import { loadClaimReview, loadPublicVerdict, type PublicVerdict } from '@/lib/verdicts/public-verdict';
import './public-verdict.css';

interface Props {
  params: Promise<{ claimId: string }>;
}

async function load(db: Db, params: Props['params']): Promise<PublicVerdict> {
  const { claimId } = await params;
  const id = /^\d{1,15}$/.test(claimId) ? Number(claimId) : NaN;
  const verdict = Number.isSafeInteger(id) ? loadPublicVerdict(db, id) : undefined;
  if (!verdict) notFound();
  return verdict;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { claimId } = await params;
  const id = /^\d{1,15}$/.test(claimId) ? Number(claimId) : NaN;
  const verdict = Number.isSafeInteger(id) ? loadPublicVerdict(publicPage().db, id) : undefined;
  return verdict ? { title: verdict.current.headline, robots: { index: true, follow: true } } : { title: 'Verdict not found' };
}

const STANCE_WORDS = { supports: 'Supports the claim', refutes: 'Refutes the claim', adds_context: 'Adds context' } as const;

/** The public, signed-out page of a published verdict: the current version, its corrections, its evidence. */
export default async function PublicVerdictPage({ params }: Props) {
  const { db } = publicPage();
  const { claim, current, versions, evidence, firstAppearance, method } = await load(db, params);
  const author = organisationAuthor(db);
  const org = author.name;
  const retracted = current.kind === 'retraction';
  const notes = versions.filter((v) => v.note);
  const claimReview = retracted ? null : await claimReviewScript(db, claim.id, author);

  return (
    <main id="main" className="page public-verdict">
      {claimReview}
      <p className="eyebrow">
        {org} · Fact-check
      </p>
      {retracted ? (
        <p role="status" className="notice retracted">
          This verdict was retracted on {formatDate(current.publishedAt)}. {current.note}
        </p>
      ) : null}
      <h1>{current.headline}</h1>
      {current.kind === 'correction' ? (
        <p className="notice corrected">
          <strong>Corrected {formatDate(current.publishedAt)}.</strong> {current.note}
        </p>
      ) : null}
      <div className="verdict-card">
        <p className="claim-quote">
          <span className="muted">The claim</span>
          <q>{claim.statement}</q>
          <span className="muted">
            {claim.claimant.name}, {formatDate(claim.claimedOn)}
          </span>
        </p>
        <p className={`rating rating-${current.label}`}>
          <span className="muted">Our rating</span>
          <strong>{ratingStep(current.label).name}</strong>
        </p>
      </div>
      <section aria-labelledby="explanation-heading">
        <h2 id="explanation-heading">Why</h2>
        <p className="explanation">{current.explanation}</p>
      </section>
      <MethodNote method={method} />
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
      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading">Corrections and versions</h2>
        {notes.length === 0 ? (
          <p className="muted">
            Published {formatDate(versions[0]?.publishedAt)}; not corrected since. Version {current.versionNumber}.
          </p>
        ) : (
          <ol className="version-notes">
            <li>
              Version 1 published {formatDate(versions[0]?.publishedAt)}.
            </li>
            {notes.map((v) => (
              <li key={v.id}>
                Version {v.versionNumber} ({v.kind === 'retraction' ? 'retraction' : 'correction'}),{' '}
                {formatDate(v.publishedAt)}: {v.note}
              </li>
            ))}
          </ol>
        )}
      </section>
    </main>
  );
}

/**
 * The verdict's ClaimReview for search engines and fact-check tools. A JSON-LD script is data, never
 * run, so the CSP does not apply to it; it carries the request's nonce all the same. Its text is the
 * one sanctioned use of dangerouslySetInnerHTML: serializeJsonLdForHtml escapes every character
 * that could end the element, so no field can break out of it.
 */
async function claimReviewScript(db: Db, claimId: number, author: ClaimReviewOrganisation) {
  const review = loadClaimReview(db, claimId, author);
  if (!review) return null;
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return <script type="application/ld+json" nonce={nonce} dangerouslySetInnerHTML={{ __html: serializeJsonLdForHtml(review) }} />;
}
