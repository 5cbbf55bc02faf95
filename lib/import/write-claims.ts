import 'server-only';
import { setTimeout as sleep } from 'node:timers/promises';
import { retryWhenBusy } from '@/db/busy';
import type { Db, Tx } from '@/db/open';
import { findClaimByNaturalKey, listSourceNames } from '@/db/queries/import';
import { addAppearance } from '@/lib/claims/appearances';
import { createClaim } from '@/lib/claims/claims';
import type { SystemActor } from '@/lib/auth/permissions';
import type { PreparedClaim } from './claim-line';
import { SourceNames, foldName } from './source-name-index';

/** Who the import's audit events say made the change. */
export const IMPORT_ACTOR: SystemActor = { kind: 'system', name: 'import' };

export interface ImportCounts {
  imported: number;
  /** Already recorded: the same claimant, statement and date (also a repeat within the file). */
  present: number;
}

export interface ImportOptions {
  /** Claims per transaction at most (default 500). */
  batchSize?: number;
  /**
   * A transaction stops taking claims after this long (default 200 ms), so the server's writers,
   * which wait for the write lock, never wait long.
   */
  maxBatchMs?: number;
  /**
   * The pause after each batch (default 120 ms). SQLite does not queue writers: one waiting for the
   * lock sleeps and tries again, up to 100 ms apart, so a writer that takes the lock again at once
   * can keep it from the others until their busy_timeout runs out. Pausing longer than their
   * longest sleep lets each of them in between two batches.
   */
  pauseMs?: number;
  onBatch?: (progress: ImportCounts & { done: number; total: number }) => void;
  onRetry?: (attempt: number) => void;
}

/**
 * Writes the claims in batches, each one synchronous transaction through the domain functions
 * that create claims in the app (so each row gets its audit event and the search index its
 * entries). A claim already recorded is counted and skipped, so re-running a file adds nothing.
 */
export async function importClaims(db: Db, claims: PreparedClaim[], options: ImportOptions = {}): Promise<ImportCounts> {
  const limits = { batchSize: options.batchSize ?? 500, maxBatchMs: options.maxBatchMs ?? 200 };
  const total: ImportCounts = { imported: 0, present: 0 };
  let done = 0;
  while (done < claims.length) {
    const start = done;
    const batch = await retryWhenBusy(() => db.transaction((tx) => writeBatch(db, tx, claims, start, limits)), {
      onRetry: options.onRetry,
    });
    done += batch.processed;
    total.imported += batch.imported;
    total.present += batch.present;
    options.onBatch?.({ ...total, done, total: claims.length });
    if (done < claims.length) await sleep(options.pauseMs ?? 120);
  }
  return total;
}

function writeBatch(
  db: Db,
  tx: Tx,
  claims: PreparedClaim[],
  start: number,
  limits: { batchSize: number; maxBatchMs: number },
): ImportCounts & { processed: number } {
  const began = performance.now();
  const names = SourceNames.read(tx);
  const counts = { processed: 0, imported: 0, present: 0 };
  for (let index = start; index < claims.length; index++) {
    const item = claims[index] as PreparedClaim;
    counts.processed++;
    const known = names.find(item.claimant.name, item.claimant.kind);
    if (known && findClaimByNaturalKey(tx, { claimantId: known.id, statement: item.claim.statement, claimedOn: item.claim.claimedOn })) {
      counts.present++;
    } else {
      // The claimant first, so a publisher of the same name is that source, not a second one.
      const claimantId = names.claimantId(tx, IMPORT_ACTOR, item.claimant.name, item.claimant.kind);
      const publisherId = item.publisher === undefined ? undefined : names.publisherId(tx, IMPORT_ACTOR, item.publisher);
      // The domain functions open their own transactions; inside this one they are savepoints.
      const { id } = createClaim(db, IMPORT_ACTOR, {
        ...item.claim,
        claimantId,
        appearance: { ...item.claim.appearance, publisherId },
      });
      for (const more of item.moreAppearances) {
        const morePublisherId = more.publisher === undefined ? undefined : names.publisherId(tx, IMPORT_ACTOR, more.publisher);
        addAppearance(db, IMPORT_ACTOR, { ...more.appearance, claimId: id, publisherId: morePublisherId });
      }
      counts.imported++;
    }
    if (counts.processed >= limits.batchSize || performance.now() - began >= limits.maxBatchMs) break;
  }
  return counts;
}

/** What an import would do, read without writing (--dry-run). */
export function planImport(db: Db, claims: PreparedClaim[]): ImportCounts {
  const names = new SourceNames(listSourceNames(db));
  const seen = new Set<string>();
  const counts: ImportCounts = { imported: 0, present: 0 };
  for (const item of claims) {
    const key = [foldName(item.claimant.name), item.claimant.kind, item.claim.statement, item.claim.claimedOn].join('\u0000');
    const claimant = names.find(item.claimant.name, item.claimant.kind);
    const recorded =
      seen.has(key) ||
      (claimant !== undefined &&
        findClaimByNaturalKey(db, { claimantId: claimant.id, statement: item.claim.statement, claimedOn: item.claim.claimedOn }) !== undefined);
    seen.add(key);
    if (recorded) counts.present++;
    else counts.imported++;
  }
  return counts;
}
