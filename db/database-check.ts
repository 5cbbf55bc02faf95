import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { MIGRATIONS_FOLDER } from './open';

/** A refusal of the backup or restore commands: one line an operator can act on. */
export class DatabaseFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseFileError';
  }
}

export interface AppliedMigration {
  hash: string;
  createdAt: number;
}

export interface DatabaseSummary {
  claims: number;
  auditEvents: number;
  migrations: AppliedMigration[];
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Migrations applied to a database, oldest first (drizzle's own bookkeeping table). */
export function appliedMigrations(sqlite: Database.Database): AppliedMigration[] {
  const table = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  if (!table) return [];
  return (sqlite.prepare('SELECT hash, created_at AS createdAt FROM __drizzle_migrations ORDER BY created_at, id').all() as { hash: string; createdAt: number | string }[]).map(
    (row) => ({ hash: row.hash, createdAt: Number(row.createdAt) }),
  );
}

/** The migrations this version of Claimbench ships, oldest first. */
export function knownMigrations(): AppliedMigration[] {
  return readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).map((m) => ({ hash: m.hash, createdAt: m.folderMillis }));
}

/**
 * Checks that a database file made by backup (or about to be restored) is whole: SQLite's own
 * integrity check, the foreign keys, the full-text index against the claims it indexes, and the
 * migrations it records. Opens the file read-write (the full-text check is an INSERT that changes
 * nothing), so call it on a copy the command owns, never on the live database or the operator's file.
 */
export function checkDatabaseFile(file: string, label: string): DatabaseSummary {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat?.isFile()) throw new DatabaseFileError(`${label} is not a file.`);
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, header.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (!header.equals(SQLITE_HEADER)) throw new DatabaseFileError(`${label} is not an SQLite database.`);

  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(file, { fileMustExist: true });
    const integrity = sqlite.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    const problems = integrity.map((row) => row.integrity_check).filter((line) => line !== 'ok');
    if (problems.length > 0) throw new DatabaseFileError(`${label} fails SQLite's integrity check: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : ''}.`);
    const orphans = sqlite.pragma('foreign_key_check') as { table: string; parent: string }[];
    if (orphans.length > 0) throw new DatabaseFileError(`${label} has ${orphans.length} row(s) in ${orphans[0]?.table} pointing at missing ${orphans[0]?.parent} rows.`);
    const migrations = appliedMigrations(sqlite);
    if (migrations.length === 0) throw new DatabaseFileError(`${label} is not a Claimbench database (it records no migrations).`);
    try {
      sqlite.prepare("INSERT INTO claims_fts(claims_fts, rank) VALUES ('integrity-check', 1)").run();
    } catch (error) {
      throw new DatabaseFileError(`${label} has a damaged search index: ${error instanceof Error ? error.message : String(error)}.`);
    }
    const count = (table: string) => sqlite!.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    return { claims: count('claims'), auditEvents: count('audit_events'), migrations };
  } catch (error) {
    if (error instanceof DatabaseFileError) throw error;
    throw new DatabaseFileError(`${label} cannot be read as a database: ${error instanceof Error ? error.message : String(error)}.`);
  } finally {
    sqlite?.close();
  }
}

/**
 * Where a database's migrations stand against this version's: how many it lacks, or a refusal
 * when it records one this version does not know (made by a newer or a different version).
 */
export function migrationsBehind(migrations: AppliedMigration[], label: string): number {
  const known = knownMigrations();
  migrations.forEach((applied, index) => {
    const expected = known[index];
    if (!expected || expected.hash !== applied.hash || expected.createdAt !== applied.createdAt) {
      throw new DatabaseFileError(
        `${label} records migration ${index + 1} that this version of Claimbench does not have; restore it with the version that made it.`,
      );
    }
  });
  return known.length - migrations.length;
}

/** Flushes a file (or a folder's entries) to disk: data before the rename, the folder after it. */
export function syncToDisk(target: string): void {
  const fd = fs.openSync(target, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Puts a finished file in place: flushed, renamed over the target in one step, the rename flushed. */
export function moveIntoPlace(temp: string, target: string): void {
  syncToDisk(temp);
  fs.renameSync(temp, target);
  syncToDisk(path.dirname(target));
}

/**
 * Gives a finished file its name only if nothing has that name yet: link() fails with EEXIST
 * rather than replacing a file someone created after our check (rename() would replace it), then
 * the temporary name is removed. Flushed before and after, like moveIntoPlace.
 */
export function placeWithoutReplacing(temp: string, target: string): void {
  syncToDisk(temp);
  try {
    fs.linkSync(temp, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new DatabaseFileError(`${target} already exists; choose a new name for the backup.`);
    throw error;
  }
  fs.unlinkSync(temp);
  syncToDisk(path.dirname(target));
}

/** Creates an empty file only its owner can read and write, failing if the name is taken. */
export function createPrivateFile(file: string): void {
  fs.writeFileSync(file, '', { flag: 'wx', mode: 0o600 });
}
