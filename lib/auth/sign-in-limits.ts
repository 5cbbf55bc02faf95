import 'server-only';
import type { Db } from '@/db/open';
import {
  clearSignInCounter,
  evictExpiredSignInCounters,
  hitSignInCounter,
  readSignInCounter,
  refundSignInCounter,
} from '@/db/queries/sign-in-counters';
import { AppError } from '@/lib/errors';

const FIFTEEN_MINUTES = 15 * 60 * 1000;
const ONE_MINUTE = 60 * 1000;
/** Expired windows deleted per attempt: enough to keep up, never a long transaction. */
const EVICT_BATCH = 200;

/**
 * Failed sign-ins tolerated in 15 minutes. Per address: generous enough for a newsroom behind one
 * NAT. Per email: stops guessing one account (the account "lock"). Per known device: a person's own
 * failures from a browser they signed in from before, which passes the email and address limits.
 */
export const SIGN_IN_LIMITS = { perAddress: 30, perEmail: 8, perDevice: 8 } as const;

/** The refusal of a sign-in attempt while a limit holds, with the seconds until it lifts. */
export function rateLimited(retryAfterSeconds: number): AppError {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return new AppError(
    'rate_limited',
    `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    {},
    retryAfterSeconds,
  );
}

export interface AttemptScope {
  /** lib/http/client-address.ts's key for the client. */
  address: string;
  /** Normalised email tried. */
  email: string;
  /** Set when the browser carries a valid device cookie of the account tried. */
  deviceId?: string;
  /** SIGN_IN_MAX_FAILURES_PER_MINUTE. */
  globalPerMinute: number;
}

interface Counter {
  key: string;
  limit: number;
  windowMs: number;
}

/** An attempt counted as a failure until it is known to have succeeded. */
export interface Attempt {
  /** Failures of the account (or of the known device) in this window, this attempt included. */
  accountFailures: number;
  /** Failures from the address in this window, this attempt included (0 for a known device). */
  addressFailures: number;
  /** The attempt succeeded: take back its counts and forgive the account's failures. */
  succeeded(): void;
}

function countersOf(scope: AttemptScope): { account: Counter; others: Counter[] } {
  if (scope.deviceId !== undefined) {
    // A known device is limited on its own, so its cookie cannot be used to guess other accounts
    // (it only counts for the account it was issued to) nor to guess without limit.
    return { account: { key: `device:${scope.deviceId}`, limit: SIGN_IN_LIMITS.perDevice, windowMs: FIFTEEN_MINUTES }, others: [] };
  }
  return {
    account: { key: `email:${scope.email}`, limit: SIGN_IN_LIMITS.perEmail, windowMs: FIFTEEN_MINUTES },
    others: [
      { key: 'global', limit: scope.globalPerMinute, windowMs: ONE_MINUTE },
      { key: `address:${scope.address}`, limit: SIGN_IN_LIMITS.perAddress, windowMs: FIFTEEN_MINUTES },
    ],
  };
}

/**
 * Checks the limits that apply to an attempt and counts it against each, in one short immediate
 * transaction, before any password is checked: simultaneous guesses cannot all slip under a limit,
 * and every process serving the database counts together. Throws rate_limited (with the seconds to
 * wait) when a limit is already reached. The counts stand as failures unless succeeded() is called.
 */
export function beginSignInAttempt(db: Db, scope: AttemptScope, now = Date.now()): Attempt {
  const { account, others } = countersOf(scope);
  const all = [...others, account];
  const counts = db.transaction(
    (tx) => {
      evictExpiredSignInCounters(tx, now, EVICT_BATCH);
      for (const counter of all) {
        const live = readSignInCounter(tx, counter.key, now);
        if (live && live.count >= counter.limit) throw rateLimited(Math.max(1, Math.ceil((live.expiresAt - now) / 1000)));
      }
      return all.map((counter) => hitSignInCounter(tx, counter.key, now, counter.windowMs).count);
    },
    { behavior: 'immediate' },
  );
  const addressIndex = others.findIndex((counter) => counter.key.startsWith('address:'));
  return {
    accountFailures: counts[counts.length - 1] ?? 0,
    addressFailures: addressIndex >= 0 ? (counts[addressIndex] ?? 0) : 0,
    succeeded() {
      db.transaction(
        (tx) => {
          // Only failures count: a success takes back its own count from the address and the
          // minute (a colleague's success forgives no one's failures) and clears the account's.
          for (const counter of others) refundSignInCounter(tx, counter.key, Date.now());
          clearSignInCounter(tx, account.key);
        },
        { behavior: 'immediate' },
      );
    },
  };
}
