import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { getClaimDetail, type ClaimDetail } from '@/db/queries/claims';
import { requireUser, userActor } from '@/lib/auth/session';
import { formatDate, formatQuantity } from '@/lib/format';
import { LINK_LABELS, MODALITY_LABELS, SOURCE_KIND_LABELS, STATUS_LABELS } from '@/lib/labels';
import { assertCan } from '@/lib/permissions';
import { StatusBadge } from '../_components/status-badge';

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

async function loadClaim(params: Props['params']): Promise<ClaimDetail> {
  const actor = userActor(await requireUser());
  assertCan(actor, 'claim:read');
  const { id } = await params;
  const claimId = /^\d{1,15}$/.test(id) ? Number(id) : NaN;
  const claim = Number.isSafeInteger(claimId) ? getClaimDetail(getDb(), claimId) : undefined;
  if (!claim) notFound();
  return claim;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Claim ${id.slice(0, 15)}` };
}

function Placeholder({ id, title, children }: { id: string; title: string; children: string }) {
  return (
    <section aria-labelledby={id} className="panel placeholder">
      <h2 id={id}>{title}</h2>
      <p className="empty">{children}</p>
    </section>
  );
}

export default async function ClaimPage({ params, searchParams }: Props) {
  const claim = await loadClaim(params);
  const created = (await searchParams).created === '1';

  return (
    <article className="claim">
      {created ? (
        <p role="status" className="notice success">
          Claim created.
        </p>
      ) : null}
      <p className="eyebrow">
        <Link href="/claims">Claims</Link> / Claim {claim.id}
      </p>
      <h1 className="statement">{claim.statement}</h1>
      <StatusBadge status={claim.status} disputed={claim.disputed} />

      <div className="claim-grid">
        <div className="claim-main">
          <section aria-labelledby="claim-heading" className="panel">
            <h2 id="claim-heading">Claim</h2>
            <dl className="facts">
              <dt>Claimant</dt>
              <dd>
                {claim.claimant.name} <span className="muted">({SOURCE_KIND_LABELS[claim.claimant.kind]})</span>
              </dd>
              <dt>Status</dt>
              <dd>
                {STATUS_LABELS[claim.status]}
                {claim.disputed ? ' (disputed)' : ''}
              </dd>
              <dt>Date made</dt>
              <dd>
                <time dateTime={claim.claimedOn}>{formatDate(claim.claimedOn)}</time>
              </dd>
              <dt>Language</dt>
              <dd>{claim.language}</dd>
              {claim.context ? (
                <>
                  <dt>Context</dt>
                  <dd>{claim.context}</dd>
                </>
              ) : null}
            </dl>
          </section>

          <section aria-labelledby="appearances-heading" className="panel">
            <h2 id="appearances-heading">Appearances</h2>
            <ol className="appearances">
              {claim.appearances.map((appearance, index) => (
                <li key={appearance.id}>
                  <p className="appearance-title">
                    {index === 0 ? <span className="badge">First appearance</span> : null}{' '}
                    <a href={appearance.url} rel="noopener noreferrer nofollow" target="_blank">
                      {appearance.title}
                    </a>
                  </p>
                  <p className="muted">
                    {appearance.publisherName ?? 'Unknown publisher'} · {formatDate(appearance.publishedOn)}
                  </p>
                  {appearance.quote ? (
                    <blockquote cite={appearance.url}>
                      <p>{appearance.quote}</p>
                    </blockquote>
                  ) : null}
                </li>
              ))}
            </ol>
          </section>

          <Placeholder id="evidence-heading" title="Evidence">
            No evidence attached yet. Supporting, refuting and context evidence will be listed here.
          </Placeholder>
          <Placeholder id="assessments-heading" title="Assessments">
            No assessments yet. Reviewers’ independent ratings will appear here.
          </Placeholder>
        </div>

        <aside className="claim-side">
          <section aria-labelledby="quantity-heading" className="panel">
            <h2 id="quantity-heading">Quantity</h2>
            {claim.quantity ? (
              <dl className="facts">
                <dt>Figure</dt>
                <dd className="figure">{formatQuantity(claim.quantity)}</dd>
                <dt>Modality</dt>
                <dd>{MODALITY_LABELS[claim.quantity.modality]}</dd>
                <dt>Measure</dt>
                <dd>{claim.quantity.measure.name}</dd>
                {claim.quantity.asOf ? (
                  <>
                    <dt>As of</dt>
                    <dd>{formatDate(claim.quantity.asOf)}</dd>
                  </>
                ) : null}
              </dl>
            ) : (
              <p className="empty">This claim states no figure.</p>
            )}
          </section>

          <section aria-labelledby="related-heading" className="panel">
            <h2 id="related-heading">Related claims</h2>
            {claim.links.length === 0 ? (
              <p className="empty">No related claims linked yet.</p>
            ) : (
              <ul className="related">
                {claim.links.map((link) => (
                  <li key={link.id}>
                    <span className="badge">{LINK_LABELS[link.kind]}</span>{' '}
                    <Link href={`/claims/${link.other.id}`}>{link.other.statement}</Link>
                    {link.note ? <p className="muted">{link.note}</p> : null}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <Placeholder id="disagreements-heading" title="Disagreements">
            No disagreements recorded. Conflicts between reviewers or sources will be tracked here.
          </Placeholder>
          <Placeholder id="verdict-heading" title="Verdict">
            No verdict yet. The editor’s published verdict and its versions will appear here.
          </Placeholder>
        </aside>
      </div>
    </article>
  );
}
