// Also in tests/e2e/backup-restore.test.ts, on purpose: this file calls backupDatabase,
// checkDatabaseFile and restoreDatabase directly, case by case (damaged files, migrations, file
// modes, revocations carried forward); the e2e file runs `npm run db:backup` and `db:restore` against
// the built server while it takes writes, and checks the server serves the restored file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupDatabase } from '@/db/backup';
import { checkDatabaseFile, DatabaseFileError, knownMigrations, placeWithoutReplacing } from '@/db/database-check';
import { MIGRATIONS_FOLDER, openDatabase, type Db } from '@/db/open';
import { fileTimestamp, restoreDatabase } from '@/db/restore';
import { readClaimsFile } from '@/lib/import/read-claims-file';
import { importClaims } from '@/lib/import/write-claims';

const SAMPLE = path.resolve(import.meta.dirname, '..', 'fixtures', 'import-sample.jsonl');

let dir: string;
let live: string;
let db: Db;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-backup-'));
  live = path.join(dir, 'live.db');
  db = openDatabase(live);
  await importClaims(db, (await readClaimsFile(SAMPLE)).claims);
});

afterEach(() => {
  if (db.$client.open) db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const claims = (file: string) => {
  const sqlite = new Database(file, { readonly: true });
  try {
    return sqlite.prepare('SELECT count(*) FROM claims').pluck().get() as number;
  } finally {
    sqlite.close();
  }
};

/** A copy of the backup changed by `damage`, run on a plain connection. */
function damagedCopy(source: string, name: string, damage: (sqlite: Database.Database) => void): string {
  const file = path.join(dir, name);
  fs.copyFileSync(source, file);
  const sqlite = new Database(file);
  damage(sqlite);
  sqlite.close();
  return file;
}

/** A new database migrated by every migration but the last, from a copy of the migrations folder. */
/** The tags of the migrations in the folder, oldest first. */
function knownMigrationTags(): string[] {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  return journal.entries.map((entry) => entry.tag);
}

/** A database migrated up to, but not including, the migration whose tag ends with `suffix`. */
function databaseBeforeMigration(suffix: string, name: string): string {
  const folder = path.join(dir, `migrations-before-${suffix}`);
  fs.cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((entry) => entry.tag.endsWith(suffix));
  if (at < 0) throw new Error(`No migration named *${suffix}`);
  journal.entries.splice(at);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  const file = path.join(dir, name);
  const sqlite = new Database(file);
  try {
    migrate(drizzle({ client: sqlite }), { migrationsFolder: folder });
  } finally {
    sqlite.close();
  }
  return file;
}

describe('backupDatabase', () => {
  it('copies an open database, checks the copy and refuses to overwrite a file', async () => {
    const target = path.join(dir, 'backup.db');
    const report = await backupDatabase(live, target);
    expect(report.claims).toBe(8);
    expect(report.migrations).toEqual(knownMigrations());
    expect(claims(target)).toBe(8);
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    await expect(backupDatabase(live, target)).rejects.toThrow(/already exists/);
    await expect(backupDatabase(path.join(dir, 'none.db'), path.join(dir, 'b2.db'))).rejects.toThrow(/There is no database at/);
  });
});

describe('backup files', () => {
  it('are created readable and writable by their owner only, from the first byte', async () => {
    const previous = process.umask(0o022);
    try {
      const target = path.join(dir, 'private.db');
      await backupDatabase(live, target);
      expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });

  it('never replace a file that appears under the name before the backup is finished', () => {
    const temp = path.join(dir, 'finished.tmp');
    const target = path.join(dir, 'raced.db');
    fs.writeFileSync(temp, 'the backup');
    // Someone (or something) creates the name after backupDatabase checked it was free.
    fs.writeFileSync(target, 'created in between');
    expect(() => placeWithoutReplacing(temp, target)).toThrow(/raced\.db already exists/);
    expect(fs.readFileSync(target, 'utf8')).toBe('created in between');
    fs.rmSync(target);
    placeWithoutReplacing(temp, target);
    expect(fs.readFileSync(target, 'utf8')).toBe('the backup');
    expect(fs.existsSync(temp)).toBe(false);
  });
});

describe('migration idempotency_location_and_expiry', () => {
  it('drops the receiver response bodies older delivery logs kept', () => {
    const older = databaseBeforeMigration('idempotency_location_and_expiry', 'with-bodies.db');
    const sqlite = new Database(older);
    sqlite.prepare("INSERT INTO webhooks (id, url, secret, events) VALUES (1, 'https://cms.example.org/h', 's', '[]')").run();
    const add = sqlite.prepare("INSERT INTO webhook_deliveries (webhook_id, event, payload, next_attempt_at, last_status_code, last_error) VALUES (1, 'verdict.published', '{}', '2030-01-01', ?, ?)");
    add.run(500, 'HTTP 500: redis_version:7.2 SECRET-BANNER');
    add.run(null, 'Request failed: ECONNREFUSED');
    sqlite.close();
    const migrated = openDatabase(older);
    try {
      expect(migrated.$client.prepare('SELECT last_error FROM webhook_deliveries ORDER BY id').pluck().all()).toEqual(['HTTP 500', 'Request failed: ECONNREFUSED']);
    } finally {
      migrated.$client.close();
    }
  });
});

describe('checkDatabaseFile', () => {
  let backup: string;
  beforeEach(async () => {
    backup = path.join(dir, 'backup.db');
    await backupDatabase(live, backup);
  });

  it('refuses a file that is not SQLite, a damaged page, an emptied search index and a foreign database', () => {
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'not a database at all');
    expect(() => checkDatabaseFile(text, 'notes.txt')).toThrow('notes.txt is not an SQLite database.');

    const bytes = fs.readFileSync(backup);
    const pageSize = bytes.readUInt16BE(16);
    // Overwrite the middle pages with noise: the header is intact, the b-trees are not.
    for (let i = pageSize * 3; i < bytes.length - pageSize; i += 7) bytes[i] = (i * 31) & 0xff;
    const corrupt = path.join(dir, 'corrupt.db');
    fs.writeFileSync(corrupt, bytes);
    expect(() => checkDatabaseFile(corrupt, 'corrupt.db')).toThrow(DatabaseFileError);

    const noIndex = damagedCopy(backup, 'no-index.db', (sqlite) => sqlite.exec("INSERT INTO claims_fts(claims_fts) VALUES ('delete-all')"));
    expect(() => checkDatabaseFile(noIndex, 'no-index.db')).toThrow(/no-index\.db has a damaged search index/);

    const foreign = path.join(dir, 'foreign.db');
    new Database(foreign).exec('CREATE TABLE t (x)');
    expect(() => checkDatabaseFile(foreign, 'foreign.db')).toThrow(/not a Claimbench database/);
  });
});

describe('restoreDatabase', () => {
  let backup: string;
  beforeEach(async () => {
    backup = path.join(dir, 'backup.db');
    await backupDatabase(live, backup);
  });

  it('refuses while another connection has the database open, and without force', () => {
    expect(() => restoreDatabase(backup, live)).toThrow(/run again with --force/);
    expect(() => restoreDatabase(backup, live, { force: true })).toThrow(/is in use/);
    expect(fs.readdirSync(dir).sort()).toEqual(['backup.db', 'live.db', 'live.db-shm', 'live.db-wal']);
  });

  it('keeps the replaced database, WAL included, and puts the backup in its place', () => {
    // A write after the backup, caught in the WAL as a crash leaves it: the files copied while open.
    db.$client.prepare("INSERT INTO settings (key, value) VALUES ('after_backup', 'yes')").run();
    const crashed = path.join(dir, 'crashed.db');
    fs.copyFileSync(live, crashed);
    fs.copyFileSync(`${live}-wal`, `${crashed}-wal`);
    expect(fs.statSync(`${crashed}-wal`).size).toBeGreaterThan(0);
    const now = new Date('2025-03-04T05:06:07.890Z');
    const report = restoreDatabase(backup, crashed, { force: true, now });
    const kept = `${crashed}.before-restore-${fileTimestamp(now)}`;
    expect(report).toMatchObject({ keptAs: kept, migrated: 0, claims: 8 });
    expect(fs.existsSync(`${crashed}-wal`)).toBe(false);
    const keptDb = new Database(kept, { readonly: true });
    expect(keptDb.prepare("SELECT value FROM settings WHERE key = 'after_backup'").pluck().get()).toBe('yes');
    keptDb.close();
    const restored = openDatabase(crashed);
    expect(restored.$client.prepare("SELECT count(*) FROM settings WHERE key = 'after_backup'").pluck().get()).toBe(0);
    expect(restored.$client.prepare('SELECT count(*) FROM claims').pluck().get()).toBe(8);
    restored.$client.close();
    expect(fileTimestamp(now)).toBe('20250304T050607Z');
  });

  it('brings an older backup forward to this version’s migrations', () => {
    // As a backup made by the previous version: every migration but the last applied.
    const tags = knownMigrationTags();
    const older = databaseBeforeMigration(tags[tags.length - 1] ?? '', 'older.db');
    db.$client.close();
    const report = restoreDatabase(older, live, { force: true });
    expect(report.migrated).toBe(1);
    expect(report.migrations).toEqual(knownMigrations());
  });

  it('refuses a backup from a newer version and a damaged one, replacing nothing', () => {
    const newer = damagedCopy(backup, 'newer.db', (sqlite) =>
      sqlite.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('f'.repeat(64), Date.now() + 1e9),
    );
    const noIndex = damagedCopy(backup, 'no-index.db', (sqlite) => sqlite.exec("INSERT INTO claims_fts(claims_fts) VALUES ('delete-all')"));
    db.$client.close();
    const before = fs.readFileSync(live);
    expect(() => restoreDatabase(newer, live, { force: true })).toThrow(new RegExp(`migration ${knownMigrations().length + 1} that this version of Claimbench does not have`));
    expect(() => restoreDatabase(noIndex, live, { force: true })).toThrow(/damaged search index/);
    expect(() => restoreDatabase(path.join(dir, 'missing.db'), live, { force: true })).toThrow(/There is no backup at/);
    expect(fs.readFileSync(live).equals(before)).toBe(true);
    expect(fs.readdirSync(dir).filter((name) => name.includes('before-restore') || name.endsWith('.tmp'))).toEqual([]);
  });

  it('carries revocations made since the backup forward: keys revoked or suspended, disabled and demoted users, ended sessions, webhooks', async () => {
    const sqlite = db.$client;
    const insertUser = sqlite.prepare("INSERT INTO users (email, name, role, password_hash) VALUES (?, ?, ?, 'x') RETURNING id");
    const ids = {
      leaver: (insertUser.get('leaver@example.org', 'Leaver', 'editor') as { id: number }).id,
      demoted: (insertUser.get('demoted@example.org', 'Demoted', 'admin') as { id: number }).id,
      signedOut: (insertUser.get('signed-out@example.org', 'Signed Out', 'reviewer') as { id: number }).id,
    };
    const keyId = (sqlite.prepare("INSERT INTO api_keys (name, prefix, key_hash, scopes) VALUES ('CMS', 'cb_live_abcd', 'h', '[\"export:read\"]') RETURNING id").get() as { id: number }).id;
    const heldKeyId = (sqlite.prepare("INSERT INTO api_keys (name, prefix, key_hash, scopes, owner_id) VALUES ('Export', 'cb_live_efgh', 'h2', '[\"export:read\"]', ?) RETURNING id").get(ids.demoted) as { id: number }).id;
    const hookId = (sqlite.prepare("INSERT INTO webhooks (url, secret, events) VALUES ('https://cms.example.org/h', 's', '[\"verdict.published\"]') RETURNING id").get() as { id: number }).id;
    const older = path.join(dir, 'before-revocations.db');
    await backupDatabase(live, older);

    // After the backup: the key is revoked, one user disabled, one demoted, one signs out everywhere.
    sqlite.prepare("UPDATE api_keys SET revoked_at = '2030-01-01T00:00:00.000Z' WHERE id = ?").run(keyId);
    sqlite.prepare("UPDATE users SET disabled_at = '2030-01-01T00:00:00.000Z', session_generation = session_generation + 1 WHERE id = ?").run(ids.leaver);
    sqlite.prepare("UPDATE users SET role = 'reviewer' WHERE id = ?").run(ids.demoted);
    sqlite.prepare("UPDATE api_keys SET suspended_at = '2030-01-02T00:00:00.000Z' WHERE id = ?").run(heldKeyId);
    sqlite.prepare('UPDATE users SET session_generation = session_generation + 3 WHERE id = ?').run(ids.signedOut);
    sqlite.prepare('UPDATE webhooks SET active = 0 WHERE id = ?').run(hookId);
    db.$client.close();

    const report = restoreDatabase(older, live, { force: true });
    expect(report.carried).toEqual({
      sessionGenerations: [
        { userId: ids.leaver, email: 'leaver@example.org', from: 0, to: 1 },
        { userId: ids.signedOut, email: 'signed-out@example.org', from: 0, to: 3 },
      ],
      disabledUsers: [{ userId: ids.leaver, email: 'leaver@example.org' }],
      demotedUsers: [{ userId: ids.demoted, email: 'demoted@example.org', from: 'admin', to: 'reviewer' }],
      revokedKeys: [{ keyId, prefix: 'cb_live_abcd' }],
      suspendedKeys: [{ keyId: heldKeyId, prefix: 'cb_live_efgh' }],
      deactivatedWebhooks: [{ webhookId: hookId, url: 'https://cms.example.org/h' }],
    });
    const restored = new Database(live, { readonly: true });
    try {
      const user = (id: number) => restored.prepare('SELECT role, disabled_at, session_generation FROM users WHERE id = ?').get(id);
      expect(user(ids.leaver)).toEqual({ role: 'editor', disabled_at: '2030-01-01T00:00:00.000Z', session_generation: 1 });
      expect(user(ids.demoted)).toMatchObject({ role: 'reviewer', disabled_at: null });
      expect(user(ids.signedOut)).toMatchObject({ session_generation: 3 });
      expect(restored.prepare('SELECT revoked_at FROM api_keys WHERE id = ?').pluck().get(keyId)).toBe('2030-01-01T00:00:00.000Z');
      expect(restored.prepare('SELECT suspended_at FROM api_keys WHERE id = ?').pluck().get(heldKeyId)).toBe('2030-01-02T00:00:00.000Z');
      expect(restored.prepare('SELECT active FROM webhooks WHERE id = ?').pluck().get(hookId)).toBe(0);
      const audit = restored.prepare("SELECT after FROM audit_events WHERE action = 'database.restore'").pluck().all() as string[];
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]!)).toEqual({ carriedForward: report.carried });
    } finally {
      restored.close();
    }

    // Restoring the newer state over the older one carries nothing back: generations never go back either.
    const again = restoreDatabase(report.keptAs!, live, { force: true, now: new Date(Date.now() + 5000) });
    expect(Object.values(again.carried!).flat()).toEqual([]);
  });

  it('keeps the kept copy of the replaced database private to its owner', () => {
    db.$client.close();
    const report = restoreDatabase(backup, live, { force: true });
    expect(fs.statSync(report.keptAs!).mode & 0o777).toBe(0o600);
  });

  it('replaces a database too damaged to open, keeping it as it was', () => {
    db.$client.close();
    fs.rmSync(`${live}-wal`, { force: true });
    fs.rmSync(`${live}-shm`, { force: true });
    fs.writeFileSync(live, 'this was a database once');
    const report = restoreDatabase(backup, live, { force: true });
    expect(fs.readFileSync(report.keptAs!, 'utf8')).toBe('this was a database once');
    expect(claims(live)).toBe(8);
  });
});
