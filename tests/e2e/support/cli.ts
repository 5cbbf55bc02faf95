import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '@/db/open';
import { createApiKey } from '@/lib/api/keys';
import { ApiKeyCreate } from '@/lib/validation/api-key';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

export interface CliResult {
  command: string;
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** The parent's environment without vitest's own variables, as the harness gives the server. */
function cleanEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('VITEST') && key !== 'NODE_OPTIONS' && key !== 'TEST') env[key] = value;
  }
  return env;
}

/** `npm run -s <script> -- <args>` against a database, as an operator runs it; never rejects. */
export function runNpmScript(
  script: string,
  args: string[],
  options: { dbFile: string; input?: string; timeoutMs?: number },
): Promise<CliResult> {
  const started = performance.now();
  const command = `npm run ${script} -- ${args.join(' ')}`;
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '-s', script, '--', ...args], {
      cwd: root,
      env: { ...cleanEnv(), NODE_ENV: 'development', DATABASE_PATH: options.dbFile, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdin.end(options.input ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ command, code, stdout, stderr: stderr.trim(), seconds: (performance.now() - started) / 1000 });
    });
  });
}

/** An API key with the given scopes, made in the app's database as apikey:create makes one. */
export function makeApiKey(dbFile: string, scopes: string[]): string {
  const db = openDatabase(dbFile);
  try {
    return createApiKey(db, null, ApiKeyCreate.parse({ name: `e2e ${scopes.join(' ')}`, scopes })).key;
  } finally {
    db.$client.close();
  }
}

/** Runs a read on a database file through a read-only connection that is closed at once. */
export function readDb<T>(file: string, read: (sqlite: Database.Database) => T): T {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return read(sqlite);
  } finally {
    sqlite.close();
  }
}

/** The text that means a writer hit the lock instead of waiting for it. */
export const LOCKED = /database is locked|SQLITE_BUSY/i;
