import { asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { DbOrTx } from '../open';
import { appearances, claims, evidence, sources, verdictCitations, verdicts } from '../schema';
import { preparedPerDb } from './prepared';

const publisher = alias(sources, 'publisher');

// The public verdict page runs these on every request, so each is prepared once.
const versionsOfClaim = preparedPerDb((db) =>
  db
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
    .where(eq(verdicts.claimId, sql.placeholder('claimId')))
    .orderBy(asc(verdicts.versionNumber))
    .prepare(),
);

const publicClaim = preparedPerDb((db) =>
  db
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
    .where(eq(claims.id, sql.placeholder('claimId')))
    .prepare(),
);

const firstAppearanceOfClaim = preparedPerDb((db) =>
  db
    .select({ url: appearances.url, title: appearances.title, publishedOn: appearances.publishedOn, quote: appearances.quote, publisherName: publisher.name })
    .from(appearances)
    .leftJoin(publisher, eq(publisher.id, appearances.publisherId))
    .where(eq(appearances.claimId, sql.placeholder('claimId')))
    .orderBy(asc(appearances.id))
    .limit(1)
    .prepare(),
);

const evidenceCitedBy = preparedPerDb((db) =>
  db
    .select({
      id: evidence.id,
      url: evidence.url,
      title: evidence.title,
      publishedOn: evidence.publishedOn,
      stance: evidence.stance,
      quoteExact: evidence.quoteExact,
      publisherName: publisher.name,
    })
    .from(verdictCitations)
    .innerJoin(evidence, eq(evidence.id, verdictCitations.evidenceId))
    .leftJoin(publisher, eq(publisher.id, evidence.publisherId))
    .where(eq(verdictCitations.verdictId, sql.placeholder('verdictId')))
    .orderBy(asc(evidence.id))
    .prepare(),
);

/**
 * What the public may read about a claim with a published verdict: the claim, its first
 * appearance, every verdict version, and the evidence the current version rests on. Nothing about
 * reviewers, drafts or disagreements.
 */
export function getPublicVerdict(db: DbOrTx, claimId: number) {
  const versions = versionsOfClaim(db).all({ claimId });
  const current = versions[versions.length - 1];
  if (!current) return undefined;

  const claim = publicClaim(db).get({ claimId });
  if (!claim) return undefined;

  const firstAppearance = firstAppearanceOfClaim(db).get({ claimId });

  // A retraction cites nothing itself; the evidence shown is that of the last substantive version.
  const substantive = [...versions].reverse().find((v) => v.kind !== 'retraction') ?? current;
  const cited = evidenceCitedBy(db).all({ verdictId: substantive.id });

  return { claim, firstAppearance: firstAppearance ?? null, versions, current, evidence: cited };
}

export type PublicVerdict = NonNullable<ReturnType<typeof getPublicVerdict>>;
