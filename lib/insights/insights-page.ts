import 'server-only';
import type { Db } from '@/db/open';
import { listAgreementProfiles, listCalibrationRows, listMeasureNames, type AgreementProfileRow } from '@/db/queries/insights';
import type { SourceKind } from '@/db/schema';
import { assertCan, can, type Actor } from '@/lib/auth/permissions';
import { SOURCE_KIND_LABELS } from '@/lib/display/labels';
import { dataVersion } from '@/lib/http/response-cache';
import type { InsightPeriod } from '@/lib/validation/insights';
import { calibrate, type Calibration } from './calibration';
import { alphaInterval, krippendorffAlpha, type AlphaInterval, type AlphaLevel, type AlphaResult, type UnitProfile } from './krippendorff';

/**
 * What the insights page shows. Editors and admins: the team's agreement (nominal over the six
 * labels, ordinal over the five steps with unverifiable as missing) with its interval, by month,
 * by measure and by claimant kind, and everyone's calibration. A reviewer: their own calibration
 * only. Agreement uses every claim with two or more current assessments (only editors and admins
 * see it, so blind rating is untouched); calibration uses claims with a live published verdict.
 *
 * Computed from grouped counts (db/queries/insights.ts) and kept per data version: the same
 * question under the same data is answered from memory.
 */

export type AlphaSummary = AlphaResult & { interval: AlphaInterval | null };

export interface AgreementGroup {
  key: string;
  name: string;
  claims: number;
  nominal: AlphaResult;
  ordinal: AlphaResult;
}

export interface ReviewerCalibration {
  reviewerId: number;
  name: string;
  calibration: Calibration;
}

export interface InsightsData {
  period: InsightPeriod;
  /** The first instant counted (ISO), or null for all time. */
  since: string | null;
  /** Null for a reviewer: the team's figures are the editors'. */
  team: {
    claims: number;
    nominal: AlphaSummary;
    ordinal: AlphaSummary;
    /** Oldest first. */
    months: AgreementGroup[];
    byMeasure: AgreementGroup[];
    byKind: AgreementGroup[];
    calibration: Calibration;
  } | null;
  /** Every reviewer's calibration for editors; the viewer's own (possibly empty) for a reviewer. */
  reviewers: ReviewerCalibration[];
}

/** The nominal domain: the six labels in RATING_LABELS order; the ordinal one: the five steps. */
const NOMINAL_DOMAIN = [0, 1, 2, 3, 4, 5];
const ORDINAL_DOMAIN = [5, 4, 3, 2, 1];
const MONTHS_SHOWN = 24;
const MEASURES_SHOWN = 12;
const PERIOD_DAYS: Record<InsightPeriod, number | null> = { all: null, '365d': 365, '90d': 90, '30d': 30 };

function nominalProfile(row: AgreementProfileRow): UnitProfile {
  return { counts: [row.a, row.b, row.c, row.d, row.e, row.u], weight: row.claims };
}

function ordinalProfile(row: AgreementProfileRow): UnitProfile {
  return { counts: [row.a, row.b, row.c, row.d, row.e], weight: row.claims };
}

/** Profiles with the same counts merged, in a fixed order, so the seeded interval never depends on row order. */
function merged(profiles: readonly UnitProfile[]): UnitProfile[] {
  const byCounts = new Map<string, UnitProfile>();
  for (const profile of profiles) {
    const key = profile.counts.join(',');
    const found = byCounts.get(key);
    byCounts.set(key, { counts: profile.counts, weight: (found?.weight ?? 0) + profile.weight });
  }
  return [...byCounts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, profile]) => profile);
}

function alphaOf(rows: readonly AgreementProfileRow[], level: AlphaLevel): AlphaResult {
  return level === 'nominal'
    ? krippendorffAlpha(merged(rows.map(nominalProfile)), NOMINAL_DOMAIN, 'nominal')
    : krippendorffAlpha(merged(rows.map(ordinalProfile)), ORDINAL_DOMAIN, 'ordinal');
}

function summaryOf(rows: readonly AgreementProfileRow[], level: AlphaLevel): AlphaSummary {
  const profiles = merged(rows.map(level === 'nominal' ? nominalProfile : ordinalProfile));
  const domain = level === 'nominal' ? NOMINAL_DOMAIN : ORDINAL_DOMAIN;
  return { ...krippendorffAlpha(profiles, domain, level), interval: alphaInterval(profiles, domain, level) };
}

function groupsOf(rows: readonly AgreementProfileRow[], keyOf: (row: AgreementProfileRow) => string | null): Map<string, AgreementProfileRow[]> {
  const groups = new Map<string, AgreementProfileRow[]>();
  for (const row of rows) {
    const key = keyOf(row);
    if (key === null) continue;
    const list = groups.get(key) ?? [];
    list.push(row);
    groups.set(key, list);
  }
  return groups;
}

function agreementGroup(key: string, name: string, rows: readonly AgreementProfileRow[]): AgreementGroup {
  return { key, name, claims: rows.reduce((sum, row) => sum + row.claims, 0), nominal: alphaOf(rows, 'nominal'), ordinal: alphaOf(rows, 'ordinal') };
}

function teamAgreement(db: Db, since: string | null) {
  const rows = listAgreementProfiles(db, since);
  const months = [...groupsOf(rows, (row) => row.month)]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .slice(-MONTHS_SHOWN)
    .map(([month, list]) => agreementGroup(month, month, list));
  const byMeasureRows = [...groupsOf(rows, (row) => (row.measureId === null ? null : String(row.measureId)))]
    .map(([id, list]) => ({ id: Number(id), list, claims: list.reduce((sum, row) => sum + row.claims, 0) }))
    .sort((a, b) => b.claims - a.claims || a.id - b.id)
    .slice(0, MEASURES_SHOWN);
  const names = new Map(listMeasureNames(db, byMeasureRows.map((m) => m.id)).map((m) => [m.id, m.name]));
  return {
    claims: rows.reduce((sum, row) => sum + row.claims, 0),
    nominal: summaryOf(rows, 'nominal'),
    ordinal: summaryOf(rows, 'ordinal'),
    months,
    byMeasure: byMeasureRows.map((m) => agreementGroup(String(m.id), names.get(m.id) ?? `Measure ${m.id}`, m.list)),
    byKind: [...groupsOf(rows, (row) => row.kind)]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([kind, list]) => agreementGroup(kind, SOURCE_KIND_LABELS[kind as SourceKind], list)),
  };
}

function reviewerCalibrations(db: Db, since: string | null, reviewerId: number | null): { reviewers: ReviewerCalibration[]; all: Calibration } {
  const rows = listCalibrationRows(db, since, reviewerId);
  const byReviewer = new Map<number, { name: string; rows: typeof rows }>();
  for (const row of rows) {
    const entry = byReviewer.get(row.reviewerId) ?? { name: row.reviewerName, rows: [] };
    entry.rows.push(row);
    byReviewer.set(row.reviewerId, entry);
  }
  const reviewers = [...byReviewer.entries()]
    .map(([id, entry]) => ({ reviewerId: id, name: entry.name, calibration: calibrate(entry.rows) }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.reviewerId - b.reviewerId);
  return { reviewers, all: calibrate(rows) };
}

/** The first instant of a period: midnight UTC, N days before today. */
export function periodStart(period: InsightPeriod, now: Date = new Date()): string | null {
  const days = PERIOD_DAYS[period];
  if (days === null) return null;
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - days));
  return day.toISOString();
}

/** Per database handle (tests open several): the data version the entries were computed under, and the entries. */
const caches = new WeakMap<Db, { version: string; entries: Map<string, InsightsData> }>();
const CACHE_ENTRIES = 64;

/** The insights a viewer may see for a period. */
export function loadInsights(
  db: Db,
  actor: Actor,
  input: { period: InsightPeriod; now?: Date },
): InsightsData {
  assertCan(actor, 'insights:read');
  const since = periodStart(input.period, input.now);
  const team = can(actor, 'insights:team');
  const ownId = actor.kind === 'user' ? actor.id : null;
  const version = dataVersion(db);
  let cache = caches.get(db)?.entries;
  if (!cache || caches.get(db)?.version !== version) {
    cache = new Map();
    caches.set(db, { version, entries: cache });
  }
  // A reviewer's entry is their own; the team's is shared by every editor and admin.
  const key = `${since ?? 'all'}|${team ? 'team' : `own:${ownId}`}`;
  const found = cache.get(key);
  if (found) return { ...found, period: input.period };

  let data: InsightsData;
  if (team) {
    const { reviewers, all } = reviewerCalibrations(db, since, null);
    data = { period: input.period, since, team: { ...teamAgreement(db, since), calibration: all }, reviewers };
  } else {
    const { reviewers } = reviewerCalibrations(db, since, ownId ?? -1);
    const own = reviewers.filter((r) => r.reviewerId === ownId);
    data = {
      period: input.period,
      since,
      team: null,
      reviewers: own.length > 0 ? own : [{ reviewerId: ownId ?? -1, name: actor.name, calibration: calibrate([]) }],
    };
  }
  if (cache.size >= CACHE_ENTRIES) cache.clear();
  cache.set(key, data);
  return data;
}
