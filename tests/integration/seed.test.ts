import fs from 'node:fs';
import path from 'node:path';
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { findCredentials } from '@/db/queries/users';
import { appearances, auditEvents, claimLinks, claims, externalFactchecks, measures, quantities, ratingMappings, sources, users } from '@/db/schema';
import { DEMO_CLAIMS } from '@/db/seed/demo-claims';
import { DEMO_ARTICLE, DEMO_SOURCES, DEMO_USERS } from '@/db/seed/demo-data';
import { formatSeedReport, isDatabaseEmpty, seedDemo, type SeedReport } from '@/lib/demo/seed';
import { verifyPassword } from '@/lib/auth/password';
import { createTestDb } from '../helpers/test-db';

const ARTICLE_FILE = path.resolve(import.meta.dirname, '../../../shared/seed/menafn-2024-12-18-sanctions.txt');

function countRows(db: Db): Record<string, number> {
  const tables = db.$client
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => {
      const row = db.$client.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number };
      return [name, row.n];
    }),
  );
}

function claimIdByKey(db: Db, key: string): number {
  const claim = DEMO_CLAIMS.find((c) => c.key === key);
  if (!claim) throw new Error(`no demo claim ${key}`);
  const row = db.select({ id: claims.id }).from(claims).where(eq(claims.statement, claim.statement)).get();
  if (!row) throw new Error(`claim ${key} was not seeded`);
  return row.id;
}

describe('seedDemo on an empty database', () => {
  let db: Db;
  let cleanup: () => void;
  let wasEmpty: boolean;
  let first: SeedReport;

  beforeAll(async () => {
    ({ db, cleanup } = createTestDb());
    wasEmpty = isDatabaseEmpty(db);
    first = await seedDemo(db);
  });
  afterAll(() => cleanup());

  it('reports the database empty before seeding and not after', () => {
    expect(wasEmpty).toBe(true);
    expect(isDatabaseEmpty(db)).toBe(false);
  });

  it('inserts the sources, the four users with their roles and at least 11 claims', () => {
    expect(first.claims).toBeGreaterThanOrEqual(11);
    expect(db.select().from(claims).all()).toHaveLength(first.claims);

    const sourceRows = db.select({ name: sources.name, kind: sources.kind }).from(sources).all();
    expect(sourceRows).toHaveLength(Object.keys(DEMO_SOURCES).length);
    expect(sourceRows).toEqual(
      expect.arrayContaining([
        { name: 'MENAFN', kind: 'media' },
        { name: 'US Treasury Department', kind: 'government' },
        { name: "South Korea's Foreign Ministry", kind: 'government' },
        { name: 'European Union', kind: 'organisation' },
        { name: 'G7', kind: 'organisation' },
        { name: 'Pentagon (US Department of Defense)', kind: 'government' },
        { name: 'Volodymyr Zelensky', kind: 'person' },
        { name: 'Vladimir Putin', kind: 'person' },
        { name: "North Korea's UN ambassador", kind: 'government' },
        { name: 'Government of Japan', kind: 'government' },
      ]),
    );

    const userRows = db.select({ email: users.email, role: users.role }).from(users).all();
    expect(userRows.map((u) => u.role).sort()).toEqual(['admin', 'editor', 'reviewer', 'reviewer', 'reviewer', 'reviewer']);
    expect(userRows.map((u) => u.email).sort()).toEqual(DEMO_USERS.map((u) => u.email).sort());
  });

  it('attributes every claim to a seeded claimant, created by the system, with exactly one appearance in the article', () => {
    const rows = db.select({ id: claims.id, createdBy: claims.createdBy, claimantId: claims.claimantId }).from(claims).all();
    const menafn = db.select({ id: sources.id }).from(sources).where(eq(sources.name, 'MENAFN')).get();
    for (const claim of rows) {
      expect(claim.createdBy).toBeNull();
      const found = db.select().from(appearances).where(eq(appearances.claimId, claim.id)).all();
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({
        url: DEMO_ARTICLE.url,
        publisherId: menafn?.id,
        publishedOn: '2024-12-18',
        createdBy: null,
      });
    }
  });

  it('quotes every appearance verbatim from the article, one sentence boundary at a time', () => {
    const article = fs.readFileSync(ARTICLE_FILE, 'utf8');
    const quotes = db.select({ quote: appearances.quote }).from(appearances).all();
    expect(quotes.length).toBeGreaterThanOrEqual(11);
    for (const { quote } of quotes) {
      expect(article).toContain(quote);
      // The article glues some sentences together ("restrictions.On Monday"); a quote must not.
      expect(quote).not.toMatch(/[.!?][A-Z]/);
      expect(quote.trim()).toBe(quote);
    }
  });

  it('inserts the troops measure and both figures with their bound and modality', () => {
    const measure = db.select().from(measures).where(eq(measures.key, 'north-korean-troops-in-russia')).get();
    expect(measure).toMatchObject({ name: 'North Korean troops in Russia', unit: 'troops' });

    const pentagon = db.select().from(quantities).where(eq(quantities.claimId, claimIdByKey(db, 'pentagon-troop-estimate'))).get();
    expect(pentagon).toMatchObject({
      measureId: measure?.id,
      value: null,
      low: null,
      high: 10000,
      unit: 'troops',
      bound: 'at_most',
      modality: 'estimate',
      asOf: '2024-12-18',
    });
    const zelensky = db.select().from(quantities).where(eq(quantities.claimId, claimIdByKey(db, 'zelensky-troop-projection'))).get();
    expect(zelensky).toMatchObject({ measureId: measure?.id, high: 100000, bound: 'at_most', modality: 'projection', unit: 'troops' });
    expect(db.select().from(quantities).all()).toHaveLength(2);
  });

  it('links the Pentagon figure to Zelensky’s as the same measure', () => {
    const links = db.select().from(claimLinks).all();
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({
      fromClaimId: claimIdByKey(db, 'pentagon-troop-estimate'),
      toClaimId: claimIdByKey(db, 'zelensky-troop-projection'),
      kind: 'same_measure',
    });
    expect(links[0]?.note).toMatch(/may have been sent/);
    expect(links[0]?.note).toMatch(/could be deployed/);
  });

  it('puts the rated troop figure in review and leaves the unrated one a draft', () => {
    const statusOf = (key: string) => db.select({ status: claims.status }).from(claims).where(eq(claims.id, claimIdByKey(db, key))).get()?.status;
    expect(statusOf('pentagon-troop-estimate')).toBe('in_review');
    expect(statusOf('zelensky-troop-projection')).toBe('draft');
  });

  it('records exactly one system audit event per row of the base data set', () => {
    const expected: [string, string, { id: number; claimId: number | null }[]][] = [
      ['user', 'user.create', db.select({ id: users.id }).from(users).all().map((r) => ({ ...r, claimId: null }))],
      ['source', 'source.create', db.select({ id: sources.id }).from(sources).all().map((r) => ({ ...r, claimId: null }))],
      ['measure', 'measure.create', db.select({ id: measures.id }).from(measures).all().map((r) => ({ ...r, claimId: null }))],
      ['claim', 'claim.create', db.select({ id: claims.id, claimId: claims.id }).from(claims).all()],
      ['appearance', 'appearance.create', db.select({ id: appearances.id, claimId: appearances.claimId }).from(appearances).all()],
      ['quantity', 'quantity.create', db.select({ id: quantities.claimId, claimId: quantities.claimId }).from(quantities).all()],
      ['claim_link', 'claim_link.create', db.select({ id: claimLinks.id, claimId: claimLinks.fromClaimId }).from(claimLinks).all()],
      ['external_factcheck', 'external_factcheck.create', db.select({ id: externalFactchecks.id }).from(externalFactchecks).all().map((r) => ({ ...r, claimId: null }))],
      ['rating_mapping', 'rating_mapping.create', db.select({ id: ratingMappings.id }).from(ratingMappings).all().map((r) => ({ ...r, claimId: null }))],
    ];
    let total = 0;
    for (const [entityType, action, rows] of expected) {
      for (const row of rows) {
        const events = db
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.entityType, entityType), eq(auditEvents.entityId, row.id), eq(auditEvents.action, action)))
          .all();
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({ action, actorUserId: null, actorApiKeyId: null, claimId: row.claimId });
        const after = events[0]?.after as Record<string, unknown>;
        expect(after[entityType === 'quantity' ? 'claimId' : 'id']).toBe(row.id);
      }
      total += rows.length;
    }
    const { users: u, sources: s, measures: m, claims: c, appearances: a, quantities: q, claimLinks: l } = first;
    const mappings = db.select({ id: ratingMappings.id }).from(ratingMappings).all().length;
    expect(total).toBe(u + s + m + c + a + q + l + first.factchecks + mappings);
    // The review work that follows is done as the demo desk, never as the system (seed-review.test.ts).
    expect(db.select().from(auditEvents).where(isNull(auditEvents.actorUserId)).all()).toHaveLength(total);
  });

  it('never writes a password hash into the audit log', () => {
    const leaked = db.$client
      .prepare("SELECT count(*) AS n FROM audit_events WHERE after LIKE '%scrypt$%' OR before LIKE '%scrypt$%'")
      .get() as { n: number };
    expect(leaked.n).toBe(0);
    const userEvents = db.select({ after: auditEvents.after }).from(auditEvents).where(eq(auditEvents.entityType, 'user')).all();
    expect(userEvents).toHaveLength(DEMO_USERS.length);
    for (const { after } of userEvents) expect(Object.keys(after as object).sort()).toEqual(['email', 'id', 'name', 'role']);
  });

  it('finds the Pentagon claim through the full-text index', () => {
    const hits = db.$client
      .prepare("SELECT rowid AS id FROM claims_fts WHERE claims_fts MATCH '\"10,000\" AND troops'")
      .all() as { id: number }[];
    expect(hits.map((h) => h.id)).toEqual([claimIdByKey(db, 'pentagon-troop-estimate')]);
  });

  it('stores demo passwords so that they verify and nothing else does', async () => {
    for (const user of DEMO_USERS) {
      const credentials = findCredentials(db, user.email);
      expect(credentials?.passwordHash.startsWith('scrypt$')).toBe(true);
      expect(await verifyPassword(user.password, credentials?.passwordHash ?? '')).toBe(true);
    }
    const stored = findCredentials(db, DEMO_USERS[0]?.email ?? '')?.passwordHash ?? '';
    expect(await verifyPassword('not-the-demo-password', stored)).toBe(false);
  });

  it('inserts nothing when run a second time', async () => {
    const before = countRows(db);
    const second = await seedDemo(db);
    expect(second).toEqual({
      users: 0,
      sources: 0,
      measures: 0,
      claims: 0,
      appearances: 0,
      quantities: 0,
      claimLinks: 0,
      evidence: 0,
      assessments: 0,
      verdicts: 0,
      comments: 0,
      factchecks: 0,
      factcheckLinks: 0,
    });
    expect(formatSeedReport(second)).toBe('already seeded, nothing to add');
    expect(countRows(db)).toEqual(before);
  });
});

describe('seedDemo on a database that is not empty', () => {
  it('reuses rows that already exist under their natural keys and inserts only the rest', async () => {
    const { db, cleanup } = createTestDb();
    try {
      db.insert(sources).values({ name: 'MENAFN', kind: 'media', notes: 'added by a reviewer' }).run();
      const report = await seedDemo(db);
      expect(report.sources).toBe(Object.keys(DEMO_SOURCES).length - 1);
      expect(db.select().from(sources).where(eq(sources.name, 'MENAFN')).all()).toHaveLength(1);
      const sourceCount = Object.keys(DEMO_SOURCES).length - 1;
      expect(formatSeedReport(report)).toMatch(new RegExp(`^seeded 6 users, ${sourceCount} sources, 1 measure, 11 claims`));
    } finally {
      cleanup();
    }
  });

  it('writes nothing at all when any insert fails', async () => {
    const { db, cleanup } = createTestDb();
    try {
      db.$client.exec(
        "CREATE TRIGGER fail_links BEFORE INSERT ON claim_links BEGIN SELECT RAISE(ABORT, 'links refused'); END",
      );
      await expect(seedDemo(db)).rejects.toThrow(/links refused/);
      expect(isDatabaseEmpty(db)).toBe(true);
      const counts = countRows(db);
      for (const table of ['users', 'sources', 'measures', 'claims', 'appearances', 'quantities', 'evidence', 'audit_events']) {
        expect(counts[table], table).toBe(0);
      }
    } finally {
      cleanup();
    }
  });
});
