import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

/** npm run matching:index, run as an operator runs it after a fact-check import: a process, a database file, an exit code. */
const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-matching-index-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(script: string, args: string[], dbFile: string) {
  const result = spawnSync(tsx, ['--conditions=react-server', path.join(root, 'scripts', script), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_PATH: dbFile },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}

function vectors(dbFile: string): number {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM factcheck_sentence_vectors').pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('npm run matching:index', () => {
  it('reads the sentence vectors of imported fact-checks, in batches up to --limit, and a later run goes on where it stopped', () => {
    const db = path.join(dir, 'a.db');
    const imported = run('factchecks-import.ts', [path.join(root, 'tests', 'fixtures', 'factchecks', 'google-per-line.jsonl')], db);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/read by the server in the background, or now with `npm run matching:index`/);
    const reader = new Database(db, { readonly: true });
    const total = reader.prepare('SELECT count(*) FROM external_factchecks').pluck().get() as number;
    reader.close();
    expect(total).toBeGreaterThan(1);

    const first = run('matching-index.ts', ['--limit', '1'], db);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`${total} rows without one`));
    expect(first.stdout).toMatch(/0 claims and 1 fact-checks read in [\d.]+ s\. With a vector now: 0 of 0 claims, 1 of \d+ fact-checks\./);
    expect(vectors(db)).toBe(1);

    const rest = run('matching-index.ts', [], db);
    expect(rest.code).toBe(0);
    expect(rest.stdout).toMatch(new RegExp(`${total - 1} fact-checks read`));
    expect(vectors(db)).toBe(total);
    expect(run('matching-index.ts', [], db).stdout).toMatch(/0 claims and 0 fact-checks read/);
  });

  it('refuses a bad --limit in one line, writing nothing', () => {
    const db = path.join(dir, 'b.db');
    for (const limit of ['0', 'ten', '-3']) {
      const result = run('matching-index.ts', [`--limit=${limit}`], db);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe('--limit: use a whole number from 1');
    }
    const unknown = run('matching-index.ts', ['--everything'], db);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^Unknown option '--everything'.* Usage: npm run matching:index \[-- --limit N\]$/);
    expect(fs.existsSync(db)).toBe(false);
  });
});
