import { and, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../open';
import { recordAuditEvent } from '../queries/audit';
import { appearances, claimLinks, claims, measures, quantities, sources, users, type NewAuditEvent } from '../schema';
import { DEMO_CLAIM_LINKS, DEMO_CLAIMS } from './demo-claims';
import { DEMO_MEASURES, DEMO_SOURCES, DEMO_USERS } from './demo-data';
import { findSourceId, requireSourceId } from './find-source';

/** How many rows of the base data one run inserted (0 everywhere on a database already seeded). */
export interface DemoDataReport {
  users: number;
  sources: number;
  measures: number;
  claims: number;
  appearances: number;
  quantities: number;
  claimLinks: number;
}

/** True when nobody has used the database yet: no users and no claims. */
export function isDatabaseEmpty(db: Db): boolean {
  const user = db.select({ id: users.id }).from(users).limit(1).get();
  const claim = db.select({ id: claims.id }).from(claims).limit(1).get();
  return !user && !claim;
}

/** The demo users not in the database yet, whose passwords the caller hashes for insertDemoData. */
export function missingDemoUsers(db: DbOrTx): { email: string; password: string }[] {
  const emails = DEMO_USERS.map((u) => u.email);
  const existing = new Set(
    db.select({ email: users.email }).from(users).where(inArray(users.email, emails)).all().map((u) => u.email),
  );
  return DEMO_USERS.filter((user) => !existing.has(user.email)).map(({ email, password }) => ({ email, password }));
}

/**
 * Inserts whatever part of the demo base data (users to claim links) is missing, matching rows by
 * their natural keys, so a second run inserts nothing; audited as done by the system (no actor).
 * Run inside the caller's transaction; `passwordHashes` holds a hash for every missing user's email.
 * Returns the counts and each demo claim's id by its key.
 */
export function insertDemoData(
  tx: DbOrTx,
  passwordHashes: ReadonlyMap<string, string>,
): { report: DemoDataReport; claimIds: Map<string, number> } {
  const report: DemoDataReport = {
    users: 0,
    sources: 0,
    measures: 0,
    claims: 0,
    appearances: 0,
    quantities: 0,
    claimLinks: 0,
  };
  const audit = (event: Omit<NewAuditEvent, 'actorUserId' | 'actorApiKeyId'>) =>
    recordAuditEvent(tx, { actorUserId: null, ...event });

  for (const user of DEMO_USERS) {
    if (tx.select({ id: users.id }).from(users).where(eq(users.email, user.email)).get()) continue;
    const passwordHash = passwordHashes.get(user.email);
    if (!passwordHash) throw new Error(`Demo user ${user.email} changed while seeding; run the seed again`);
    const row = tx
      .insert(users)
      .values({ email: user.email, name: user.name, role: user.role, passwordHash })
      .returning({ id: users.id, email: users.email, name: users.name, role: users.role })
      .get();
    audit({ action: 'user.create', entityType: 'user', entityId: row.id, after: row });
    report.users++;
  }

  for (const source of Object.values(DEMO_SOURCES)) {
    if (findSourceId(tx, source) !== undefined) continue;
    const row = tx.insert(sources).values(source).returning().get();
    audit({ action: 'source.create', entityType: 'source', entityId: row.id, after: row });
    report.sources++;
  }

  for (const measure of DEMO_MEASURES) {
    if (tx.select({ id: measures.id }).from(measures).where(eq(measures.key, measure.key)).get()) continue;
    const row = tx.insert(measures).values(measure).returning().get();
    audit({ action: 'measure.create', entityType: 'measure', entityId: row.id, after: row });
    report.measures++;
  }

  const claimIds = new Map<string, number>();
  for (const claim of DEMO_CLAIMS) {
    const claimantId = requireSourceId(tx, claim.claimant);
    let claimId = tx
      .select({ id: claims.id })
      .from(claims)
      .where(and(eq(claims.statement, claim.statement), eq(claims.claimantId, claimantId)))
      .get()?.id;
    if (claimId === undefined) {
      const row = tx
        .insert(claims)
        .values({
          statement: claim.statement,
          claimantId,
          claimedOn: claim.claimedOn,
          language: claim.language,
          context: claim.context,
          // Every claim starts as a draft; the review work (./demo-review.ts) moves it on by the rules.
          status: 'draft',
          createdBy: null,
        })
        .returning()
        .get();
      claimId = row.id;
      audit({ action: 'claim.create', entityType: 'claim', entityId: row.id, claimId: row.id, after: row });
      report.claims++;
    }
    claimIds.set(claim.key, claimId);

    const { appearance, quantity } = claim;
    const hasAppearance = tx
      .select({ id: appearances.id })
      .from(appearances)
      .where(and(eq(appearances.claimId, claimId), eq(appearances.url, appearance.url)))
      .get();
    if (!hasAppearance) {
      const row = tx
        .insert(appearances)
        .values({
          claimId,
          url: appearance.url,
          title: appearance.title,
          publisherId: requireSourceId(tx, appearance.publisher),
          publishedOn: appearance.publishedOn,
          quote: appearance.quote,
          createdBy: null,
        })
        .returning()
        .get();
      audit({ action: 'appearance.create', entityType: 'appearance', entityId: row.id, claimId, after: row });
      report.appearances++;
    }

    if (quantity && !tx.select({ id: quantities.claimId }).from(quantities).where(eq(quantities.claimId, claimId)).get()) {
      const measure = tx.select({ id: measures.id }).from(measures).where(eq(measures.key, quantity.measureKey)).get();
      if (!measure) throw new Error(`Demo claim ${claim.key} names an unknown measure ${quantity.measureKey}`);
      const { value, low, high, unit, bound, modality, asOf } = quantity;
      const row = tx
        .insert(quantities)
        .values({ claimId, measureId: measure.id, value, low, high, unit, bound, modality, asOf })
        .returning()
        .get();
      // A quantity's key is its claim's id.
      audit({ action: 'quantity.create', entityType: 'quantity', entityId: claimId, claimId, after: row });
      report.quantities++;
    }
  }

  for (const link of DEMO_CLAIM_LINKS) {
    const fromClaimId = claimIds.get(link.from);
    const toClaimId = claimIds.get(link.to);
    if (fromClaimId === undefined || toClaimId === undefined) {
      throw new Error(`Demo link ${link.from} → ${link.to} names a claim that is not in the data set`);
    }
    const found = tx
      .select({ id: claimLinks.id })
      .from(claimLinks)
      .where(
        and(eq(claimLinks.fromClaimId, fromClaimId), eq(claimLinks.toClaimId, toClaimId), eq(claimLinks.kind, link.kind)),
      )
      .get();
    if (found) continue;
    const row = tx
      .insert(claimLinks)
      .values({ fromClaimId, toClaimId, kind: link.kind, note: link.note, createdBy: null })
      .returning()
      .get();
    audit({ action: 'claim_link.create', entityType: 'claim_link', entityId: row.id, claimId: fromClaimId, after: row });
    report.claimLinks++;
  }

  return { report, claimIds };
}
