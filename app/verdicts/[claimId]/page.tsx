import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { formatDate } from '@/lib/display/format';
import { organisationAuthor } from '@/lib/admin/organisation';
import { publicPage, type Db } from '@/lib/http/page-context';
import { serializeJsonLdForHtml, type ClaimReviewOrganisation } from '@/lib/verdicts/claimreview-jsonld';
import { loadClaimReview, loadPublicVerdict, publicVerdictAddress, type PublicVerdict } from '@/lib/verdicts/public-verdict';
import { claimIdParam, VerdictDocument, verdictMetadata, VersionList } from './_components/verdict-document';
import { MethodNote } from './method-note';
import './public-verdict.css';

interface Props {
  params: Promise<{ claimId: string }>;
}

async function load(db: Db, params: Props['params']): Promise<PublicVerdict> {
  const id = claimIdParam((await params).claimId);
  const verdict = Number.isNaN(id) ? undefined : loadPublicVerdict(db, id);
  if (!verdict) notFound();
  return verdict;
}

/** Title, a real description, and the Open Graph and Twitter card tags a shared link shows (issue 14). */
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = claimIdParam((await params).claimId);
  const { db } = publicPage();
  const verdict = Number.isNaN(id) ? undefined : loadPublicVerdict(db, id);
  if (!verdict) return { title: 'Verdict not found' };
  const url = publicVerdictAddress(id);
  return verdictMetadata({
    claim: verdict.claim,
    version: verdict.current,
    org: organisationAuthor(db).name,
    url,
    canonical: url,
    publishedAt: verdict.versions[0]?.publishedAt ?? verdict.current.publishedAt,
    index: true,
  });
}

/** The public, signed-out page of a published verdict: the current version, its corrections, its evidence. */
export default async function PublicVerdictPage({ params }: Props) {
  const { db } = publicPage();
  const { claim, current, versions, evidence, firstAppearance, method } = await load(db, params);
  const author = organisationAuthor(db);
  const retracted = current.kind === 'retraction';
  const claimReview = retracted ? null : await claimReviewScript(db, claim.id, author);

  return (
    <main id="main" className="page public-verdict">
      {claimReview}
      <p className="eyebrow">{author.name} · Fact-check</p>
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
      <VerdictDocument claim={claim} version={current} firstAppearance={firstAppearance} evidence={evidence} />
      <MethodNote method={method} />
      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading">Corrections and versions</h2>
        {versions.length === 1 ? (
          <p className="muted">
            Published {formatDate(versions[0]?.publishedAt)}; not corrected since. Version {current.versionNumber}.
          </p>
        ) : (
          <>
            <p className="muted">Each earlier version stays readable as it was published.</p>
            <VersionList claimId={claim.id} versions={versions} shown={current.versionNumber} />
          </>
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
