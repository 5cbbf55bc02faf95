import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import {
  appearances,
  assessments,
  auditEvents,
  claims,
  disagreementComments,
  disagreements,
  evidence,
  sources,
  users,
  verdictCitations,
  verdicts,
  type ClaimStatus,
} from '@/db/schema';
import { formatSeedReport, seedDemo, type SeedReport } from '@/lib/demo/seed';
import { DEMO_CLAIMS } from '@/db/seed/demo-claims';
import { DEMO_DESK, DEMO_SOURCES } from '@/db/seed/demo-data';
import { DEMO_EVIDENCE } from '@/db/seed/demo-evidence';
import { DEMO_REVIEWS } from '@/db/seed/demo-review';
import { ratingDistance } from '@/lib/review/rating-scale';
import { requiredAssessments } from '@/lib/admin/organisation';
import { statusAgreesWithReview } from '@/lib/review/claim-status';
import { reviewReadiness } from '@/lib/review/publish-readiness';
import { createTestDb } from '../helpers/test-db';

const PUBLISHED = ['us-treasury-sanctions', 'eu-no-kwang-chol', 'south-korea-blacklist'];
const CORRECTED = 'south-korea-blacklist';
const TROOP_FIGURES = ['pentagon-troop-estimate', 'zelensky-troop-projection'];
const UNTOUCHED = [
  'g7-joint-statement',
  'putin-defence-treaty',
  'north-korea-treaty-pledge',
  'japan-similar-restrictions',
  'north-korean-troops-fighting',
];

function countRows(db: Db): Record<string, number> {
  const tables = db.$client
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => [name, (db.$client.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]),
  );
}

function claimIdByKey(db: Db, key: string): number {
  const claim = DEMO_CLAIMS.find((c) => c.key === key);
  if (!claim) throw new Error(`no demo claim ${key}`);
  const row = db.select({ id: claims.id }).from(claims).where(eq(claims.statement, claim.statement)).get();
  if (!row) throw new Error(`claim ${key} was not seeded`);
  return row.id;
}

function claimRow(db: Db, key: string) {
  const row = db.select().from(claims).where(eq(claims.id, claimIdByKey(db, key))).get();
  if (!row) throw new Error(`claim ${key} missing`);
  return row;
}

function currentAssessments(db: Db, claimId: number) {
  return db
    .select()
    .from(assessments)
    .where(and(eq(assessments.claimId, claimId), isNull(assessments.supersededAt)))
    .all();
}

function userId(db: Db, email: string): number {
  const row = db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  if (!row) throw new Error(`no user ${email}`);
  return row.id;
}

describe('seedDemo’s review work on a fresh database', () => {
  let db: Db;
  let cleanup: () => void;
  let first: SeedReport;

  beforeAll(async () => {
    ({ db, cleanup } = createTestDb());
    first = await seedDemo(db);
  });
  afterAll(() => cleanup());

  it('reports the review rows it added', () => {
    expect(first).toMatchObject({
      evidence: Object.values(DEMO_EVIDENCE).flat().length,
      assessments: DEMO_REVIEWS.flatMap((r) => r.assessments).length,
      verdicts: 4,
      comments: DEMO_REVIEWS.flatMap((r) => r.comments ?? []).length,
    });
    expect(formatSeedReport(first)).toMatch(/evidence items, 13 assessments, 4 verdict versions, 3 comments, 3 fact-checks published elsewhere, 1 fact-check link$/);
  });

  it('publishes at least three claims, each with evidence, two to four agreeing ratings and a cited verdict', () => {
    const published = db.select().from(claims).where(eq(claims.status, 'published')).all();
    expect(published.map((c) => c.id).sort()).toEqual(PUBLISHED.map((key) => claimIdByKey(db, key)).sort());
    for (const claim of published) {
      const evidenceIds = db.select({ id: evidence.id }).from(evidence).where(eq(evidence.claimId, claim.id)).all().map((e) => e.id);
      expect(evidenceIds.length, claim.statement).toBeGreaterThanOrEqual(2);

      const ratings = currentAssessments(db, claim.id);
      // Three and four independent ratings on some, for the insights page; never two steps apart.
      expect(new Set(ratings.map((r) => r.reviewerId)).size).toBeGreaterThanOrEqual(2);
      expect(ratings.length).toBeLessThanOrEqual(4);
      for (const a of ratings) for (const b of ratings) expect(ratingDistance(a.label, b.label)).toBeLessThanOrEqual(1);
      expect(claim.disputed).toBe(false);

      const [v1] = db.select().from(verdicts).where(eq(verdicts.claimId, claim.id)).orderBy(asc(verdicts.versionNumber)).all();
      expect(v1).toMatchObject({ versionNumber: 1, kind: 'publication', note: null, publishedBy: userId(db, DEMO_DESK.editor.email) });
      expect(v1?.headline.length).toBeGreaterThan(20);
      expect(v1?.explanation.split('. ').length).toBeGreaterThanOrEqual(2);
      const cited = db.select().from(verdictCitations).where(eq(verdictCitations.verdictId, v1?.id ?? 0)).all();
      expect(cited.length).toBeGreaterThan(0);
      for (const { evidenceId } of cited) expect(evidenceIds).toContain(evidenceId);
    }
  });

  it('corrects exactly one verdict, as version 2 with a note, keeping version 1 as it was', () => {
    const versions = db.select().from(verdicts).orderBy(asc(verdicts.claimId), asc(verdicts.versionNumber)).all();
    const byClaim = new Map<number, typeof versions>();
    for (const v of versions) byClaim.set(v.claimId, [...(byClaim.get(v.claimId) ?? []), v]);
    const corrected = [...byClaim.entries()].filter(([, list]) => list.length > 1);
    expect(corrected.map(([claimId]) => claimId)).toEqual([claimIdByKey(db, CORRECTED)]);

    const [v1, v2] = corrected[0]?.[1] ?? [];
    expect(v1).toMatchObject({ versionNumber: 1, kind: 'publication' });
    expect(v2).toMatchObject({ versionNumber: 2, kind: 'correction', label: v1?.label });
    expect(v2?.note).toMatch(/17 December 2024/);
    expect(v1?.explanation).toMatch(/16 December 2024/);
    expect(v2?.explanation).toMatch(/17 December 2024/);
    expect(claimRow(db, CORRECTED).status).toBe('published');
  });

  it('leaves the rated troop figure in review, disputed in an open reviewers’ disagreement with a thread, and the unrated one a draft', () => {
    expect(claimRow(db, 'pentagon-troop-estimate').status).toBe('in_review');
    expect(claimRow(db, 'zelensky-troop-projection').status).toBe('draft');
    for (const key of TROOP_FIGURES) {
      const claim = claimRow(db, key);
      expect(db.select().from(evidence).where(eq(evidence.claimId, claim.id)).all().length).toBeGreaterThanOrEqual(3);
      expect(db.select().from(verdicts).where(eq(verdicts.claimId, claim.id)).all()).toEqual([]);
    }

    // The walkthrough (reviewers rate Zelensky's figure) starts from an unrated claim.
    const zelensky = claimRow(db, 'zelensky-troop-projection');
    expect(currentAssessments(db, zelensky.id)).toHaveLength(0);
    expect(zelensky.disputed).toBe(false);

    const pentagon = claimRow(db, 'pentagon-troop-estimate');
    expect(pentagon.disputed).toBe(true);
    const [x, y] = currentAssessments(db, pentagon.id);
    if (!x || !y) throw new Error('expected two ratings');
    expect(ratingDistance(x.label, y.label)).toBeGreaterThanOrEqual(2);

    const open = db
      .select()
      .from(disagreements)
      .where(and(eq(disagreements.claimId, pentagon.id), eq(disagreements.status, 'open')))
      .all();
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ kind: 'reviewers', openedBy: null });
    expect(open[0]?.reason).toMatch(/steps apart/);
    const thread = db.select().from(disagreementComments).where(eq(disagreementComments.disagreementId, open[0]?.id ?? 0)).all();
    expect(thread.length).toBeGreaterThanOrEqual(1);
    expect(thread.map((c) => c.authorId)).toContain(userId(db, DEMO_DESK.editor.email));
    expect(db.select().from(disagreements).all()).toHaveLength(1);
  });

  it('leaves the other claims new and untouched', () => {
    for (const key of UNTOUCHED) {
      const claim = claimRow(db, key);
      expect(claim.status, key).toBe('draft');
      expect(db.select().from(evidence).where(eq(evidence.claimId, claim.id)).all()).toEqual([]);
      expect(currentAssessments(db, claim.id)).toEqual([]);
    }
    const present = new Set(db.select({ status: claims.status }).from(claims).all().map((c) => c.status));
    const statuses: ClaimStatus[] = ['draft', 'in_review', 'published'];
    for (const status of statuses) expect(present.has(status), status).toBe(true);
  });

  it('gives every demo claim the status the workflow rules give it: "in review" only with an assessment (issue 14)', () => {
    const required = requiredAssessments(db);
    for (const demo of DEMO_CLAIMS) {
      const claim = claimRow(db, demo.key);
      const current = currentAssessments(db, claim.id);
      const readiness = reviewReadiness({
        hasClaimant: true,
        appearanceCount: db.select().from(appearances).where(eq(appearances.claimId, claim.id)).all().length,
        activeEvidenceCount: db.select().from(evidence).where(and(eq(evidence.claimId, claim.id), isNull(evidence.retractedAt))).all().length,
        currentAssessmentReviewerIds: current.map((a) => a.reviewerId),
        requiredAssessments: required,
        openDisagreementCount: db.select().from(disagreements).where(and(eq(disagreements.claimId, claim.id), eq(disagreements.status, 'open'))).all().length,
      });
      const published = db.select().from(verdicts).where(eq(verdicts.claimId, claim.id)).all().length > 0;
      const review = { assessmentCount: current.length, reviewReady: readiness.ready, published };
      expect(statusAgreesWithReview(claim.status, review), `${demo.key} is ${claim.status} with ${JSON.stringify(review)}`).toBe(true);
      if (claim.status === 'in_review') expect(current.length, demo.key).toBeGreaterThan(0);
    }
  });

  it('links every evidence item over http(s), with a title and a seeded publisher, added by a reviewer', () => {
    const reviewerIds = [userId(db, DEMO_DESK.reviewer1.email), userId(db, DEMO_DESK.reviewer2.email)];
    const rows = db.select().from(evidence).all();
    expect(rows.length).toBe(first.evidence);
    const publisherIds = new Set(db.select({ id: sources.id }).from(sources).all().map((s) => s.id));
    for (const row of rows) {
      expect(['http:', 'https:'], row.url).toContain(new URL(row.url).protocol);
      expect(row.title.trim()).not.toBe('');
      expect(row.note.trim()).not.toBe('');
      expect(publisherIds.has(row.publisherId ?? 0), row.url).toBe(true);
      expect(reviewerIds).toContain(row.addedBy);
      // Nothing is quoted that was not copied from the page; the notes paraphrase.
      expect(row.quoteExact).toBe('');
    }
    const publishers = db.select({ name: sources.name }).from(sources).where(inArray(sources.id, [...publisherIds])).all();
    expect(publishers.map((p) => p.name)).toEqual(expect.arrayContaining([DEMO_SOURCES.reuters.name, DEMO_SOURCES.pentagon.name]));
  });

  it('audits every evidence item, rating, verdict version and comment as done by the person who did it', () => {
    const eventsFor = (action: string) => db.select().from(auditEvents).where(eq(auditEvents.action, action)).all();
    const check = (actions: string[], rows: { id: number; claimId: number; by: number | null }[]) => {
      const events = actions.flatMap(eventsFor);
      expect(events).toHaveLength(rows.length);
      for (const row of rows) {
        const event = events.find((e) => e.entityId === row.id);
        expect(event, `${actions.join('/')} ${row.id}`).toMatchObject({ claimId: row.claimId, actorUserId: row.by });
      }
    };
    check(['evidence.create'], db.select({ id: evidence.id, claimId: evidence.claimId, by: evidence.addedBy }).from(evidence).all());
    check(
      ['assessment.create'],
      db.select({ id: assessments.id, claimId: assessments.claimId, by: assessments.reviewerId }).from(assessments).all(),
    );
    check(
      ['verdict.publish', 'verdict.correct'],
      db.select({ id: verdicts.id, claimId: verdicts.claimId, by: verdicts.publishedBy }).from(verdicts).all(),
    );
    const comments = db
      .select({ id: disagreementComments.id, claimId: disagreements.claimId, by: disagreementComments.authorId })
      .from(disagreementComments)
      .innerJoin(disagreements, eq(disagreements.id, disagreementComments.disagreementId))
      .all();
    check(['comment.create'], comments);
    expect(eventsFor('verdict.correct')).toHaveLength(1);
    expect(eventsFor('disagreement.open_auto')).toHaveLength(1);
  });

  it('adds nothing when run a second time', async () => {
    const before = countRows(db);
    const second = await seedDemo(db);
    expect(Object.values(second).every((n) => n === 0)).toBe(true);
    expect(countRows(db)).toEqual(before);
  });
});

describe('seedDemo’s review work on a database that is not fresh', () => {
  it('leaves a claim someone already worked on as it was and reviews the rest', async () => {
    const { db, cleanup } = createTestDb();
    try {
      const treasury = DEMO_CLAIMS.find((c) => c.key === 'us-treasury-sanctions');
      if (!treasury) throw new Error('no Treasury claim');
      const claimId = db.transaction((tx) => {
        const claimant = tx.insert(sources).values({ name: treasury.claimant.name, kind: treasury.claimant.kind }).returning().get();
        const someone = tx
          .insert(users)
          .values({ email: 'someone@example.org', name: 'Someone', role: 'reviewer', passwordHash: 'scrypt$not-a-real-hash' })
          .returning()
          .get();
        const claim = tx
          .insert(claims)
          .values({ statement: treasury.statement, claimantId: claimant.id, claimedOn: treasury.claimedOn, status: 'in_review' })
          .returning()
          .get();
        tx.insert(evidence)
          .values({ claimId: claim.id, url: 'https://example.org/found-first', title: 'Found first', stance: 'supports', addedBy: someone.id })
          .run();
        return claim.id;
      });

      const report = await seedDemo(db);
      expect(report.claims).toBe(DEMO_CLAIMS.length - 1);
      expect(report.verdicts).toBe(3);
      expect(db.select().from(evidence).where(eq(evidence.claimId, claimId)).all()).toHaveLength(1);
      expect(db.select().from(assessments).where(eq(assessments.claimId, claimId)).all()).toEqual([]);
      expect(db.select({ status: claims.status }).from(claims).where(eq(claims.id, claimId)).get()?.status).toBe('in_review');
      expect(db.select().from(claims).where(eq(claims.status, 'published')).all()).toHaveLength(2);
    } finally {
      cleanup();
    }
  });

  it('writes nothing at all when the review work fails', async () => {
    const { db, cleanup } = createTestDb();
    try {
      db.$client.exec("CREATE TRIGGER fail_verdicts BEFORE INSERT ON verdicts BEGIN SELECT RAISE(ABORT, 'verdicts refused'); END");
      await expect(seedDemo(db)).rejects.toThrow(/verdicts refused/);
      const counts = countRows(db);
      for (const table of ['users', 'sources', 'claims', 'evidence', 'assessments', 'verdict_drafts', 'audit_events']) {
        expect(counts[table], table).toBe(0);
      }
    } finally {
      cleanup();
    }
  });
});
