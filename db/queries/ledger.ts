import 'server-only';
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import {
  appearances,
  claimLinks,
  claims,
  measures,
  quantities,
  sources,
  type BoundKind,
  type ClaimStatus,
  type LinkKind,
  type Modality,
} from '../schema';

/** One claim's figure for a measure, with what the estimate ledger shows beside it. */
export interface LedgerFigure {
  claimId: number;
  statement: string;
  status: ClaimStatus;
  claimant: { id: number; name: string };
  value: number | null;
  low: number | null;
  high: number | null;
  unit: string;
  bound: BoundKind;
  modality: Modality;
  asOf: string | null;
  claimedOn: string;
  /** The quoted text of the claim's first appearance (its lowest id); null when there is none or it is empty. */
  quote: string | null;
  appearanceUrl: string | null;
}

/** A link a reviewer made between two claims of the ledger, with the note that says why. */
export interface LedgerLink {
  fromClaimId: number;
  toClaimId: number;
  kind: LinkKind;
  note: string;
}

export interface MeasureLedger {
  measure: { id: number; key: string; name: string; unit: string };
  figures: LedgerFigure[];
  /** Links between the figures' claims that carry a note. */
  links: LedgerLink[];
}

/**
 * Every figure stated for one measure, ordered by as-of date (undated figures last) then claim id,
 * or undefined when no measure has this key.
 */
export function listMeasureFigures(db: DbOrTx, measureKey: string): MeasureLedger | undefined {
  const measure = db
    .select({ id: measures.id, key: measures.key, name: measures.name, unit: measures.unit })
    .from(measures)
    .where(eq(measures.key, measureKey))
    .get();
  if (!measure) return undefined;

  const rows = db
    .select({
      claimId: claims.id,
      statement: claims.statement,
      status: claims.status,
      claimant: { id: sources.id, name: sources.name },
      value: quantities.value,
      low: quantities.low,
      high: quantities.high,
      unit: quantities.unit,
      bound: quantities.bound,
      modality: quantities.modality,
      asOf: quantities.asOf,
      claimedOn: claims.claimedOn,
    })
    .from(quantities)
    .innerJoin(claims, eq(claims.id, quantities.claimId))
    .innerJoin(sources, eq(sources.id, claims.claimantId))
    .where(eq(quantities.measureId, measure.id))
    .orderBy(sql`${quantities.asOf} IS NULL`, asc(quantities.asOf), asc(claims.id))
    .all();

  const firstAppearances = firstAppearanceByClaim(
    db,
    rows.map((row) => row.claimId),
  );
  const figures = rows.map((row) => {
    const appearance = firstAppearances.get(row.claimId);
    return { ...row, quote: appearance?.quote || null, appearanceUrl: appearance?.url ?? null };
  });
  return { measure, figures, links: linksAmong(db, rows.map((row) => row.claimId)) };
}

/** Links with a note whose both ends are among these claims. */
function linksAmong(db: DbOrTx, claimIds: number[]): LedgerLink[] {
  if (claimIds.length < 2) return [];
  return db
    .select({ fromClaimId: claimLinks.fromClaimId, toClaimId: claimLinks.toClaimId, kind: claimLinks.kind, note: claimLinks.note })
    .from(claimLinks)
    .where(and(inArray(claimLinks.fromClaimId, claimIds), inArray(claimLinks.toClaimId, claimIds), sql`trim(${claimLinks.note}) <> ''`))
    .orderBy(asc(claimLinks.id))
    .all();
}

/** The first appearance (lowest id) of each of these claims. */
function firstAppearanceByClaim(db: DbOrTx, claimIds: number[]): Map<number, { quote: string; url: string }> {
  const first = new Map<number, { quote: string; url: string }>();
  if (claimIds.length === 0) return first;
  const rows = db
    .select({ claimId: appearances.claimId, url: appearances.url, quote: appearances.quote })
    .from(appearances)
    .where(inArray(appearances.claimId, claimIds))
    .orderBy(asc(appearances.claimId), asc(appearances.id))
    .all();
  for (const row of rows) {
    if (!first.has(row.claimId)) first.set(row.claimId, { quote: row.quote, url: row.url });
  }
  return first;
}

/** Every measure by name, with how many claims state a figure for it. */
export function listMeasuresWithCounts(db: DbOrTx) {
  return db
    .select({
      id: measures.id,
      key: measures.key,
      name: measures.name,
      unit: measures.unit,
      figureCount: count(quantities.claimId),
    })
    .from(measures)
    .leftJoin(quantities, eq(quantities.measureId, measures.id))
    .groupBy(measures.id)
    .orderBy(asc(measures.name), asc(measures.id))
    .all();
}

export type MeasureWithCount = ReturnType<typeof listMeasuresWithCounts>[number];
