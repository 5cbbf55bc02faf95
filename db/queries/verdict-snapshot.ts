import 'server-only';
import { asc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { DbOrTx } from '../open';
import { appearances, claims, evidence, sources } from '../schema';

const publisher = alias(sources, 'publisher');
const party = { name: publisher.name, kind: publisher.kind, url: publisher.url };

/**
 * The live rows a verdict version freezes when it is published: the claim with its claimant, its
 * appearances oldest first, and the given evidence items in id order. Read inside the publishing
 * transaction, so the snapshot is exactly what the database held at that moment.
 */
export function readVerdictSnapshotRows(db: DbOrTx, claimId: number, evidenceIds: readonly number[]) {
  const claim = db
    .select({
      statement: claims.statement,
      claimedOn: claims.claimedOn,
      language: claims.language,
      claimant: { name: sources.name, kind: sources.kind, url: sources.url },
    })
    .from(claims)
    .innerJoin(sources, eq(sources.id, claims.claimantId))
    .where(eq(claims.id, claimId))
    .get();
  const appearanceRows = db
    .select({
      url: appearances.url,
      title: appearances.title,
      publishedOn: appearances.publishedOn,
      quote: appearances.quote,
      publisherId: publisher.id,
      publisher: party,
    })
    .from(appearances)
    .leftJoin(publisher, eq(publisher.id, appearances.publisherId))
    .where(eq(appearances.claimId, claimId))
    .orderBy(asc(appearances.id))
    .all();
  const evidenceRows =
    evidenceIds.length === 0
      ? []
      : db
          .select({
            id: evidence.id,
            url: evidence.url,
            title: evidence.title,
            publishedOn: evidence.publishedOn,
            stance: evidence.stance,
            quoteExact: evidence.quoteExact,
            quotePrefix: evidence.quotePrefix,
            quoteSuffix: evidence.quoteSuffix,
            publisherId: publisher.id,
            publisher: party,
          })
          .from(evidence)
          .leftJoin(publisher, eq(publisher.id, evidence.publisherId))
          .where(inArray(evidence.id, [...evidenceIds]))
          .orderBy(asc(evidence.id))
          .all();
  if (!claim) return undefined;
  // A left-joined publisher that is absent comes back as an object of nulls; name it null.
  const withPublisher = <T extends { publisherId: number | null; publisher: unknown }>({ publisherId, publisher: p, ...rest }: T) => ({
    ...rest,
    publisher: publisherId === null ? null : p,
  });
  return { claim, appearances: appearanceRows.map(withPublisher), evidence: evidenceRows.map(withPublisher) };
}
