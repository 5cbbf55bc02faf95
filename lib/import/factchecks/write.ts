import 'server-only';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { retryWhenBusy } from '@/db/busy';
import type { Db, Tx } from '@/db/open';
import { factcheckWriter, listMappingLabels } from '@/db/queries/factchecks';
import type { RatingMappingTarget } from '@/db/enums';
import { assertCan, auditActor, type DomainActor } from '@/lib/auth/permissions';
import { IMPORT_ACTOR } from '../write-claims';
import { normaliseReview, type FactcheckRecord, type Unit } from './normalise';

/**
 * Writing fact-checks in batches: each batch of normalised records is one synchronous transaction
 * (begun IMMEDIATE) with an audit event per row added or changed, so a crash leaves whole batches
 * and nothing half-written. The review URL's key is the identity: a review seen before is
 * compared by content hash and rewritten only when it changed, so re-running a file (or resuming
 * one that stopped) adds nothing twice.
 */

export interface Skip {
  where: string;
  reason: string;
}

export interface FactcheckImportCounts {
  added: number;
  updated: number;
  unchanged: number;
  /** The first MAX_SKIPS_KEPT skipped items with their reasons (skippedTotal counts them all). */
  skipped: Skip[];
  skippedTotal: number;
}

export const MAX_SKIPS_KEPT = 1000;

export interface FactcheckImportOptions {
  /** Who the audit events name (default the command-line import); must hold factcheck:import. */
  actor?: DomainActor;
  /** Count what would happen, then roll every batch back. */
  dryRun?: boolean;
  /** Reviews per transaction (default 1000). */
  batchSize?: number;
  /**
   * The pause after each batch (default 120 ms): longer than SQLite's longest busy-wait sleep
   * (100 ms), so the server's writers get the lock between two batches (see write-claims.ts).
   */
  pauseMs?: number;
  /** Each skipped item as it is found, for a line-by-line report. */
  onSkip?: (skip: Skip) => void;
  onBatch?: (progress: FactcheckImportCounts & { items: number }) => void;
  onRetry?: (attempt: number) => void;
}

/** Thrown out of a dry run's transaction to roll it back; carries nothing. */
class DryRunRollback extends Error {}

type Progress = FactcheckImportCounts & { items: number };

/** Imports reviews found by a reader (read.ts) or by `importFactchecks`. */
export async function importUnits(db: Db, units: AsyncIterable<Unit> | Iterable<Unit>, options: FactcheckImportOptions = {}): Promise<FactcheckImportCounts> {
  const actor = options.actor ?? IMPORT_ACTOR;
  assertCan(actor, 'factcheck:import');
  const batchSize = options.batchSize ?? 1000;
  const counts: Progress = { added: 0, updated: 0, unchanged: 0, skipped: [], skippedTotal: 0, items: 0 };
  const skip = (where: string, reason: string) => {
    counts.skippedTotal++;
    if (counts.skipped.length < MAX_SKIPS_KEPT) counts.skipped.push({ where, reason });
    options.onSkip?.({ where, reason });
  };
  let batch: FactcheckRecord[] = [];
  let written = false;
  const flush = async () => {
    if (batch.length === 0) return;
    const records = batch;
    batch = [];
    // The pause comes between batches, not after the last one.
    if (written && !options.dryRun && (options.pauseMs ?? 120) > 0) await sleep(options.pauseMs ?? 120);
    written = true;
    const result = await retryWhenBusy(() => writeOrRollBack(db, records, actor, options.dryRun === true), { onRetry: options.onRetry });
    counts.added += result.added;
    counts.updated += result.updated;
    counts.unchanged += result.unchanged;
    options.onBatch?.(counts);
  };
  for await (const unit of units) {
    counts.items++;
    if (unit.kind === 'skip') {
      skip(unit.where, unit.reason);
      continue;
    }
    let normalised;
    try {
      normalised = normaliseReview(unit);
    } catch (error) {
      // The edge reads any JSON value; this is the net under it, so one item never ends the run.
      normalised = { ok: false as const, reason: `could not be read (${error instanceof Error ? error.message : String(error)})` };
    }
    if (normalised.ok) batch.push(normalised.record);
    else skip(unit.where, normalised.reason);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  const { items: _items, ...result } = counts;
  return result;
}

function writeOrRollBack(db: Db, records: FactcheckRecord[], actor: DomainActor, dryRun: boolean) {
  let result = { added: 0, updated: 0, unchanged: 0 };
  try {
    db.transaction((tx) => {
      result = writeBatch(tx, records, actor);
      if (dryRun) throw new DryRunRollback();
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  return result;
}

/** The hash a re-import compares: every normalised field and the raw item (not the mapping, which editors own). */
export function contentHash(record: FactcheckRecord): string {
  return createHash('sha256').update(JSON.stringify(record)).digest('base64url');
}

function writeBatch(tx: Tx, records: FactcheckRecord[], actor: DomainActor) {
  const mappings = new Map<string, RatingMappingTarget>();
  for (const row of listMappingLabels(tx)) mappings.set(`${row.publisherKey}\u0000${row.ratingKey}`, row.label);
  const who = auditActor(actor);
  const write = factcheckWriter(tx);
  const result = { added: 0, updated: 0, unchanged: 0 };
  for (const record of records) {
    const hash = contentHash(record);
    const mappedLabel = record.ratingKey === '' ? null : (mappings.get(`${record.publisherKey}\u0000${record.ratingKey}`) ?? null);
    const existing = write.find(record.urlKey);
    if (existing === undefined) {
      const id = write.insert({ ...record, mappedLabel, contentHash: hash });
      write.audit({ ...who, action: 'factcheck.import', entityId: id, before: null, after: { url: record.url, version: 1 } });
      result.added++;
    } else if (existing.contentHash !== hash) {
      write.update(existing.id, { ...record, mappedLabel, contentHash: hash });
      write.audit({
        ...who,
        action: 'factcheck.update',
        entityId: existing.id,
        before: { contentHash: existing.contentHash, version: existing.version },
        after: { url: record.url, contentHash: hash, version: existing.version + 1 },
      });
      result.updated++;
    } else {
      result.unchanged++;
    }
  }
  return result;
}
