import 'server-only';
import { and, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { signInCounters } from '../schema';

export interface SignInCounter {
  count: number;
  /** When the window ends, in milliseconds since the epoch. */
  expiresAt: number;
}

/** The live window of a key (none once it has expired). */
export function readSignInCounter(db: DbOrTx, key: string, now: number): SignInCounter | undefined {
  return db
    .select({ count: signInCounters.count, expiresAt: signInCounters.expiresAt })
    .from(signInCounters)
    .where(and(eq(signInCounters.key, key), gt(signInCounters.expiresAt, now)))
    .get();
}

/** Counts one against a key, opening a new window of windowMs when there is no live one. */
export function hitSignInCounter(db: DbOrTx, key: string, now: number, windowMs: number): SignInCounter {
  const expired = sql`${signInCounters.expiresAt} <= ${now}`;
  return db
    .insert(signInCounters)
    .values({ key, windowStart: now, expiresAt: now + windowMs, count: 1 })
    .onConflictDoUpdate({
      target: signInCounters.key,
      set: {
        count: sql`CASE WHEN ${expired} THEN 1 ELSE ${signInCounters.count} + 1 END`,
        windowStart: sql`CASE WHEN ${expired} THEN ${now} ELSE ${signInCounters.windowStart} END`,
        expiresAt: sql`CASE WHEN ${expired} THEN ${now + windowMs} ELSE ${signInCounters.expiresAt} END`,
      },
    })
    .returning({ count: signInCounters.count, expiresAt: signInCounters.expiresAt })
    .get();
}

/** Takes back one count from a live window (an attempt that turned out not to be a failure). */
export function refundSignInCounter(db: DbOrTx, key: string, now: number): void {
  db.update(signInCounters)
    .set({ count: sql`${signInCounters.count} - 1` })
    .where(and(eq(signInCounters.key, key), gt(signInCounters.expiresAt, now), gt(signInCounters.count, 0)))
    .run();
}

export function clearSignInCounter(db: DbOrTx, key: string): void {
  db.delete(signInCounters).where(eq(signInCounters.key, key)).run();
}

/** Deletes up to `limit` windows that have ended; live ones are never dropped, however many. */
export function evictExpiredSignInCounters(db: DbOrTx, now: number, limit: number): void {
  const expired = db
    .select({ key: signInCounters.key })
    .from(signInCounters)
    .where(lte(signInCounters.expiresAt, now))
    .limit(limit);
  db.delete(signInCounters).where(inArray(signInCounters.key, expired)).run();
}
