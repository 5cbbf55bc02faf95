import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { countChangesHere, readCommitsElsewhere } from '@/db/queries/data-version';
import { sources } from '@/db/schema';
import { dataVersion, ELSEWHERE_CHECK_MS } from '@/lib/http/response-cache';
import { createTestDb } from '../helpers/test-db';

/** What the API's response cache trusts: a version that moves on every change, from any connection. */
let db: Db;
let file: string;
let cleanup: () => void;

beforeAll(() => {
  ({ db, file, cleanup } = createTestDb());
});
afterAll(() => cleanup());

function writeFromAnotherConnection(): void {
  const other = new Database(file);
  try {
    other.prepare("INSERT INTO sources (name, kind) VALUES (?, 'organisation')").run(`Written by a script ${Math.random()}`);
  } finally {
    other.close();
  }
}

describe('countChangesHere and readCommitsElsewhere', () => {
  it('stay the same while only reads happen', () => {
    const before = [countChangesHere(db), readCommitsElsewhere(db)];
    db.select().from(sources).all();
    expect([countChangesHere(db), readCommitsElsewhere(db)]).toEqual(before);
  });

  it('count every insert, update and delete through this connection', () => {
    const before = countChangesHere(db);
    db.insert(sources).values({ name: 'Token test', kind: 'person' }).run();
    db.$client.prepare("UPDATE sources SET notes = 'x' WHERE name = 'Token test'").run();
    db.$client.prepare("DELETE FROM sources WHERE name = 'Token test'").run();
    // Trigger programs (the sources search index) add their own changes to the count.
    expect(countChangesHere(db)).toBeGreaterThanOrEqual(before + 3);
  });

  it('see a commit by another connection to the same file', () => {
    const before = readCommitsElsewhere(db);
    writeFromAnotherConnection();
    expect(readCommitsElsewhere(db)).not.toBe(before);
  });
});

describe('dataVersion', () => {
  it('moves at once on a write through this connection', () => {
    const now = performance.now();
    const before = dataVersion(db, now);
    db.insert(sources).values({ name: 'Version test', kind: 'person' }).run();
    expect(dataVersion(db, now)).not.toBe(before);
  });

  it('moves on another connection’s commit once the check interval has passed', () => {
    const now = performance.now() + 10 * ELSEWHERE_CHECK_MS;
    const before = dataVersion(db, now);
    writeFromAnotherConnection();
    expect(dataVersion(db, now + ELSEWHERE_CHECK_MS)).not.toBe(before);
  });
});
