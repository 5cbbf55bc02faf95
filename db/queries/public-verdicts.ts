import { asc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { DbOrTx } from '../open';
import { appearances, claims, evidence, sources, verdictCitations, verdicts } from '../schema';

const publisher = alias(sources, 'publisher');

/**
 * What the public may read about a claim with a published verdict: the claim, its first
 * appearance, every verdict version, and the evidence the current version rests on. Nothing about
 * reviewers, drafts or disagreements.
 */
export function getPublicVerdict(db: DbOrTx, claimId: number) {
  const versions = db
    .select({
      id: verdicts.id,
      versionNumber: verdicts.versionNumber,
      kind: verdicts.kind,
      label: verdicts.label,
      headline: verdicts.headline,
      explanation: verdicts.explanation,
      articleUrl: verdicts.articleUrl,
      note: verdicts.note,
      publishedAt: verdicts.publishedAt,
    })
    .from(verdicts)
    .where(eq(verdicts.claimId, claimId))
    .orderBy(asc(verdicts.versionNumber))
    .all();
  const current = versions[versions.length - 1];
  if (!current) return undefined;

  const claim = db
    .select({
      id: claims.id,
      statement: claims.statement,
      claimedOn: claims.claimedOn,
      language: claims.language,
      status: claims.status,
      claimant: { name: sources.name, kind: sources.kind, url: sources.url },
    })
    .from(claims)
    .innerJoin(sources, eq(sources.id, claims.claimantId))
    .where(eq(claims.id, claimId))
    .get();
  if (!claim) return undefined;

  const firstAppearance = db
    .select({ url: appearances.url, title: appearances.title, publishedOn: appearances.publishedOn, quote: appearances.quote, publisherName: publisher.name })
    .from(appearances)
    .leftJoin(publisher, eq(publisher.id, appearances.publisherId))
    .where(eq(appearances.claimId, claimId))
    .orderBy(asc(appearances.id))
    .get();

  // A retraction cites nothing itself; the evidence shown is that of the last substantive version.
  const substantive = [...versions].reverse().find((v) => v.kind !== 'retraction') ?? current;
  const citedIds = db
    .select({ evidenceId: verdictCitations.evidenceId })
    .from(verdictCitations)
    .where(eq(verdictCitations.verdictId, substantive.id))
    .all()
    .map((r) => r.evidenceId);
  const cited =
    citedIds.length === 0
      ? []
      : db
          .select({
            id: evidence.id,
            url: evidence.url,
            title: evidence.title,
            publishedOn: evidence.publishedOn,
            stance: evidence.stance,
            quoteExact: evidence.quoteExact,
            publisherName: publisher.name,
          })
          .from(evidence)
          .leftJoin(publisher, eq(publisher.id, evidence.publisherId))
          .where(inArray(evidence.id, citedIds))
          .orderBy(asc(evidence.id))
          .all();

  return { claim, firstAppearance: firstAppearance ?? null, versions, current, evidence: cited };
}

export type PublicVerdict = NonNullable<ReturnType<typeof getPublicVerdict>>;
