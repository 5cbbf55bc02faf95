import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { formatDate } from '@/lib/display/format';
import { organisationAuthor } from '@/lib/admin/organisation';
import { publicPage, type Db } from '@/lib/http/page-context';
import { loadPublicVerdict, loadPublicVerdictVersion, publicVerdictAddress, type PublicVerdictVersion } from '@/lib/verdicts/public-verdict';
import { claimIdParam, VerdictDocument, verdictMetadata, VersionList } from '../../_components/verdict-document';
import '../../public-verdict.css';

interface Props {
  params: Promise<{ claimId: string; version: string }>;
}

async function load(db: Db, params: Props['params']): Promise<PublicVerdictVersion> {
  const { claimId, version } = await params;
  const id = claimIdParam(claimId);
  const n = /^\d{1,6}$/.test(version) ? Number(version) : NaN;
  const found = Number.isNaN(id) || Number.isNaN(n) ? undefined : loadPublicVerdictVersion(db, id, n);
  if (!found) notFound();
  return found;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { db } = publicPage();
  const { claimId, version } = await params;
  const id = claimIdParam(claimId);
  const n = /^\d{1,6}$/.test(version) ? Number(version) : NaN;
  const found = Number.isNaN(id) || Number.isNaN(n) ? undefined : loadPublicVerdictVersion(db, id, n);
  if (!found) return { title: 'Verdict version not found' };
  const metadata = verdictMetadata({
    claim: found.claim,
    version: found.version,
    org: organisationAuthor(db).name,
    url: publicVerdictAddress(id, n),
    // The current version is the one to index and share; an earlier one is kept for the record.
    canonical: publicVerdictAddress(id),
    publishedAt: found.version.publishedAt,
    index: false,
  });
  return { ...metadata, title: `Version ${n}: ${String(metadata.title)}` };
}

/** One version of a published verdict, readable as it was published (issue 14), with the way to the current one. */
export default async function PublicVerdictVersionPage({ params }: Props) {
  const { db } = publicPage();
  const found = await load(db, params);
  const { claim, version, latestVersionNumber } = found;
  const all = loadPublicVerdict(db, claim.id)?.versions ?? [version];
  const author = organisationAuthor(db);
  const isLatest = version.versionNumber === latestVersionNumber;

  return (
    <main id="main" className="page public-verdict">
      <p className="eyebrow">{author.name} · Fact-check</p>
      <p role="note" className={`notice ${isLatest ? '' : 'earlier-version'}`}>
        Version {version.versionNumber} of {latestVersionNumber}, as published {formatDate(version.publishedAt)}.{' '}
        {isLatest ? 'This is the current version.' : 'It has since been replaced.'}{' '}
        <Link href={`/verdicts/${claim.id}`}>Read the current verdict</Link>
      </p>
      {version.kind === 'retraction' ? (
        <p className="notice retracted">This version retracted the verdict. {version.note}</p>
      ) : null}
      <h1>{version.headline}</h1>
      {version.kind === 'correction' ? (
        <p className="notice corrected">
          <strong>Corrected {formatDate(version.publishedAt)}.</strong> {version.note}
        </p>
      ) : null}
      <VerdictDocument claim={claim} version={version} firstAppearance={found.firstAppearance} evidence={found.evidence} />
      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading">Corrections and versions</h2>
        <VersionList claimId={claim.id} versions={all} shown={version.versionNumber} />
      </section>
    </main>
  );
}
