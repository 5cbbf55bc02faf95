import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isBusyError, retryWhenBusy } from '@/db/busy';
import { openDatabase, type Db } from '@/db/open';
import { createTestDb } from '../helpers/test-db';

/**
 * Two connections to one file, as the server and a command-line script have. A transaction that
 * reads first and writes later must not fail at once with SQLITE_BUSY when the other connection
 * writes in between: db.transaction takes the write lock at BEGIN (BEGIN IMMEDIATE).
 */
let test: ReturnType<typeof createTestDb>;
let other: Db;

beforeEach(() => {
  test = createTestDb();
  other = openDatabase(test.file);
  // The other connection does not wait, so a held lock shows at once.
  other.$client.pragma('busy_timeout = 0');
});

afterEach(() => {
  other.$client.close();
  test.cleanup();
});

const countSettings = (db: Db) => db.$client.prepare('SELECT count(*) FROM settings').pluck().get() as number;
const addSetting = (db: Db, key: string) => db.$client.prepare("INSERT INTO settings (key, value) VALUES (?, 'x')").run(key);

describe('write transactions', () => {
  it('take the write lock at BEGIN, so another writer waits instead of invalidating the reader', () => {
    let otherWrite: unknown;
    test.db.transaction(() => {
      countSettings(test.db);
      try {
        addSetting(other, 'other');
      } catch (error) {
        otherWrite = error;
      }
      addSetting(test.db, 'mine');
    });
    expect(isBusyError(otherWrite)).toBe(true);
    expect(countSettings(test.db)).toBe(1);
  });

  it('would fail at once as a deferred transaction (the hazard the default avoids)', () => {
    // Spelled out in SQL: every transaction the app begins is immediate, whatever it asks for.
    const start = countSettings(test.db);
    test.db.$client.exec('BEGIN DEFERRED');
    try {
      countSettings(test.db);
      addSetting(other, 'other-while-deferred');
      expect(() => addSetting(test.db, 'mine')).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY_SNAPSHOT' }));
    } finally {
      test.db.$client.exec('ROLLBACK');
    }
    expect(countSettings(test.db)).toBe(start + 1);
  });

  it('nested transactions stay savepoints inside an immediate one', () => {
    expect(() =>
      test.db.transaction(() => {
        addSetting(test.db, 'outer');
        test.db.transaction(() => addSetting(test.db, 'inner'));
        throw new Error('roll back everything');
      }),
    ).toThrow('roll back everything');
    expect(countSettings(test.db)).toBe(0);
  });

  it('retryWhenBusy runs a refused transaction again and gives up on other errors', async () => {
    let attempts = 0;
    const result = await retryWhenBusy(
      () => {
        attempts++;
        if (attempts < 3) throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
        return 'done';
      },
      { delayMs: 1 },
    );
    expect(result).toBe('done');
    expect(attempts).toBe(3);
    let failures = 0;
    await expect(
      retryWhenBusy(() => {
        failures++;
        throw new Error('UNIQUE constraint failed');
      }),
    ).rejects.toThrow('UNIQUE');
    expect(failures).toBe(1);
  });
});
