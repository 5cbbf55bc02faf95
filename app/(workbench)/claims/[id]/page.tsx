import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { loadClaimPageChoices } from '@/lib/claims/claim-form-choices';
import { loadClaimPage, type ClaimPageData } from '@/lib/claims/claim-page';
import { loadDuplicateState } from '@/lib/claims/duplicates';
import { loadCheckedElsewhere } from '@/lib/claims/factcheck-links';
import { loadClaimSuggestions } from '@/lib/claims/suggestions';
import { loadRatingProcess } from '@/lib/insights/rating-process';
import { AppError } from '@/lib/errors';
import { formatDate, formatQuantity } from '@/lib/display/format';
import { LINK_LABELS, MODALITY_LABELS, SOURCE_KIND_LABELS, STATUS_LABELS } from '@/lib/display/labels';
import { signedInPage, type PageContext } from '@/lib/http/page-context';
import { latestToday } from '@/lib/validation/fields';
import { AppearanceAdder } from './_components/appearance-form';
import { AssessmentsSection } from './_components/assessments-section';
import { ClaimSummary } from './_components/claim-summary';
import { CheckedElsewhereSection } from './_components/checked-elsewhere-section';
import { DuplicateNotice, DuplicatesSection } from './_components/duplicates-section';
import { ClaimEditor, type ClaimEditStart } from './_components/claim-edit-form';
import { DisagreementsSection } from './_components/disagreements-section';
import { EvidenceSection } from './_components/evidence-section';
import { DeferredFormsProvider } from './_components/form-disclosure';
import { HistorySection } from './_components/history-section';
import { LinkAdder } from './_components/link-form';
import { RatingProcessSection } from './_components/rating-process';
import { SourceSuggestions } from './_components/source-suggestions';
import { VerdictPanel } from './_components/verdict-panel';
import './claim-page.css';

/** The `?edit=` values this page accepts: the names its FormDisclosures are deferred under (and the history list). */
const EDIT_FORM = /^((evidence|retract)-[1-9]\d{0,14}|add-evidence|appearance|claim|correction|duplicate|factcheck|history|link|open-disagreement|retract-verdict|verdict-draft)$/;

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

async function load(params: Props['params']): Promise<PageContext & { data: ClaimPageData }> {
  const context = await signedInPage();
  const { id } = await params;
  const claimId = /^\d{1,15}$/.test(id) ? Number(id) : NaN;
  if (!Number.isSafeInteger(claimId)) notFound();
  try {
    return { ...context, data: loadClaimPage(context.db, context.actor, claimId) };
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Claim ${id.slice(0, 15)}` };
}

/** The stored claim as the edit form's fields, named by the schema's paths. */
function editStart({ claim }: ClaimPageData): ClaimEditStart {
  const q = claim.quantity;
  const text = (value: string | number | null | undefined) => (value === null || value === undefined ? '' : String(value));
  return {
    claimId: claim.id,
    version: claim.version,
    fields: {
      statement: claim.statement,
      claimant: claim.claimant.name,
      claimedOn: claim.claimedOn,
      language: claim.language,
      context: claim.context,
      'quantity.measure': text(q?.measure.name),
      'quantity.unit': text(q?.unit),
      'quantity.bound': text(q?.bound),
      'quantity.value': text(q?.value),
      'quantity.low': text(q?.low),
      'quantity.high': text(q?.high),
      'quantity.modality': text(q?.modality),
      'quantity.asOf': text(q?.asOf),
    },
  };
}

export default async function ClaimPage({ params, searchParams }: Props) {
  const { data, actor, db } = await load(params);
  const { claim } = data;
  const query = await searchParams;
  const created = query.created === '1';
  // A duplicate's address leads to the claim it was merged into; ?view=duplicate shows its own page.
  const duplicates = loadDuplicateState(db, actor, claim.id);
  if (duplicates.duplicateOf && query.view !== 'duplicate') redirect(`/claims/${duplicates.duplicateOf.id}?merged=${claim.id}`);
  // ?edit=evidence-12: that item's form rendered open (the link a closed form shows without JavaScript).
  const openForm = typeof query.edit === 'string' && EDIT_FORM.test(query.edit) ? query.edit : null;
  const mergedFrom = typeof query.merged === 'string' && /^\d{1,15}$/.test(query.merged) ? Number(query.merged) : null;
  const { claimants, publishers, measures } = loadClaimPageChoices(db, actor, { editClaim: data.permissions.editClaim });
  const published = claim.status === 'published' || claim.status === 'retracted';
  const suggestions = await loadClaimSuggestions(db, actor, claim.id);

  return (
    <DeferredFormsProvider claimId={claim.id} openForm={openForm} duplicateView={duplicates.duplicateOf !== null}>
      <article className="claim">
        {/* Server-rendered only with a form open: one asked for by ?edit=, or "Add evidence" on a claim without any. */}
        <SourceSuggestions publishers={publishers} claimants={claimants} withForms={openForm !== null || data.evidence.length === 0} />
        {created ? (
          <p role="status" className="notice success">
            Claim created.
          </p>
        ) : null}
        <p className="eyebrow">
          <Link href="/claims">Claims</Link> / Claim {claim.id}
        </p>
        <h1 className="statement">{claim.statement}</h1>
        <ClaimSummary data={data} />
        <DuplicateNotice claimId={claim.id} state={duplicates} mergedFrom={mergedFrom} />

        <div className="claim-grid">
          <div className="claim-main">
            <section aria-labelledby="claim-heading" className="panel">
              <h2 id="claim-heading">Claim</h2>
              <dl className="facts">
                <dt>Claimant</dt>
                <dd>
                  <Link href={`/sources/${claim.claimant.id}`}>{claim.claimant.name}</Link>{' '}
                  <span className="muted">({SOURCE_KIND_LABELS[claim.claimant.kind]})</span>
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
              {data.permissions.editClaim ? (
                <ClaimEditor
                  start={editStart(data)}
                  measures={measures}
                  today={latestToday()}
                  note={
                    published
                      ? 'The verdict on this claim is published: a change shows here at once, and on the public verdict page only once a correction publishes it.'
                      : null
                  }
                />
              ) : published ? (
                <p className="muted">Only an editor can change a claim whose verdict is published.</p>
              ) : null}
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
                      {appearance.publisherId !== null && appearance.publisherName !== null ? (
                        <Link href={`/sources/${appearance.publisherId}`}>{appearance.publisherName}</Link>
                      ) : (
                        'Unknown publisher'
                      )}{' '}
                      · {formatDate(appearance.publishedOn)}
                    </p>
                    {appearance.quote ? (
                      <blockquote cite={appearance.url}>
                        <p>{appearance.quote}</p>
                      </blockquote>
                    ) : null}
                  </li>
                ))}
              </ol>
              {claim.status !== 'retracted' ? <AppearanceAdder claimId={claim.id} /> : null}
            </section>

            <CheckedElsewhereSection claimId={claim.id} data={loadCheckedElsewhere(db, actor, claim.id)} suggestions={suggestions.factchecks} />
            <DuplicatesSection claimId={claim.id} state={duplicates} suggestions={suggestions.duplicates} />
            <EvidenceSection data={data} />
            <AssessmentsSection data={data} />
            <DisagreementsSection data={data} />
            <HistorySection data={data} />
          </div>

          <aside className="claim-side">
            <VerdictPanel data={data} />
            <RatingProcessSection process={loadRatingProcess(db, actor, claim)} />

            <section aria-labelledby="quantity-heading" className="panel">
              <h2 id="quantity-heading">Quantity</h2>
              {claim.quantity ? (
                <dl className="facts">
                  <dt>Figure</dt>
                  <dd className="figure">{formatQuantity(claim.quantity)}</dd>
                  <dt>Modality</dt>
                  <dd>{MODALITY_LABELS[claim.quantity.modality]}</dd>
                  <dt>Measure</dt>
                  <dd>
                    <Link href={`/measures/${claim.quantity.measure.key}`}>{claim.quantity.measure.name}</Link>
                  </dd>
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
              <LinkAdder claimId={claim.id} />
            </section>
          </aside>
        </div>
      </article>
    </DeferredFormsProvider>
  );
}
