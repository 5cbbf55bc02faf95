import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '@/db/open';
import { getApiKeySummary } from '@/db/queries/api-keys';
import { getUserRecord } from '@/db/queries/users';
import { auditEvents } from '@/db/schema';
import { authenticateApiKey, createApiKey, reassignApiKey, revokeApiKey, TOUCH_INTERVAL_MS } from '@/lib/api/keys';
import { AppError, problemResponse } from '@/lib/errors';
import { changeUserRole, createUser, disableUser, enableUser } from '@/lib/admin/users';
import { parseExpiresIn } from '@/lib/validation/api-key';
import { createTestDb } from '../helpers/test-db';
import { userActor, type UserActor } from '../helpers/actors';
import { refusal } from '../helpers/refusal';

/**
 * An API key acts for the person who holds it (item 5 of issue 9): disabling or demoting that
 * person suspends it at its next request, an admin can reassign it, keys can expire, and a key's
 * state is read again whenever the data changed, however fast authentication has become (item 7).
 */

const root = path.resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);
const DAY = 24 * 60 * 60 * 1000;

let db: Db;
let file: string;
let cleanup: () => void;
let admin: UserActor;

const newUser = async (role: 'reviewer' | 'editor' | 'admin') =>
  userActor(await createUser(db, admin, { email: `${role}-${randomUUID().slice(0, 8)}@example.org`, name: `${role} ${randomUUID().slice(0, 4)}`, role, password: 'correct horse battery' }));
const version = (id: number) => getUserRecord(db, id)!.version;
const keyEvents = (id: number) =>
  db.select({ action: auditEvents.action, actorUserId: auditEvents.actorUserId }).from(auditEvents).where(and(eq(auditEvents.entityType, 'api_key'), eq(auditEvents.entityId, id))).all();

/** A key made by `by` in settings, already used once (so authentication holds it verified). */
function keyOf(by: UserActor, scopes: ('verdicts:read' | 'claims:write' | 'export:read')[] = ['verdicts:read'], expiresInDays?: number) {
  const { key, apiKey } = createApiKey(db, by, { name: `CMS ${randomUUID().slice(0, 6)}`, scopes, expiresInDays });
  expect(authenticateApiKey(db, key)).toMatchObject({ kind: 'api_key', id: apiKey.id });
  return { key, id: apiKey.id };
}

beforeAll(async () => {
  ({ db, file, cleanup } = createTestDb());
  admin = userActor(await createUser(db, null, { email: 'admin@example.org', name: 'Ada Admin', role: 'admin', password: 'correct horse battery' }));
});
afterAll(() => cleanup());

describe('a key outlives nobody', () => {
  it('is refused at its next request once its holder is disabled, with a 401 saying it is suspended', async () => {
    const editor = await newUser('editor');
    const { key, id } = keyOf(editor);
    disableUser(db, admin, { userId: editor.id, version: version(editor.id) });
    const error = refusal(() => authenticateApiKey(db, key));
    expect(error.code).toBe('unauthorized');
    expect(error.fieldErrors).toEqual({ Authorization: ['Suspended key'] });
    const response = problemResponse(error);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(((await response.json()) as { detail: string }).detail).toMatch(/suspended/i);
    expect(getApiKeySummary(db, id)?.suspendedAt).not.toBeNull();
    expect(keyEvents(id).map((event) => event.action)).toEqual(['api_key.create', 'api_key.suspend']);
    // Enabling the person again does not bring the key back by itself: an admin reassigns it.
    enableUser(db, admin, { userId: editor.id, version: version(editor.id) });
    expect(refusal(() => authenticateApiKey(db, key)).fieldErrors).toEqual({ Authorization: ['Suspended key'] });
  });

  it('is refused once its holder is demoted below editor, and keeps working for an admin made editor', async () => {
    const editor = await newUser('editor');
    const formerAdmin = await newUser('admin');
    const demoted = keyOf(editor);
    const kept = keyOf(formerAdmin);
    changeUserRole(db, admin, { userId: editor.id, version: version(editor.id), role: 'reviewer' });
    changeUserRole(db, admin, { userId: formerAdmin.id, version: version(formerAdmin.id), role: 'editor' });
    expect(refusal(() => authenticateApiKey(db, demoted.key)).fieldErrors).toEqual({ Authorization: ['Suspended key'] });
    expect(authenticateApiKey(db, kept.key)).toMatchObject({ id: kept.id });
    expect(getApiKeySummary(db, kept.id)?.suspendedAt).toBeNull();
  });

  it('works again once an admin reassigns it to an active editor, audited; nobody else may', async () => {
    const editor = await newUser('editor');
    const successor = await newUser('editor');
    const reviewer = await newUser('reviewer');
    const { key, id } = keyOf(editor);
    disableUser(db, admin, { userId: editor.id, version: version(editor.id) });
    expect(() => authenticateApiKey(db, key)).toThrow(AppError);
    const current = getApiKeySummary(db, id)!;

    expect(refusal(() => reassignApiKey(db, successor, { apiKeyId: id, version: current.version, ownerId: successor.id })).code).toBe('forbidden');
    const toReviewer = refusal(() => reassignApiKey(db, admin, { apiKeyId: id, version: current.version, ownerId: reviewer.id }));
    expect(toReviewer.code).toBe('bad_request');
    expect(Object.keys(toReviewer.fieldErrors)).toEqual(['ownerId']);
    expect(refusal(() => reassignApiKey(db, admin, { apiKeyId: id, version: current.version, ownerId: editor.id })).fieldErrors).toHaveProperty('ownerId');
    expect(refusal(() => reassignApiKey(db, admin, { apiKeyId: id, version: current.version - 1, ownerId: successor.id })).code).toBe('conflict');
    expect(() => authenticateApiKey(db, key)).toThrow(AppError);

    const after = reassignApiKey(db, admin, { apiKeyId: id, version: current.version, ownerId: successor.id });
    expect(after).toMatchObject({ ownerId: successor.id, createdBy: editor.id, suspendedAt: null, version: current.version + 1 });
    expect(authenticateApiKey(db, key)).toMatchObject({ kind: 'api_key', id });
    expect(keyEvents(id).at(-1)).toEqual({ action: 'api_key.reassign', actorUserId: admin.id });
    // The new holder's own fate now decides the key's.
    changeUserRole(db, admin, { userId: successor.id, version: version(successor.id), role: 'reviewer' });
    expect(() => authenticateApiKey(db, key)).toThrow(/suspended/);
  });

  it('is refused when its holder is disabled by another process, at its next request', async () => {
    const editor = await newUser('editor');
    const { key } = keyOf(editor);
    // As a script or a second server would: another connection, a plain commit, no app code.
    const other = new Database(file);
    try {
      other.prepare("UPDATE users SET disabled_at = '2026-01-01T00:00:00.000Z' WHERE id = ?").run(editor.id);
    } finally {
      other.close();
    }
    expect(refusal(() => authenticateApiKey(db, key)).fieldErrors).toEqual({ Authorization: ['Suspended key'] });
  });

  it('is refused at its next request once revoked, here or by another process', async () => {
    const editor = await newUser('editor');
    const here = keyOf(editor);
    const elsewhere = keyOf(editor);
    revokeApiKey(db, editor, { apiKeyId: here.id });
    expect(refusal(() => authenticateApiKey(db, here.key)).fieldErrors).toEqual({ Authorization: ['Unknown, malformed or revoked key'] });
    const other = openDatabase(file, { migrate: false });
    try {
      revokeApiKey(other, editor, { apiKeyId: elsewhere.id });
    } finally {
      other.$client.close();
    }
    expect(refusal(() => authenticateApiKey(db, elsewhere.key)).fieldErrors).toEqual({ Authorization: ['Unknown, malformed or revoked key'] });
  });

  it('keeps command-line keys, which belong to nobody, working whoever is disabled', () => {
    const { key, apiKey } = createApiKey(db, null, { name: 'Ops', scopes: ['export:read'] });
    expect(apiKey).toMatchObject({ createdBy: null, ownerId: null });
    expect(authenticateApiKey(db, key)).toMatchObject({ id: apiKey.id });
  });
});

describe('expiry', () => {
  it('stores the expiry and answers 401 problem+json saying the key expired, from that instant on', async () => {
    const editor = await newUser('editor');
    const before = Date.now();
    const { key, id } = keyOf(editor, ['verdicts:read'], 90);
    const expiresAt = Date.parse(getApiKeySummary(db, id)!.expiresAt!);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 90 * DAY);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 90 * DAY);
    expect(authenticateApiKey(db, key, expiresAt - 1)).toMatchObject({ id });
    const error = refusal(() => authenticateApiKey(db, key, expiresAt));
    expect(error.fieldErrors).toEqual({ Authorization: ['Expired key'] });
    const response = problemResponse(error);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(((await response.json()) as { detail: string }).detail).toContain(`expired at ${new Date(expiresAt).toISOString()}`);
  });

  it('reads --expires-in as whole days and refuses anything else, naming the option', () => {
    expect(parseExpiresIn('90d')).toBe(90);
    expect(parseExpiresIn('1D')).toBe(1);
    for (const bad of ['90', '0d', '-5d', '3651d', '12h', '1.5d', 'soon', '']) expect(() => parseExpiresIn(bad), bad).toThrow(/--expires-in/);
  });

  it('npm run apikey:create -- --expires-in 90d makes a key that expires in 90 days', async () => {
    const { stdout } = await run(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/apikey-create.ts', '--name', 'Expiring CMS', '--scope', 'verdicts:read', '--expires-in', '90d'], {
      cwd: root,
      env: { ...process.env, DATABASE_PATH: file },
    });
    expect(stdout).toMatch(/expires at \d{4}-\d{2}-\d{2}T/);
    const key = /cbk_\S+/.exec(stdout)?.[0] ?? '';
    const actor = authenticateApiKey(db, key);
    const stored = getApiKeySummary(db, actor.id)!;
    expect(Date.parse(stored.expiresAt!) - Date.parse(stored.createdAt)).toBeGreaterThan(90 * DAY - 60_000);
    expect(Date.parse(stored.expiresAt!) - Date.parse(stored.createdAt)).toBeLessThan(90 * DAY + 60_000);
    await expect(
      run(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/apikey-create.ts', '--name', 'Bad', '--scope', 'verdicts:read', '--expires-in', '12h'], { cwd: root, env: { ...process.env, DATABASE_PATH: file } }),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('--expires-in') });
  });
});

describe('a keyed read is not a write', () => {
  it('authenticates while another connection holds the write lock, once its use was recorded this minute', async () => {
    const editor = await newUser('editor');
    const { key, id } = keyOf(editor);
    const used = getApiKeySummary(db, id)!.lastUsedAt;
    expect(used).not.toBeNull();
    const writer = new Database(file);
    writer.pragma('busy_timeout = 0');
    writer.exec('BEGIN IMMEDIATE');
    try {
      const started = performance.now();
      expect(authenticateApiKey(db, key)).toMatchObject({ id });
      // Without waiting out busy_timeout (5 s) for a write lock it does not need.
      expect(performance.now() - started).toBeLessThan(1000);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
    // A minute on, the use is recorded again, once.
    expect(authenticateApiKey(db, key, Date.parse(used!) + TOUCH_INTERVAL_MS)).toMatchObject({ id });
    expect(getApiKeySummary(db, id)!.lastUsedAt).toBe(new Date(Date.parse(used!) + TOUCH_INTERVAL_MS).toISOString());
  });
});
