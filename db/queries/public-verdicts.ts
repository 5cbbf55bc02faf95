import 'server-only';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { verdicts } from '../schema';
import { parseVerdictSnapshot } from '../verdict-snapshot';
import { preparedPerDb } from './prepared';
import { verdictVersionColumns } from './verdict-columns';

// The public verdict page runs these on every request, so each is prepared once.
const versionsOfClaim = preparedPerDb((db) =>
  db
    .select(verdictVersionColumns)
    .from(verdicts)
    .where(eq(verdicts.claimId, sql.placeholder('claimId')))
    .orderBy(asc(verdicts.versionNumber))
    .prepare(),
);

const currentSnapshot = preparedPerDb((db) =>
  db
    .select({ snapshot: verdicts.snapshot })
    .from(verdicts)
    .where(eq(verdicts.claimId, sql.placeholder('claimId')))
    .orderBy(desc(verdicts.versionNumber))
    .limit(1)
    .prepare(),
);

/**
 * What the public may read about a claim with a published verdict: every verdict version, and the
 * claim, claimant, first appearance and cited evidence as the current version's snapshot froze them
 * when it was published (a retraction's snapshot keeps the evidence of the version it withdrew).
 * Nothing live, nothing about reviewers, drafts or disagreements.
 */
export function getPublicVerdict(db: DbOrTx, claimId: number) {
  const versions = versionsOfClaim(db).all({ claimId });
  const current = versions[versions.length - 1];
  if (!current) return undefined;
  const stored = currentSnapshot(db).get({ claimId });
  if (!stored) return undefined;
  const snapshot = parseVerdictSnapshot(stored.snapshot);
  const first = snapshot.appearances[0];

  return {
    claim: {
      id: claimId,
      ...snapshot.claim,
      status: current.kind === 'retraction' ? ('retracted' as const) : ('published' as const),
      claimant: snapshot.claimant,
    },
    firstAppearance: first ? { url: first.url, title: first.title, publishedOn: first.publishedOn, quote: first.quote, publisherName: first.publisher?.name ?? null } : null,
    versions,
    current,
    evidence: snapshot.evidence.map(({ publisher, ...item }) => ({ ...item, publisherName: publisher?.name ?? null })),
    /** How the rating was reached when the current version was published; null for versions older than that record. */
    method: snapshot.method ?? null,
  };
}

export type PublicVerdict = NonNullable<ReturnType<typeof getPublicVerdict>>;

/**
 * One published version of a claim's verdict as it read when it was published: the version's own
 * text and the claim, claimant, first appearance and evidence its snapshot froze (issue 14).
 */
export function getPublicVerdictVersion(db: DbOrTx, claimId: number, versionNumber: number) {
  const versions = versionsOfClaim(db).all({ claimId });
  const version = versions.find((v) => v.versionNumber === versionNumber);
  const latest = versions[versions.length - 1];
  if (!version || !latest) return undefined;
  const stored = db
    .select({ snapshot: verdicts.snapshot })
    .from(verdicts)
    .where(and(eq(verdicts.claimId, claimId), eq(verdicts.versionNumber, versionNumber)))
    .get();
  if (!stored) return undefined;
  const snapshot = parseVerdictSnapshot(stored.snapshot);
  const first = snapshot.appearances[0];
  return {
    claim: { id: claimId, ...snapshot.claim, claimant: snapshot.claimant },
    firstAppearance: first ? { url: first.url, title: first.title, publishedOn: first.publishedOn, quote: first.quote, publisherName: first.publisher?.name ?? null } : null,
    version,
    latestVersionNumber: latest.versionNumber,
    evidence: snapshot.evidence.map(({ publisher, ...item }) => ({ ...item, publisherName: publisher?.name ?? null })),
  };
}

export type PublicVerdictVersion = NonNullable<ReturnType<typeof getPublicVerdictVersion>>;
