import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/open';
import { parseEnv } from '@/lib/env';

/**
 * The durability setting reaches the connection: db/client.ts opens the app's database with
 * DATABASE_SYNCHRONOUS, and this is what SQLite then reports for it (1 = NORMAL, 2 = FULL).
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-sync-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function pragmasOf(value: string | undefined) {
  const env = parseEnv(value === undefined ? {} : { DATABASE_SYNCHRONOUS: value });
  const db = openDatabase(path.join(dir, `sync-${value ?? 'default'}.db`), { synchronous: env.DATABASE_SYNCHRONOUS });
  try {
    return {
      synchronous: db.$client.pragma('synchronous', { simple: true }),
      journalMode: db.$client.pragma('journal_mode', { simple: true }),
    };
  } finally {
    db.$client.close();
  }
}

describe('DATABASE_SYNCHRONOUS', () => {
  it('leaves a WAL database at synchronous=NORMAL by default', () => {
    expect(pragmasOf(undefined)).toEqual({ synchronous: 1, journalMode: 'wal' });
    expect(pragmasOf('NORMAL')).toEqual({ synchronous: 1, journalMode: 'wal' });
  });

  it('sets synchronous=FULL when asked, still in WAL mode', () => {
    expect(pragmasOf('FULL')).toEqual({ synchronous: 2, journalMode: 'wal' });
    expect(pragmasOf('full')).toEqual({ synchronous: 2, journalMode: 'wal' });
  });
});
