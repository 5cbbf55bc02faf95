import 'server-only';
import type { Db } from '@/db/open';
import { countChangesHere, readCommitsElsewhere } from '@/db/queries/data-version';

/**
 * The serialised answers to anonymous reads of public data (the verdict feed, a claim, its
 * ClaimReview), kept for as long as the database has not changed. Every entry belongs to one data
 * version (dataVersion below): a read under any other version empties the cache. Under a steady
 * stream of reads this turns the repeated ones into a map lookup (tests/bench/api.ts); bounded in
 * entries and bytes, least recently used first out.
 */
export interface CachedBody {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly type: string;
  readonly etag: string;
}

export class ResponseCache {
  private readonly entries = new Map<string, CachedBody>();
  private version: string | undefined;
  private bytes = 0;

  constructor(private readonly limits: { maxEntries: number; maxBytes: number }) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string, version: string): CachedBody | undefined {
    if (version !== this.version) {
      this.reset(version);
      return undefined;
    }
    const found = this.entries.get(key);
    if (found) {
      this.entries.delete(key); // re-insert: a Map iterates oldest first, so this is the LRU order
      this.entries.set(key, found);
    }
    return found;
  }

  /** Stores an answer computed under `version`, the token read before the data was. */
  set(key: string, version: string, body: CachedBody): void {
    if (version !== this.version) this.reset(version);
    if (body.bytes.byteLength > this.limits.maxBytes / 8) return;
    const previous = this.entries.get(key);
    if (previous) {
      this.entries.delete(key);
      this.bytes -= previous.bytes.byteLength;
    }
    this.entries.set(key, body);
    this.bytes += body.bytes.byteLength;
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.limits.maxEntries && this.bytes <= this.limits.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.bytes.byteLength;
    }
  }

  private reset(version: string): void {
    this.entries.clear();
    this.bytes = 0;
    this.version = version;
  }
}

/** How long a commit by another process may go unnoticed (this process's own writes never do). */
export const ELSEWHERE_CHECK_MS = 100;
const elsewhere = new WeakMap<Db, { commits: number; checkedAt: number }>();

/**
 * The version answers are kept under. This process's writes (every edit, publication and
 * correction goes through the app) change it at once; a commit by another process (a script) is
 * seen within ELSEWHERE_CHECK_MS, far inside the minute the answers tell every cache it may keep
 * them, because reading SQLite's data_version costs ten times the rest of the check.
 */
export function dataVersion(db: Db, now = performance.now()): string {
  let seen = elsewhere.get(db);
  if (!seen || now - seen.checkedAt >= ELSEWHERE_CHECK_MS) {
    seen = { commits: readCommitsElsewhere(db), checkedAt: now };
    elsewhere.set(db, seen);
  }
  return `${seen.commits}.${countChangesHere(db)}`;
}

/**
 * The same version read afresh, other processes' commits included, for decisions that must see
 * every committed change at once (whether an API key still works: lib/api/keys.ts).
 */
export function freshDataVersion(db: Db, now = performance.now()): string {
  const seen = { commits: readCommitsElsewhere(db), checkedAt: now };
  elsewhere.set(db, seen);
  return `${seen.commits}.${countChangesHere(db)}`;
}
