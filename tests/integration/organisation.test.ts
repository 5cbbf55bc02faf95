import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { listCurrentAssessments } from '@/db/queries/assessments';
import { claims } from '@/db/schema';
import { seedDemo } from '@/lib/demo/seed';
import { ConflictError } from '@/lib/history/conflicts';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { exportStream } from '@/lib/export/stream';
import { getOrganisation, organisationAuthor, requiredAssessments, updateOrganisation } from '@/lib/admin/organisation';
import type { Actor } from '@/lib/auth/permissions';
import { ExportQuery } from '@/lib/validation/export';
import { publishReadiness } from '@/lib/verdicts/verdicts';
import { demoActors } from '../helpers/actors';
import { createTestDb } from '../helpers/test-db';

/**
 * Organisation settings (admins only): an admin names the desk and sets how many
 * assessments publishing needs; the workflow and the published output read what was saved.
 */

let db: Db;
let cleanup: () => void;
let file: string;
let admin: Actor;
let editor: Actor;
let reviewer: Actor;

const snapshot = () => ({
  settings: db.$client.prepare('SELECT key, value, version FROM settings ORDER BY key').all(),
  audit: (db.$client.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n,
});

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a throw');
}

const VALID = { name: 'Seoul Fact Desk', url: 'https://factdesk.example/', requiredAssessments: 3 };

beforeAll(async () => {
  ({ db, file, cleanup } = createTestDb());
  await seedDemo(db);
  const desk = demoActors(db);
  admin = desk.admin;
  editor = desk.editor;
  reviewer = desk.reviewer1;
});
afterAll(() => cleanup());

/** A seeded claim rated by at least two different reviewers. */
function claimWithTwoReviewers(): number {
  const ids = db.select({ id: claims.id }).from(claims).all().map((c) => c.id);
  const id = ids.find((claimId) => new Set(listCurrentAssessments(db, claimId).map((a) => a.reviewerId)).size === 2);
  expect(id).toBeDefined();
  return id!;
}

const assessmentsMissing = (claimId: number) => publishReadiness(db, claimId).missing.find((m) => m.key === 'assessments');

describe('getOrganisation', () => {
  it('falls back to ORG_NAME, ORG_URL and two assessments until an admin saves', () => {
    const env = getEnv();
    expect(getOrganisation(db)).toEqual({ name: env.ORG_NAME, url: env.ORG_URL, requiredAssessments: 2, version: 1 });
    expect(requiredAssessments(db)).toBe(2);
  });
});

describe('updateOrganisation', () => {
  it('refuses reviewers and editors, writing nothing', () => {
    const before = snapshot();
    for (const actor of [reviewer, editor]) {
      expect(thrown(() => updateOrganisation(db, actor, { ...VALID, version: 1 })).code).toBe('forbidden');
    }
    expect(thrown(() => updateOrganisation(db, { kind: 'api_key', id: 1, scopes: ['claims:write'], name: 'cms' }, { ...VALID, version: 1 })).code).toBe(
      'forbidden',
    );
    expect(snapshot()).toEqual(before);
  });

  it.each<[Record<string, unknown>, string]>([
    [{ requiredAssessments: 0 }, 'requiredAssessments'],
    [{ requiredAssessments: 11 }, 'requiredAssessments'],
    [{ requiredAssessments: 2.5 }, 'requiredAssessments'],
    [{ requiredAssessments: 'two' }, 'requiredAssessments'],
    [{ requiredAssessments: '' }, 'requiredAssessments'],
    [{ name: '   ' }, 'name'],
    [{ name: 'x'.repeat(201) }, 'name'],
    [{ url: 'javascript:alert(1)' }, 'url'],
    [{ url: 'not a url' }, 'url'],
    [{ version: 0 }, 'version'],
  ])('refuses %o naming %s, writing nothing', (override, field) => {
    const before = snapshot();
    const error = thrown(() => updateOrganisation(db, admin, { ...VALID, version: 1, ...override }));
    expect(error.code).toBe('bad_request');
    expect(Object.keys(error.fieldErrors)).toEqual([field]);
    expect(snapshot()).toEqual(before);
  });

  it('saves at the version shown, with one audit event, and publish-readiness follows the new count', () => {
    const claimId = claimWithTwoReviewers();
    expect(assessmentsMissing(claimId)).toBeUndefined();

    const after = updateOrganisation(db, admin, { name: ' Seoul Fact Desk ', url: VALID.url, requiredAssessments: '3', version: '1' });
    expect(after).toEqual({ ...VALID, version: 2 });
    expect(getOrganisation(db)).toEqual(after);
    expect(requiredAssessments(db)).toBe(3);
    expect(assessmentsMissing(claimId)?.message).toBe('Needs 1 more assessment by a different reviewer (2 of 3).');

    const events = db.$client
      .prepare(`SELECT action, actor_user_id AS actorUserId, before, after FROM audit_events WHERE entity_type = 'organisation'`)
      .all() as { action: string; actorUserId: number; before: string; after: string }[];
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'organisation.update', actorUserId: admin.id });
    expect(JSON.parse(events[0]!.before)).toMatchObject({ requiredAssessments: 2, version: 1 });
    expect(JSON.parse(events[0]!.after)).toEqual({ ...VALID, version: 2 });

    // One is allowed too: then a single reviewer's assessment is enough.
    updateOrganisation(db, admin, { ...VALID, requiredAssessments: 1, version: 2 });
    expect(assessmentsMissing(claimId)).toBeUndefined();
    updateOrganisation(db, admin, { ...VALID, version: 3 });
  });

  it('refuses a save made on a stale page with who changed what, writing nothing', () => {
    const current = getOrganisation(db).version;
    const before = snapshot();
    const error = thrown(() => updateOrganisation(db, admin, { ...VALID, name: 'Late Desk', version: current - 1 }));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).currentVersion).toBe(current);
    expect(error.message).toMatch(/changed required assessments/);
    expect(snapshot()).toEqual(before);
  });

  it('changes nothing and records nothing when nothing changed', () => {
    const current = getOrganisation(db);
    const before = snapshot();
    expect(updateOrganisation(db, admin, { ...VALID, version: current.version })).toEqual(current);
    expect(snapshot()).toEqual(before);
  });

  it('names the saved organisation as the author of ClaimReview exports', async () => {
    expect(organisationAuthor(db)).toEqual({ name: VALID.name, url: VALID.url });
    const { stream } = exportStream(db, editor, ExportQuery.parse({ format: 'claimreview' }), { publicUrl: 'https://verdicts.example' });
    const text = await new Response(stream).text();
    expect(text).toContain('"name":"Seoul Fact Desk"');
    expect(text).not.toContain(getEnv().ORG_NAME);
  });

  it('names a changed organisation at once, whether the change came from here or another process', () => {
    const current = getOrganisation(db);
    expect(organisationAuthor(db).name).toBe(current.name);
    const saved = updateOrganisation(db, admin, { ...VALID, name: 'Busan Fact Desk', version: current.version });
    expect(organisationAuthor(db).name).toBe('Busan Fact Desk');
    // Another connection (a script, a second server process) writes the setting.
    const other = new Database(file);
    try {
      other.prepare(`UPDATE settings SET value = 'Daegu Fact Desk' WHERE key = 'org_name'`).run();
    } finally {
      other.close();
    }
    expect(organisationAuthor(db).name).toBe('Daegu Fact Desk');
    db.$client.prepare(`UPDATE settings SET value = ? WHERE key = 'org_name'`).run(VALID.name);
    expect(saved.version).toBe(current.version + 1);
  });

  it('ignores a stored count outside the bounds, written by hand', () => {
    db.$client.prepare(`UPDATE settings SET value = '50' WHERE key = 'required_assessments'`).run();
    expect(requiredAssessments(db)).toBe(2);
    db.$client.prepare(`UPDATE settings SET value = '3' WHERE key = 'required_assessments'`).run();
    expect(requiredAssessments(db)).toBe(3);
  });
});
