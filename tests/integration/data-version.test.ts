import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { readDataVersion } from '@/db/queries/data-version';
import { sources } from '@/db/schema';
import { createTestDb } from '../helpers/test-db';

/** The token the API's response cache trusts: it must move on every committed change, from any connection. */
let db: Db;
let file: string;
let cleanup: () => void;

beforeAll(() => {
  ({ db, file, cleanup } = createTestDb());
});
afterAll(() => cleanup());

describe('readDataVersion', () => {
  it('stays the same while only reads happen', () => {
    const before = readDataVersion(db);
    db.select().from(sources).all();
    expect(readDataVersion(db)).toBe(before);
  });

  it('moves when this connection inserts, updates or deletes', () => {
    const seen = new Set([readDataVersion(db)]);
    db.insert(sources).values({ name: 'Token test', kind: 'person' }).run();
    seen.add(readDataVersion(db));
    db.$client.prepare("UPDATE sources SET notes = 'x' WHERE name = 'Token test'").run();
    seen.add(readDataVersion(db));
    db.$client.prepare("DELETE FROM sources WHERE name = 'Token test'").run();
    seen.add(readDataVersion(db));
    expect(seen.size).toBe(4);
  });

  it('moves when another connection (a script) commits to the same file', () => {
    const before = readDataVersion(db);
    const other = new Database(file);
    try {
      other.prepare("INSERT INTO sources (name, kind) VALUES ('Written by a script', 'organisation')").run();
    } finally {
      other.close();
    }
    expect(readDataVersion(db)).not.toBe(before);
  });
});
