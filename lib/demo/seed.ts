import 'server-only';
import type { Db } from '@/db/open';
import { insertDemoData, missingDemoUsers, type DemoDataReport } from '@/db/seed';
import { hashPassword } from '@/lib/auth/password';
import { seedDemoFactchecks } from './seed-factchecks';
import { seedDemoReview, type ReviewReport } from './seed-review';

/**
 * The demo: the article's claims and the desk's work on them (npm run db:seed, npm run demo, the
 * tests' databases). The data itself is plain and lives in db/seed/; this room writes it, the
 * review work through the same domain functions a person's work goes through.
 */

export { isDatabaseEmpty } from '@/db/seed';

/** How many rows of each kind one run inserted (0 everywhere on a database already seeded). */
export interface SeedReport extends DemoDataReport, ReviewReport {
  factchecks: number;
  factcheckLinks: number;
}

/**
 * Inserts whatever part of the demo data set is missing, matching rows by their natural keys, so
 * a second run inserts nothing. The base data (users to claim links) is audited as done by the
 * system (no actor); the review work on the claims is done as the demo desk (./seed-review.ts).
 */
export async function seedDemo(db: Db): Promise<SeedReport> {
  // Hashing is async, and an await inside a better-sqlite3 transaction would commit it early.
  const hashes = new Map<string, string>();
  // Side by side: scrypt runs on libuv's thread pool, so the demo's six hashes take the time of a few.
  const missing = missingDemoUsers(db);
  const hashed = await Promise.all(missing.map((user) => hashPassword(user.password)));
  missing.forEach((user, i) => hashes.set(user.email, hashed[i]!));

  return db.transaction((tx) => {
    const { report, claimIds } = insertDemoData(tx, hashes);
    // The domain functions open their own transactions on this same connection; inside this one
    // they become savepoints, so the whole seed still commits, or rolls back, as one.
    return { ...report, ...seedDemoReview(db, claimIds), ...seedDemoFactchecks(db, claimIds) };
  });
}

/** One line for a terminal: what a run inserted, or that there was nothing to add. */
export function formatSeedReport(report: SeedReport): string {
  const parts = (Object.entries(report) as [keyof SeedReport, number][])
    .filter(([, count]) => count > 0)
    .map(([entity, count]) => `${count} ${REPORT_NOUNS[entity][count === 1 ? 0 : 1]}`);
  return parts.length === 0 ? 'already seeded, nothing to add' : `seeded ${parts.join(', ')}`;
}

const REPORT_NOUNS: Record<keyof SeedReport, [string, string]> = {
  users: ['user', 'users'],
  sources: ['source', 'sources'],
  measures: ['measure', 'measures'],
  claims: ['claim', 'claims'],
  appearances: ['appearance', 'appearances'],
  quantities: ['quantity', 'quantities'],
  claimLinks: ['claim link', 'claim links'],
  evidence: ['evidence item', 'evidence items'],
  assessments: ['assessment', 'assessments'],
  verdicts: ['verdict version', 'verdict versions'],
  comments: ['comment', 'comments'],
  factchecks: ['fact-check published elsewhere', 'fact-checks published elsewhere'],
  factcheckLinks: ['fact-check link', 'fact-check links'],
};
