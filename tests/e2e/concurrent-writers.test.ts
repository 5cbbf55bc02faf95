// Also in tests/integration/concurrent-writers.test.ts, on purpose: that file checks the transaction
// rules on two connections in one process; this one runs the built server, the bulk import, the seed
// and user:create as separate processes on one database file, where "database is locked" would show.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUser, startApp, type RunningApp } from './support/harness';
import { HttpClient, SecretWatch } from './support/http-client';
import { LOCKED, makeApiKey, readDb, runNpmScript, type CliResult } from './support/cli';

/**
 * The server takes writes through the API and through server actions while command-line writers
 * run against the same file: a bulk import of a few thousand claims, the demo seed and
 * user:create. Every writer waits its turn for SQLite's write lock; nobody is told "database is
 * locked", nothing answers 5xx, and every write is there afterwards.
 */
const IMPORT_LINES = 2000;

let app: RunningApp;
let watch: SecretWatch;
let apiKey: string;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-writers-'));
const runTag = `w${Date.now().toString(36)}`;

beforeAll(async () => {
  app = await startApp({ env: { API_RATE_LIMIT: '1000000' } });
  watch = new SecretWatch(app.dbFile, [app.authSecret]);
  apiKey = makeApiKey(app.dbFile, ['claims:write']);
});

afterAll(async () => {
  await app?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function importFile(): string {
  const lines: string[] = [];
  for (let i = 0; i < IMPORT_LINES; i++) {
    lines.push(
      JSON.stringify({
        statement: `${runTag} imported claim ${i}: the harbour tunnel carries ${1000 + i} vehicles a day.`,
        claimant: { name: `${runTag} speaker ${i % 97}`, kind: 'person' },
        claimed_on: '2024-05-01',
        language: 'en',
        appearances: [{ url: `https://news.example/${runTag}/${i}`, title: `Story ${i}`, publisher: `${runTag} outlet ${i % 13}`, quote: '' }],
      }),
    );
  }
  const file = path.join(tmp, 'claims.jsonl');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

interface Outcome {
  label: string;
  status: number;
  body: string;
  /** The write was accepted (201 from the API, a redirect to the new claim from the action). */
  ok: boolean;
}

describe('writers on one database', () => {
  it('server, import, seed and user:create all write without "database is locked"', async () => {
    const file = importFile();
    const outcomes: Outcome[] = [];
    const apiStatements: string[] = [];
    const actionStatements: string[] = [];
    let writing = true;

    const apiWriter = async (lane: number) => {
      for (let n = 0; writing; n++) {
        const statement = `${runTag} api ${lane}-${n}: the ferry ran ${n} extra sailings.`;
        const response = await fetch(`${app.baseUrl}/api/v1/claims`, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            statement,
            claimant: { name: `${runTag} api claimant`, kind: 'organisation' },
            claimed_on: '2024-06-01',
            appearance: { url: `https://api.example/${runTag}/${lane}/${n}`, quote: '' },
          }),
        });
        const body = await response.text();
        outcomes.push({ label: `POST /api/v1/claims (${statement})`, status: response.status, body, ok: response.status === 201 });
        if (response.status === 201) apiStatements.push(statement);
      }
    };

    const actionWriter = async () => {
      const client = new HttpClient(app.baseUrl, watch);
      const reviewer = demoUser('reviewer');
      expect((await client.signIn(reviewer.email, reviewer.password)).ok).toBe(true);
      for (let n = 0; writing; n++) {
        const statement = `${runTag} action ${n}: the library lent ${n} more books.`;
        const response = await client.action('createClaimAction', '/claims/new', {
          statement,
          claimant: `${runTag} action claimant`,
          claimantKind: 'person',
          claimedOn: '2024-07-01',
          language: 'en',
          'appearance.url': `https://action.example/${runTag}/${n}`,
          'appearance.title': `Action story ${n}`,
        });
        // Success redirects to the new claim; a refusal would come back as { ok: false }.
        const ok = response.redirect?.startsWith('/claims/') ?? false;
        outcomes.push({ label: `createClaimAction (${statement})`, status: response.status, body: response.body, ok });
        if (ok) actionStatements.push(statement);
      }
    };

    // A writer that throws (the server gone, a reset connection) is a failed write, not a lost test.
    const guarded = (lane: string, write: () => Promise<void>) =>
      write().catch((error: unknown) => {
        outcomes.push({ label: `${lane} stopped: ${error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error)}`, status: 0, body: '', ok: false });
      });
    const writers = [guarded('api 1', () => apiWriter(1)), guarded('api 2', () => apiWriter(2)), guarded('actions', actionWriter)];
    // Let the server's writers get going before the commands start.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const email = `${runTag}@cli.claimbench.test`;
    const commands: CliResult[] = await Promise.all([
      runNpmScript('claims:import', [file], { dbFile: app.dbFile }),
      runNpmScript('db:seed', [], { dbFile: app.dbFile }),
      runNpmScript('user:create', ['--email', email, '--role', 'reviewer', '--password-stdin'], {
        dbFile: app.dbFile,
        input: 'a long enough password for the cli\n',
      }),
    ]);
    writing = false;
    await Promise.all(writers);
    fs.mkdirSync(path.join(process.cwd(), 'test-results'), { recursive: true });
    fs.writeFileSync(path.join(process.cwd(), 'test-results', 'concurrent-writers-server.log'), app.logs());

    for (const command of commands) {
      expect(command.code, `${command.command}\n${command.stderr}`).toBe(0);
      expect(command.stderr, command.command).not.toMatch(LOCKED);
      expect(command.stdout, command.command).not.toMatch(LOCKED);
    }
    expect(commands[0]!.stdout).toMatch(new RegExp(`^${IMPORT_LINES.toLocaleString('en')} imported, 0 already present`, 'm'));
    expect(commands[1]!.stdout).toMatch(/already seeded, nothing to add/);

    const failures = outcomes.filter((outcome) => !outcome.ok || outcome.status >= 500 || LOCKED.test(outcome.body));
    expect(failures.map((f) => `${f.status} ${f.label}: ${f.body.slice(0, 300)}`)).toEqual([]);
    expect(apiStatements.length).toBeGreaterThan(10);
    expect(actionStatements.length).toBeGreaterThan(3);
    expect(app.logs()).not.toMatch(LOCKED);
    expect(watch.findings).toEqual([]);

    // Every write is there, each with its audit event.
    readDb(app.dbFile, (sqlite) => {
      const present = (statements: string[]) =>
        statements.filter((statement) => sqlite.prepare('SELECT 1 FROM claims WHERE statement = ?').get(statement)).length;
      expect(present(apiStatements)).toBe(apiStatements.length);
      expect(present(actionStatements)).toBe(actionStatements.length);
      const imported = sqlite.prepare("SELECT count(*) FROM claims WHERE statement LIKE ? || ' imported claim %'").pluck().get(runTag);
      expect(imported).toBe(IMPORT_LINES);
      expect(sqlite.prepare('SELECT role FROM users WHERE email = ?').pluck().get(email)).toBe('reviewer');
      const unaudited = sqlite
        .prepare("SELECT count(*) FROM claims c WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.action = 'claim.create' AND a.entity_id = c.id)")
        .pluck()
        .get();
      expect(unaudited).toBe(0);
    });
  }, 150_000);
});
