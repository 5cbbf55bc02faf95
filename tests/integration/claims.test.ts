import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getClaimDetail } from '@/db/queries/claims';
import type { Db } from '@/db/open';
import { apiKeys, claimLinks, sources, users, verdicts } from '@/db/schema';
import { createClaim, measureKey, readClaim } from '@/lib/claims/claims';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/permissions';
import type { ClaimCreate } from '@/lib/validation/claim';
import { serializeVerdictSnapshot, takeVerdictSnapshot } from '@/lib/verdicts/snapshot';
import { createTestDb } from '../helpers/test-db';
import { userActor } from '../helpers/actors';

let db: Db;
let cleanup: () => void;
let reviewer: Actor;
let pentagonId: number;
let mediaId: number;

const TABLES = ['claims', 'sources', 'appearances', 'quantities', 'measures', 'audit_events', 'claims_fts'] as const;

function counts(): Record<string, number> {
  return Object.fromEntries(
    TABLES.map((t) => [t, (db.$client.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]),
  );
}

interface AuditRow {
  action: string;
  entity_type: string;
  entity_id: number;
  claim_id: number | null;
  actor_user_id: number | null;
  actor_api_key_id: number | null;
}
const auditSince = (id: number) =>
  db.$client.prepare('SELECT * FROM audit_events WHERE id > ? ORDER BY id').all(id) as AuditRow[];
const lastAuditId = () => (db.$client.prepare('SELECT coalesce(max(id), 0) AS id FROM audit_events').get() as { id: number }).id;

function input(overrides: Partial<ClaimCreate> = {}): ClaimCreate {
  return {
    statement: 'As many as 10,000 North Korean troops have been sent to Russia.',
    claimantId: pentagonId,
    claimedOn: '2024-12-18',
    language: 'en',
    context: '',
    appearance: { url: 'https://example.org/briefing', title: 'Briefing', quote: 'as many as 10,000' },
    ...overrides,
  };
}

function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an AppError');
}

beforeAll(() => {
  ({ db, cleanup } = createTestDb());
  const user = db
    .insert(users)
    .values({ email: 'rev@example.org', name: 'Rita Reviewer', role: 'reviewer', passwordHash: 'x' })
    .returning()
    .get();
  reviewer = userActor(user);
  pentagonId = db.insert(sources).values({ name: 'Pentagon', kind: 'government' }).returning().get().id;
  mediaId = db.insert(sources).values({ name: 'Daily Wire Service', kind: 'media' }).returning().get().id;
});
afterAll(() => cleanup());

describe('measureKey', () => {
  it('slugs names, folding accents and trimming dashes', () => {
    expect(measureKey('North Korean troops in Russia')).toBe('north-korean-troops-in-russia');
    expect(measureKey('  Café  prices (€) ')).toBe('cafe-prices');
    expect(measureKey('x'.repeat(200))).toHaveLength(80);
    expect(measureKey('!!!')).toBe('measure');
  });
});

describe('createClaim', () => {
  it('writes claim, appearance, quantity and a new measure, each with one audit event', () => {
    const before = counts();
    const since = lastAuditId();
    const { id } = createClaim(
      db,
      reviewer,
      input({
        appearance: { url: 'https://example.org/a', title: 'Story', publisherId: mediaId, publishedOn: '2024-12-19', quote: '' },
        quantity: { measure: 'Troops deployed to Kursk', high: 10000, unit: 'troops', bound: 'at_most', modality: 'estimate' },
      }),
    );
    const after = counts();
    expect(after).toEqual({
      ...before,
      claims: before.claims! + 1,
      appearances: before.appearances! + 1,
      quantities: before.quantities! + 1,
      measures: before.measures! + 1,
      audit_events: before.audit_events! + 4,
      claims_fts: before.claims_fts! + 1,
    });
    const events = auditSince(since);
    expect(events.map((e) => [e.action, e.entity_type])).toEqual([
      ['claim.create', 'claim'],
      ['appearance.create', 'appearance'],
      ['measure.create', 'measure'],
      ['quantity.create', 'quantity'],
    ]);
    expect(events.every((e) => e.actor_user_id === reviewer.id && e.actor_api_key_id === null)).toBe(true);
    expect(events[0]).toMatchObject({ entity_id: id, claim_id: id });
    expect(events[1]!.claim_id).toBe(id);
    expect(events[3]).toMatchObject({ entity_id: id, claim_id: id });
    const measure = db.$client.prepare('SELECT * FROM measures WHERE id = ?').get(events[2]!.entity_id) as { key: string };
    expect(measure.key).toBe('troops-deployed-to-kursk');

    const detail = readClaim(db, reviewer, id);
    expect(detail).toMatchObject({ id, status: 'draft', claimant: { id: pentagonId, name: 'Pentagon', kind: 'government' } });
    expect(detail.appearances).toEqual([
      expect.objectContaining({ url: 'https://example.org/a', title: 'Story', publishedOn: '2024-12-19', publisherName: 'Daily Wire Service' }),
    ]);
    expect(detail.quantity).toMatchObject({ high: 10000, low: null, value: null, bound: 'at_most', measure: { key: 'troops-deployed-to-kursk' } });
    expect(detail.links).toEqual([]);
  });

  it('re-uses a measure of the same name, in any case, without a new audit event', () => {
    const measures = counts().measures;
    const since = lastAuditId();
    createClaim(db, reviewer, input({ quantity: { measure: 'TROOPS deployed to kursk', value: 9000, unit: 'troops', bound: 'about', modality: 'estimate' } }));
    expect(counts().measures).toBe(measures);
    expect(auditSince(since).map((e) => e.action)).toEqual(['claim.create', 'appearance.create', 'quantity.create']);
  });

  it('creates a new claimant source once, then re-uses it by name and kind', () => {
    const before = counts();
    const since = lastAuditId();
    const first = createClaim(db, reviewer, input({ claimantId: undefined, newClaimant: { name: 'Kim Analyst', kind: 'person' } }));
    const events = auditSince(since);
    expect(events.map((e) => e.action)).toEqual(['source.create', 'claim.create', 'appearance.create']);
    const source = db.select().from(sources).where(eq(sources.name, 'Kim Analyst')).get();
    expect(source).toMatchObject({ kind: 'person', createdBy: reviewer.id });
    expect(events[0]).toMatchObject({ entity_type: 'source', entity_id: source!.id });
    expect(counts().sources).toBe(before.sources! + 1);

    const since2 = lastAuditId();
    const second = createClaim(db, reviewer, input({ claimantId: undefined, newClaimant: { name: 'Kim Analyst', kind: 'person' } }));
    expect(counts().sources).toBe(before.sources! + 1);
    expect(auditSince(since2).map((e) => e.action)).not.toContain('source.create');
    expect(readClaim(db, reviewer, first.id).claimant.id).toBe(source!.id);
    expect(readClaim(db, reviewer, second.id).claimant.id).toBe(source!.id);

    // Same name, another kind: a different source.
    createClaim(db, reviewer, input({ claimantId: undefined, newClaimant: { name: 'Kim Analyst', kind: 'organisation' } }));
    expect(counts().sources).toBe(before.sources! + 2);
  });

  it('refuses a claimantId that does not exist, naming the field, writing nothing', () => {
    const before = counts();
    const error = appError(() => createClaim(db, reviewer, input({ claimantId: 999_999 })));
    expect(error.code).toBe('bad_request');
    expect(Object.keys(error.fieldErrors)).toEqual(['claimantId']);
    expect(counts()).toEqual(before);
  });

  it('refuses a publisherId that does not exist after a new claimant was made, and rolls it all back', () => {
    const before = counts();
    const error = appError(() =>
      createClaim(
        db,
        reviewer,
        input({
          claimantId: undefined,
          newClaimant: { name: 'Rolled Back Source', kind: 'media' },
          appearance: { url: 'https://example.org/x', title: 'X', publisherId: 888_888, quote: '' },
          quantity: { measure: 'Rolled back measure', value: 1, unit: 'x', bound: 'exact', modality: 'estimate' },
        }),
      ),
    );
    expect(error.code).toBe('bad_request');
    expect(Object.keys(error.fieldErrors)).toEqual(['appearance.publisherId']);
    expect(counts()).toEqual(before);
    expect(db.select().from(sources).where(eq(sources.name, 'Rolled Back Source')).get()).toBeUndefined();
  });

  it('refuses a claim without any claimant as bad_request at claimantId', () => {
    const before = counts();
    const error = appError(() => createClaim(db, reviewer, input({ claimantId: undefined })));
    expect(error.code).toBe('bad_request');
    expect(error.fieldErrors.claimantId).toBeDefined();
    expect(counts()).toEqual(before);
  });

  it('refuses an API key without the claims:write scope, writing nothing', () => {
    const before = counts();
    const error = appError(() => createClaim(db, { kind: 'api_key', id: 1, scopes: [], name: 'k' }, input()));
    expect(error.code).toBe('forbidden');
    expect(counts()).toEqual(before);
  });

  it('records an API key with claims:write as the actor', () => {
    const key = db
      .insert(apiKeys)
      .values({ name: 'Importer', prefix: 'cb_test1', keyHash: 'h', scopes: ['claims:write'] })
      .returning()
      .get();
    const since = lastAuditId();
    const { id } = createClaim(db, { kind: 'api_key', id: key.id, scopes: ['claims:write'], name: key.name }, input());
    const events = auditSince(since);
    expect(events).toHaveLength(2);
    expect(events.every((e) => e.actor_api_key_id === key.id && e.actor_user_id === null)).toBe(true);
    const row = db.$client.prepare('SELECT created_by FROM claims WHERE id = ?').get(id) as { created_by: number | null };
    expect(row.created_by).toBeNull();
  });

  it('opens a sources’ disagreement when the new figure does not overlap another for the same measure', () => {
    const measure = 'Drones shot down over Kyiv in one night';
    const first = createClaim(db, reviewer, input({ statement: 'At most 20 drones were shot down.', quantity: { measure, high: 20, unit: 'drones', bound: 'at_most', modality: 'reported_fact', asOf: '2024-12-17' } }));
    const rows = () =>
      db.$client.prepare("SELECT claim_id AS claimId, related_claim_id AS relatedId FROM disagreements WHERE kind = 'sources' AND status = 'open'").all() as { claimId: number; relatedId: number }[];
    const before = rows().length;
    const second = createClaim(db, reviewer, input({ statement: 'At least 60 drones were shot down.', quantity: { measure, low: 60, unit: 'drones', bound: 'at_least', modality: 'reported_fact', asOf: '2024-12-17' } }));
    expect(rows().slice(before)).toEqual([{ claimId: first.id, relatedId: second.id }]);
    const disputed = db.$client.prepare('SELECT disputed FROM claims WHERE id IN (?, ?)').pluck().all(first.id, second.id);
    expect(disputed).toEqual([1, 1]);
  });

  it('indexes the new claim for full-text search by statement word and by claimant name', () => {
    const claimant = db.insert(sources).values({ name: 'Zyxwvut Ministry', kind: 'government' }).returning().get();
    const { id } = createClaim(db, reviewer, input({ claimantId: claimant.id, statement: 'Quorblesnatch exports doubled in 2024.' }));
    const match = (q: string) =>
      (db.$client.prepare('SELECT rowid AS id FROM claims_fts WHERE claims_fts MATCH ?').all(q) as { id: number }[]).map((r) => r.id);
    expect(match('quorblesnatch')).toEqual([id]);
    expect(match('statement:quorblesnatch')).toEqual([id]);
    expect(match('claimant:zyxwvut')).toEqual([id]);
    expect(match('claimant:quorblesnatch')).toEqual([]);
  });
});

describe('database guards', () => {
  it('refuses UPDATE and DELETE on audit_events', () => {
    const id = lastAuditId();
    expect(id).toBeGreaterThan(0);
    expect(() => db.$client.prepare("UPDATE audit_events SET action = 'x' WHERE id = ?").run(id)).toThrow(/append-only/);
    expect(() => db.$client.prepare('DELETE FROM audit_events WHERE id = ?').run(id)).toThrow(/append-only/);
    expect(() => db.$client.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
    expect((db.$client.prepare('SELECT action FROM audit_events WHERE id = ?').get(id) as { action: string }).action).not.toBe('x');
  });

  it('refuses UPDATE and DELETE on a published verdict', () => {
    const { id: claimId } = createClaim(db, reviewer, input());
    const verdict = db
      .insert(verdicts)
      .values({ claimId, versionNumber: 1, kind: 'publication', label: 'mixed', headline: 'H', explanation: 'E', publishedBy: reviewer.id, snapshot: serializeVerdictSnapshot(takeVerdictSnapshot(db, claimId, [])) })
      .returning()
      .get();
    expect(() => db.$client.prepare("UPDATE verdicts SET label = 'accurate' WHERE id = ?").run(verdict.id)).toThrow(/immutable/);
    expect(() => db.$client.prepare('DELETE FROM verdicts WHERE id = ?').run(verdict.id)).toThrow(/immutable/);
    expect(db.select().from(verdicts).where(eq(verdicts.id, verdict.id)).get()?.label).toBe('mixed');
  });

  it('refuses a verdict version without the snapshot of what it shows', () => {
    const { id: claimId } = createClaim(db, reviewer, input());
    const insert = db.$client.prepare(
      "INSERT INTO verdicts (claim_id, version_number, kind, label, headline, explanation, snapshot) VALUES (?, 1, 'publication', 'mixed', 'H', 'E', ?)",
    );
    for (const snapshot of ['{}', 'not json', '{"claim":"text"}']) expect(() => insert.run(claimId, snapshot)).toThrow(/snapshot/);
    expect(db.select().from(verdicts).where(eq(verdicts.claimId, claimId)).all()).toEqual([]);
  });
});

describe('readClaim and getClaimDetail', () => {
  it('refuses a missing claim with not_found and a signed-out reader with unauthorized', () => {
    expect(appError(() => readClaim(db, reviewer, 987_654)).code).toBe('not_found');
    const { id } = createClaim(db, reviewer, input());
    expect(appError(() => readClaim(db, null, id)).code).toBe('unauthorized');
    expect(appError(() => readClaim(db, { kind: 'api_key', id: 1, scopes: ['claims:write'], name: 'k' }, id)).code).toBe('forbidden');
  });

  it('shows a link from both claims, outgoing from one and incoming to the other', () => {
    const a = createClaim(db, reviewer, input({ statement: 'Claim A about troops.' })).id;
    const b = createClaim(db, reviewer, input({ statement: 'Claim B contradicting A.' })).id;
    const c = createClaim(db, reviewer, input({ statement: 'Claim C, unrelated.' })).id;
    db.insert(claimLinks).values({ fromClaimId: b, toClaimId: a, kind: 'contradicts', note: 'numbers differ', createdBy: reviewer.id }).run();

    const fromB = getClaimDetail(db, b)!.links;
    expect(fromB).toEqual([
      expect.objectContaining({ kind: 'contradicts', note: 'numbers differ', direction: 'outgoing', other: expect.objectContaining({ id: a, statement: 'Claim A about troops.' }) }),
    ]);
    const toA = readClaim(db, reviewer, a).links;
    expect(toA).toEqual([
      expect.objectContaining({ kind: 'contradicts', direction: 'incoming', other: expect.objectContaining({ id: b, statement: 'Claim B contradicting A.' }) }),
    ]);
    expect(getClaimDetail(db, c)!.links).toEqual([]);
    expect(getClaimDetail(db, 987_654)).toBeUndefined();
  });
});
