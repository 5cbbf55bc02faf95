import 'server-only';
import type { DbOrTx } from '@/db/open';
import { listMeasureFigures, listMeasuresWithCounts } from '@/db/queries/ledger';
import { assertCan, type Actor } from '../auth/permissions';

/*
 * lib/measures: the measures claims state figures for, and each measure's estimate ledger, read
 * for the workbench. It reads through db/queries and checks permission beside each read; drawing
 * the ledger is lib/display/ledger-chart.ts, comparing its figures lib/review/figures.ts.
 */

export type { LedgerFigure, LedgerLink, MeasureLedger } from '@/db/queries/ledger';

/** Far past the longest key a measure name gives (lib/claims/claims.ts measureKey): such a key is not looked up. */
const MAX_MEASURE_KEY = 200;

/** Every measure, by name, with how many claims state a figure for it. */
export function loadMeasures(db: DbOrTx, actor: Actor) {
  assertCan(actor, 'claim:read');
  return listMeasuresWithCounts(db);
}

/**
 * The estimate ledger of one measure: every figure stated for it, ordered by as-of date (undated
 * last), or undefined when no measure has this key.
 */
export function loadMeasureLedger(db: DbOrTx, actor: Actor, key: string) {
  assertCan(actor, 'claim:read');
  return key.length <= MAX_MEASURE_KEY ? listMeasureFigures(db, key) : undefined;
}
