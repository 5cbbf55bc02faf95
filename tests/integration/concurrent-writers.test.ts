// Also in tests/e2e/concurrent-writers.test.ts, on purpose: this file checks the transaction rules
// themselves (the write lock from the first statement, rollback with savepoints) on two connections
// in one process, where a failure names the statement; the e2e file runs the built server and the
// command-line writers as separate processes on one file, which only the real processes can show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '@/db/open';
import { sources } from '@/db/schema';
import { createTestDb } from '../helpers/test-db';

// Two connections to one file, as two server processes (or the app and a script) would have.
let db: Db;
let other: Db;
let cleanup: () => void;

const countSources = () => db.$client.prepare('SELECT count(*) FROM sources').pluck().get() as number;

beforeAll(() => {
  let file: string;
  ({ db, file, cleanup } = createTestDb());
  other = openDatabase(file, { migrate: false });
  // Fail at once instead of waiting, so a held lock shows as an error inside the test.
  other.$client.pragma('busy_timeout = 0');
});
afterAll(() => {
  other.$client.close();
  cleanup();
});

describe('a transaction', () => {
  it('holds the write lock from its first statement, so another writer waits instead of invalidating it', () => {
    db.transaction((tx) => {
      // Only a read so far: begun DEFERRED, the other connection could still commit here, and this
      // transaction's first write would then fail with SQLITE_BUSY_SNAPSHOT whatever busy_timeout says.
      tx.select().from(sources).all();
      expect(() => other.insert(sources).values({ name: 'Elsewhere', kind: 'media' }).run()).toThrow(/locked|busy/i);
      tx.insert(sources).values({ name: 'Here', kind: 'media' }).run();
    });
    expect(countSources()).toBe(1);
    // Once it commits, the other connection writes as usual.
    other.insert(sources).values({ name: 'Elsewhere', kind: 'media' }).run();
    expect(countSources()).toBe(2);
  });

  it('still rolls back as a whole, nested savepoints included', () => {
    expect(() =>
      db.transaction((tx) => {
        tx.insert(sources).values({ name: 'Rolled back', kind: 'person' }).run();
        tx.transaction((inner) => inner.insert(sources).values({ name: 'Inner', kind: 'person' }).run());
        throw new Error('abandon');
      }),
    ).toThrow('abandon');
    expect(countSources()).toBe(2);
    expect(db.$client.inTransaction).toBe(false);
  });
});
