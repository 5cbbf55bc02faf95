import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { isBusyError } from './busy';
import { removeWithSidecars } from './backup';
import { checkDatabaseFile, createPrivateFile, DatabaseFileError, migrationsBehind, moveIntoPlace, syncToDisk, type DatabaseSummary } from './database-check';
import { openDatabase } from './open';
import { carryRevocations, readRevocations, type CarriedRevocations, type RevocationState } from './restore-revocations';

export interface RestoreReport extends DatabaseSummary {
  /** Where the database that was replaced is kept; null when there was none. */
  keptAs: string | null;
  /** Migrations applied to bring an older backup up to this version. */
  migrated: number;
  /** Revocations of the replaced database kept in the restored one; null when there was none to read. */
  carried: CarriedRevocations | null;
}

/** 2025-01-31T09:05:00.123Z → 20250131T090500Z, safe in a file name. */
export function fileTimestamp(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
}

/**
 * Locks the live database against every other connection, or refuses. In WAL mode each open
 * connection (the server's, a running import or backup) holds a shared lock on the database file
 * for as long as it stays open; a connection in EXCLUSIVE locking mode must take an exclusive
 * lock at its first read, which it cannot get while any other is open. Holding it also keeps a
 * server that starts meanwhile from reading the file until the swap is done. Returns null when
 * the file cannot be read as a database at all (the damage a restore is often for).
 */
function lockExclusively(file: string): Database.Database | null {
  const sqlite = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    sqlite.pragma('locking_mode = EXCLUSIVE');
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
    return sqlite;
  } catch (error) {
    sqlite.close();
    if (isBusyError(error)) {
      throw new DatabaseFileError(`${file} is in use (a running server, import or backup has it open); stop it, then restore.`);
    }
    return null;
  }
}

/**
 * Keeps the database being replaced as `keptAs`. A readable one is copied whole under the lock
 * (VACUUM INTO reads the WAL too), then its WAL is folded in and removed so no WAL of the old
 * database is left beside the new one. An unreadable one is renamed as it is, with its WAL.
 */
function keepReplaced(lock: Database.Database | null, target: string, keptAs: string): void {
  if (lock) {
    // The copy holds password hashes and webhook secrets: its owner's alone, like a backup.
    createPrivateFile(keptAs);
    lock.prepare('VACUUM INTO ?').run(keptAs);
    syncToDisk(keptAs);
    lock.pragma('journal_mode = DELETE');
    return;
  }
  fs.renameSync(target, keptAs);
  if (fs.existsSync(`${target}-wal`)) fs.renameSync(`${target}-wal`, `${keptAs}-wal`);
}

function carryForward(temp: string, state: RevocationState): CarriedRevocations {
  const sqlite = new Database(temp, { fileMustExist: true });
  try {
    return carryRevocations(sqlite, state);
  } finally {
    sqlite.close();
  }
}

/**
 * Replaces the database at `target` with a backup. The backup is copied beside the target,
 * checked (checkDatabaseFile; its migrations must be this version's or older) and migrated
 * forward, before the live database is touched. An existing database is replaced only with
 * `force`, only while no other connection has it open, and is first kept whole as
 * `<target>.before-restore-<timestamp>`. What the replaced database had withdrawn — revoked keys,
 * disabled or demoted users, ended sessions, deactivated webhooks — stays withdrawn in the restored
 * one (db/restore-revocations.ts).
 */
export function restoreDatabase(backup: string, target: string, options: { force?: boolean; now?: Date } = {}): RestoreReport {
  if (path.resolve(backup) === path.resolve(target)) throw new DatabaseFileError('The backup is the database itself; name another file.');
  if (!fs.statSync(backup, { throwIfNoEntry: false })?.isFile()) throw new DatabaseFileError(`There is no backup at ${backup}.`);
  const exists = fs.existsSync(target);
  if (exists && !options.force) {
    throw new DatabaseFileError(`This replaces the database at ${target}. Stop the server, then run again with --force (the current database is kept).`);
  }
  const folder = path.dirname(path.resolve(target));
  fs.mkdirSync(folder, { recursive: true });
  const temp = path.join(folder, `.${path.basename(target)}.restore-${randomBytes(6).toString('hex')}.tmp`);
  let lock: Database.Database | null = null;
  try {
    fs.copyFileSync(backup, temp);
    const before = checkDatabaseFile(temp, `The backup ${backup}`);
    const migrated = migrationsBehind(before.migrations, `The backup ${backup}`);
    if (migrated > 0) {
      const db = openDatabase(temp);
      // Back to a single file: the WAL is checkpointed into it and removed when it closes.
      db.$client.pragma('journal_mode = DELETE');
      db.$client.close();
    }
    const summary = migrated > 0 ? checkDatabaseFile(temp, `The migrated backup ${backup}`) : before;

    let keptAs: string | null = null;
    let replacedState: RevocationState | null = null;
    if (exists) {
      keptAs = `${target}.before-restore-${fileTimestamp(options.now ?? new Date())}`;
      if (fs.existsSync(keptAs)) throw new DatabaseFileError(`${keptAs} already exists; wait a second and run again.`);
      lock = lockExclusively(target);
      replacedState = lock ? readRevocations(lock) : null;
      keepReplaced(lock, target, keptAs);
    }
    const carried = replacedState ? carryForward(temp, replacedState) : null;
    moveIntoPlace(temp, target);
    // A shared-memory index left by the old database's server would be rebuilt, but is not ours to keep.
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(`${target}${suffix}`, { force: true });
    return { ...summary, keptAs, migrated, carried };
  } finally {
    lock?.close();
    removeWithSidecars(temp);
  }
}
