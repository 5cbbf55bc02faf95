import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

/** The command-line entry points, run as an operator runs them: a process, a database file, an exit code. */
const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-scripts-'));
const dbFile = path.join(dir, 'ops.db');

function run(script: string, args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  const result = spawnSync(tsx, ['--conditions=react-server', path.join(root, 'scripts', script), ...args], {
    cwd: root,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, DATABASE_PATH: dbFile, ...options.env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.trim() };
}

function count(table: string): number {
  const db = new Database(dbFile, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('command-line scripts', () => {
  it('every file an npm script runs exists', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const missing = Object.entries(pkg.scripts).flatMap(([name, command]) =>
      [...command.matchAll(/(?:tsx|node)\s+(\S+\.(?:ts|mjs|js))/g)]
        .map((match) => match[1]!)
        .filter((file) => !fs.existsSync(path.join(root, file)))
        .map((file) => `${name}: ${file}`),
    );
    expect(missing).toEqual([]);
  });

  it('db:migrate creates the database and db:seed is idempotent', () => {
    expect(run('db-migrate.ts', []).code).toBe(0);
    const first = run('db-seed.ts', []);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/seeded 6 users/);
    const claims = count('claims');
    const second = run('db-seed.ts', []);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/nothing to add/);
    expect(count('claims')).toBe(claims);
  }, 120_000);

  it('user:create reads the password from standard input and stores only a hash', () => {
    const created = run('user-create.ts', ['--email', 'Ana@Example.org', '--role', 'editor', '--name', 'Ana Editor', '--password-stdin'], {
      input: 'a long enough password\n',
    });
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Created editor ana@example\.org/);
    const db = new Database(dbFile, { readonly: true });
    const row = db.prepare("SELECT role, password_hash AS hash FROM users WHERE email = 'ana@example.org'").get() as { role: string; hash: string };
    db.close();
    expect(row.role).toBe('editor');
    expect(row.hash.startsWith('scrypt$')).toBe(true);
    expect(row.hash).not.toContain('a long enough password');
  }, 60_000);

  it('user:create refuses bad input with the field named, exit 1, and writes nothing', () => {
    const users = count('users');
    const duplicate = run('user-create.ts', ['--email', 'ana@example.org', '--role', 'editor', '--password-stdin'], { input: 'another long password' });
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/already exists/);
    const short = run('user-create.ts', ['--email', 'bo@example.org', '--role', 'reviewer', '--password-stdin'], { input: 'short' });
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/--password: Use at least 12 characters/);
    const role = run('user-create.ts', ['--email', 'cy@example.org', '--role', 'owner', '--password-stdin'], { input: 'a long enough password' });
    expect(role.code).toBe(1);
    expect(role.stderr).toMatch(/--role:/);
    const noTerminal = run('user-create.ts', ['--email', 'di@example.org', '--role', 'reviewer']);
    expect(noTerminal.code).toBe(1);
    expect(noTerminal.stderr).toMatch(/--password-stdin/);
    expect(count('users')).toBe(users);
  }, 120_000);

  it('a malformed environment stops a script with one line naming the variable', () => {
    const result = run('db-seed.ts', [], { env: { PORT: 'not-a-port' } });
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/PORT/);
  }, 60_000);
});
