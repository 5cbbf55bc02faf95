import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

/** npm run factchecks:import, run as an operator runs it: a process, a database file, an exit code. */
const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const FIXTURES = path.join(root, 'tests', 'fixtures', 'factchecks');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-factchecks-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(args: string[], dbFile: string, input = '') {
  const result = spawnSync(tsx, ['--conditions=react-server', path.join(root, 'scripts', 'factchecks-import.ts'), ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_PATH: dbFile },
    timeout: 90_000,
  });
  return { code: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}

function count(dbFile: string, table: string): number {
  const db = new Database(dbFile, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('npm run factchecks:import', () => {
  it('imports a file, reports skipped items line by line, and a second run adds nothing', () => {
    const db = path.join(dir, 'a.db');
    const first = run([path.join(FIXTURES, 'google-per-line.jsonl')], db);
    expect(first.code).toBe(0);
    expect(first.stderr.split('\n')).toEqual([
      'line 2, claim 1: skipped: the review URL is not an absolute http(s) address: "ftp://numbers.example/bridge"',
      expect.stringMatching(/^line 3: skipped: not valid JSON/),
    ]);
    expect(first.stdout).toMatch(/^2 added, 0 updated, 0 unchanged, 2 skipped in [\d.]+ s/m);
    const second = run([path.join(FIXTURES, 'google-per-line.jsonl')], db);
    expect(second.stdout).toMatch(/^0 added, 0 updated, 2 unchanged, 2 skipped/m);
    expect(count(db, 'external_factchecks')).toBe(2);
  }, 120_000);

  it('--dry-run says what would happen and writes nothing, not even the database file', () => {
    const db = path.join(dir, 'dry.db');
    const result = run([path.join(FIXTURES, 'datafeed.json'), '--dry-run'], db);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/3 would be added, 0 would be updated, 0 unchanged, 1 skipped .*; nothing written\./);
    expect(fs.existsSync(db)).toBe(false);
  }, 120_000);

  it('reads standard input with -', () => {
    const db = path.join(dir, 'stdin.db');
    const result = run(['-'], db, fs.readFileSync(path.join(FIXTURES, 'graph.jsonld'), 'utf8'));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/from standard input \(json\)/);
    expect(count(db, 'external_factchecks')).toBe(1);
  }, 120_000);

  it('a file in no known format: one line, exit code 1, nothing written', () => {
    const db = path.join(dir, 'bad.db');
    const csv = path.join(FIXTURES, 'not-a-feed.csv');
    const result = run([csv], db);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`${csv} is not JSON, JSON Lines or HTML: it starts with "id,claim".`);
    expect(fs.existsSync(db)).toBe(false);
    const json = run([path.join(FIXTURES, 'not-a-feed.json')], db);
    expect(json.code).toBe(1);
    expect(json.stderr.split('\n')).toHaveLength(1);
    expect(fs.existsSync(db)).toBe(false);
  }, 120_000);
});
