import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { retryWhenBusy } from './busy';
import { appliedMigrations, checkDatabaseFile, createPrivateFile, DatabaseFileError, placeWithoutReplacing, type DatabaseSummary } from './database-check';

export interface BackupReport extends DatabaseSummary {
  bytes: number;
  seconds: number;
}

/**
 * Copies a live database to `target` while the server keeps writing. VACUUM INTO reads the whole
 * database in one read transaction, so the copy is one point in time (a change and its audit
 * event are both in it or both not) and writers, in WAL mode, never wait for it. The copy is made
 * under a temporary name, checked (checkDatabaseFile, and the same migrations as the source),
 * flushed to disk, and only then given the name `target` — never replacing a file that appeared
 * there meanwhile. A backup holds password hashes and webhook secrets: it is created readable by
 * its owner only (0600), from the first byte.
 */
export async function backupDatabase(source: string, target: string): Promise<BackupReport> {
  const started = performance.now();
  if (path.resolve(source) === path.resolve(target)) throw new DatabaseFileError('The backup must be a different file from the database.');
  if (!fs.statSync(source, { throwIfNoEntry: false })?.isFile()) throw new DatabaseFileError(`There is no database at ${source}.`);
  if (fs.existsSync(target)) throw new DatabaseFileError(`${target} already exists; choose a new name for the backup.`);
  const folder = path.dirname(path.resolve(target));
  if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw new DatabaseFileError(`There is no folder ${folder} to write the backup to.`);
  const temp = path.join(folder, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);

  try {
    const sqlite = new Database(source, { fileMustExist: true, timeout: 5000 });
    let sourceMigrations;
    try {
      sourceMigrations = appliedMigrations(sqlite);
      // VACUUM INTO writes into an existing empty file, keeping its permissions.
      createPrivateFile(temp);
      const into = sqlite.prepare('VACUUM INTO ?');
      await retryWhenBusy(() => into.run(temp));
    } finally {
      sqlite.close();
    }
    const summary = checkDatabaseFile(temp, `The backup of ${source}`);
    if (JSON.stringify(summary.migrations) !== JSON.stringify(sourceMigrations)) {
      throw new DatabaseFileError(`The backup's migrations differ from those of ${source}; it was being migrated. Run the backup again.`);
    }
    const bytes = fs.statSync(temp).size;
    placeWithoutReplacing(temp, target);
    return { ...summary, bytes, seconds: (performance.now() - started) / 1000 };
  } finally {
    removeWithSidecars(temp);
  }
}

/** Removes a file with the journal, WAL and shared-memory files SQLite may have left beside it. */
export function removeWithSidecars(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
}
