// Also in tests/integration/backup-restore.test.ts, on purpose: that file calls the backup, check and
// restore functions case by case; this one runs the `db:backup` and `db:restore` commands against the
// built server while the API takes writes, which only the real processes can show.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './support/harness';
import { LOCKED, makeApiKey, readDb, runNpmScript } from './support/cli';
import { knownMigrations } from '@/db/database-check';

/**
 * db:backup while the API keeps writing, then db:restore into the stopped server's path. The
 * backup must be one point in time: every claim with its appearance and audit events, nothing
 * half-written, and the claims it holds exactly those created before some moment.
 */
let app: RunningApp;
let restarted: RunningApp | undefined;
let apiKey: string;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-backup-e2e-'));
const backup = path.join(tmp, 'claimbench-backup.db');
const env = { API_RATE_LIMIT: '1000000' };
/** Ids of the claims the API created, in the order it answered. */
const created: number[] = [];

beforeAll(async () => {
  app = await startApp({ env });
  apiKey = makeApiKey(app.dbFile, ['claims:write', 'verdicts:read']);
});

afterAll(async () => {
  await restarted?.stop();
  await app?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function api(pathname: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${app.baseUrl}${pathname}`, {
    ...init,
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...init.headers },
  });
}

function claimCount(file: string): number {
  return readDb(file, (sqlite) => sqlite.prepare('SELECT count(*) FROM claims').pluck().get() as number);
}

function oneLine(text: string): void {
  expect(text.split('\n'), text).toHaveLength(1);
}

describe('backup and restore', () => {
  it('backs up a consistent point in time while the API takes writes', async () => {
    const statuses: number[] = [];
    let writing = true;
    const writer = async (lane: number) => {
      for (let n = 0; writing; n++) {
        const response = await api('/api/v1/claims', {
          method: 'POST',
          body: JSON.stringify({
            statement: `Backup lane ${lane} claim ${n}: the pier is ${n} metres long.`,
            claimant: { name: `Backup claimant ${n % 5}`, kind: 'person' },
            claimed_on: '2024-08-01',
            appearance: { url: `https://backup.example/${lane}/${n}`, quote: 'quoted' },
          }),
        });
        statuses.push(response.status);
        if (response.status === 201) created.push(((await response.json()) as { id: number }).id);
        else await response.arrayBuffer();
      }
    };
    const writers = [writer(1), writer(2)];
    while (created.length < 10) await new Promise((resolve) => setTimeout(resolve, 50));
    const result = await runNpmScript('db:backup', [backup], { dbFile: app.dbFile });
    const atBackup = created.length;
    while (created.length < atBackup + 5) await new Promise((resolve) => setTimeout(resolve, 50));
    writing = false;
    await Promise.all(writers);

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Backed up .* to .*claimbench-backup\.db \(.* claims, .* audit events, \d+ migrations\) in \d+\.\d s; integrity, search index and migrations checked\.$/m);
    expect(`${result.stdout}${result.stderr}${app.logs()}`).not.toMatch(LOCKED);
    expect(statuses.every((status) => status === 201)).toBe(true);

    readDb(backup, (sqlite) => {
      const value = (sql: string) => sqlite.prepare(sql).pluck().get() as number | string;
      expect(value('PRAGMA integrity_check')).toBe('ok');
      expect(value('SELECT count(*) FROM __drizzle_migrations')).toBe(knownMigrations().length);
      // Each row has its creation event and each event its row: no change is half in the copy.
      for (const [table, action] of [
        ['claims', 'claim.create'],
        ['appearances', 'appearance.create'],
        ['sources', 'source.create'],
        ['users', 'user.create'],
        ['api_keys', 'api_key.create'],
      ] as const) {
        const rows = value(`SELECT count(*) FROM ${table}`);
        expect(value(`SELECT count(*) FROM audit_events WHERE action = '${action}'`), action).toBe(rows);
        const orphans = value(
          `SELECT count(*) FROM ${table} t WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.action = '${action}' AND a.entity_id = t.id)`,
        );
        expect(orphans, table).toBe(0);
      }
      expect(value('SELECT count(*) FROM claims c WHERE NOT EXISTS (SELECT 1 FROM appearances a WHERE a.claim_id = c.id)')).toBe(0);
      // The API's claims in the copy are exactly those created before one moment.
      const inBackup = (sqlite.prepare('SELECT id FROM claims WHERE id >= ? ORDER BY id').pluck().all(Math.min(...created)) as number[]);
      const sorted = [...created].sort((a, b) => a - b);
      expect(inBackup.length).toBeGreaterThan(0);
      expect(inBackup.length).toBeLessThan(sorted.length);
      expect(inBackup).toEqual(sorted.slice(0, inBackup.length));
    });
  }, 90_000);

  it('refuses a missing, corrupt or foreign backup, a running server and a restore without --force, with one line', async () => {
    const corrupt = path.join(tmp, 'corrupt.db');
    const bytes = fs.readFileSync(backup);
    for (let i = bytes.readUInt16BE(16) * 2; i < bytes.length; i += 5) bytes[i] = (i * 131) & 0xff;
    fs.writeFileSync(corrupt, bytes);
    const notes = path.join(tmp, 'notes.txt');
    fs.writeFileSync(notes, 'minutes of the desk meeting\n');
    const before = claimCount(app.dbFile);

    const [missing, broken, foreign, running, unforced] = await Promise.all([
      runNpmScript('db:restore', [path.join(tmp, 'nope.db'), '--force'], { dbFile: app.dbFile }),
      runNpmScript('db:restore', [corrupt, '--force'], { dbFile: app.dbFile }),
      runNpmScript('db:restore', [notes, '--force'], { dbFile: app.dbFile }),
      runNpmScript('db:restore', [backup, '--force'], { dbFile: app.dbFile }),
      runNpmScript('db:restore', [backup], { dbFile: app.dbFile }),
    ]);
    for (const result of [missing, broken, foreign, running, unforced]) {
      expect(result.code, result.command).toBe(1);
      expect(result.stdout, result.command).toBe('');
      oneLine(result.stderr);
    }
    expect(missing.stderr).toMatch(/^There is no backup at .*nope\.db\.$/);
    expect(broken.stderr).toMatch(/^The backup .*corrupt\.db (fails SQLite's integrity check|cannot be read as a database|has a damaged search index)/);
    expect(foreign.stderr).toMatch(/^The backup .*notes\.txt is not an SQLite database\.$/);
    expect(running.stderr).toMatch(/is in use \(a running server, import or backup has it open\); stop it, then restore\.$/);
    expect(unforced.stderr).toMatch(/Stop the server, then run again with --force/);

    expect(claimCount(app.dbFile)).toBe(before);
    expect(fs.readdirSync(path.dirname(app.dbFile)).filter((name) => /before-restore|\.tmp$/.test(name))).toEqual([]);
    expect((await api('/api/v1/claims/1')).status).toBe(200);
  }, 60_000);

  it('restores into the stopped server’s path, keeps the replaced database, and the server serves the backup', async () => {
    await app.kill();
    const live = claimCount(app.dbFile);
    const result = await runNpmScript('db:restore', [backup, '--force'], { dbFile: app.dbFile });
    expect(result.code, result.stderr).toBe(0);
    const kept = /kept as (.+before-restore-\d{8}T\d{6}Z)\./.exec(result.stdout)?.[1];
    expect(kept, result.stdout).toBeDefined();
    expect(claimCount(kept!)).toBe(live);
    const restoredCount = claimCount(app.dbFile);
    expect(restoredCount).toBe(claimCount(backup));
    expect(restoredCount).toBeLessThan(live);

    restarted = await startApp({ dbFile: app.dbFile, authSecret: app.authSecret, env });
    const inBackup = readDb(backup, (sqlite) => sqlite.prepare('SELECT id, statement FROM claims ORDER BY id DESC LIMIT 1').get() as { id: number; statement: string });
    const after = Math.max(...created);
    const get = (id: number) =>
      fetch(`${restarted!.baseUrl}/api/v1/claims/${id}`, { headers: { authorization: `Bearer ${apiKey}` } });
    const present = await get(inBackup.id);
    expect(present.status).toBe(200);
    expect(((await present.json()) as { statement: string }).statement).toBe(inBackup.statement);
    expect((await get(after)).status).toBe(404);
    expect(restarted.logs()).not.toMatch(LOCKED);
  }, 90_000);
});
