import 'server-only';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { users, verdictCitations, verdictDrafts, verdicts, type RatingLabel, type Verdict } from '../schema';
import { verdictVersionColumns, versionColumnIn } from './verdict-columns';

export function getVerdictDraft(db: DbOrTx, claimId: number) {
  return db.select().from(verdictDrafts).where(eq(verdictDrafts.claimId, claimId)).get();
}

export type VerdictDraftRow = NonNullable<ReturnType<typeof getVerdictDraft>>;

export interface DraftFields {
  label: RatingLabel | null;
  headline: string;
  explanation: string;
  articleUrl: string | null;
  citedEvidenceIds: number[];
  updatedBy: number | null;
}

export function insertVerdictDraft(tx: DbOrTx, claimId: number, fields: DraftFields): VerdictDraftRow {
  return tx.insert(verdictDrafts).values({ claimId, ...fields }).returning().get();
}

/** Saves the draft only at the version the editor read; undefined means someone saved first. */
export function updateVerdictDraftAtVersion(
  tx: DbOrTx,
  claimId: number,
  version: number,
  fields: DraftFields,
): VerdictDraftRow | undefined {
  return tx
    .update(verdictDrafts)
    .set({ ...fields, updatedAt: new Date().toISOString(), version: sql`${verdictDrafts.version} + 1` })
    .where(and(eq(verdictDrafts.claimId, claimId), eq(verdictDrafts.version, version)))
    .returning()
    .get();
}

export type NewVerdict = typeof verdicts.$inferInsert;

export function insertVerdict(tx: DbOrTx, values: NewVerdict): Verdict {
  return tx.insert(verdicts).values(values).returning().get();
}

export function insertVerdictCitations(tx: DbOrTx, verdictId: number, evidenceIds: readonly number[]): void {
  if (evidenceIds.length === 0) return;
  tx.insert(verdictCitations)
    .values(evidenceIds.map((evidenceId) => ({ verdictId, evidenceId })))
    .run();
}

/** Every published version of a claim's verdict, oldest first, with the publisher's name. */
export function listVerdictVersions(db: DbOrTx, claimId: number) {
  return db
    .select({ ...verdictVersionColumns, publishedByName: users.name })
    .from(verdicts)
    .leftJoin(users, eq(users.id, verdicts.publishedBy))
    .where(eq(verdicts.claimId, claimId))
    .orderBy(asc(verdicts.versionNumber))
    .all();
}

export type VerdictVersion = ReturnType<typeof listVerdictVersions>[number];

export function getLatestVerdict(db: DbOrTx, claimId: number): Verdict | undefined {
  return db.select().from(verdicts).where(eq(verdicts.claimId, claimId)).orderBy(desc(verdicts.versionNumber)).get();
}

export function listVerdictCitations(db: DbOrTx, verdictIds: readonly number[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  if (verdictIds.length === 0) return out;
  const rows = db.select().from(verdictCitations).where(inArray(verdictCitations.verdictId, [...verdictIds])).all();
  for (const row of rows) out.set(row.verdictId, [...(out.get(row.verdictId) ?? []), row.evidenceId]);
  return out;
}

/** A column of the version joined as `v` below. */
const v = (column: Parameters<typeof versionColumnIn>[1]) => versionColumnIn('v', column);

/** Recently published or corrected verdicts, newest first, for the home queue. */
export function listRecentVerdicts(db: DbOrTx, limit = 10) {
  return db.all<{ claimId: number; statement: string; label: RatingLabel; headline: string; kind: string; publishedAt: string; versionNumber: number }>(sql`
    SELECT v.claim_id AS claimId, c.statement AS statement, ${v('label')} AS label, ${v('headline')} AS headline,
           ${v('kind')} AS kind, ${v('publishedAt')} AS publishedAt, ${v('versionNumber')} AS versionNumber
    FROM verdicts v JOIN claims c ON c.id = v.claim_id
    WHERE v.version_number = (SELECT max(version_number) FROM verdicts WHERE claim_id = v.claim_id)
    ORDER BY v.published_at DESC, v.id DESC
    LIMIT ${limit}
  `);
}
