import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readClaimsFile } from '@/lib/import/read-claims-file';
import { importClaims, planImport } from '@/lib/import/write-claims';
import { createTestDb } from '../helpers/test-db';

const root = path.resolve(import.meta.dirname, '../..');
const SAMPLE = path.join(root, 'tests', 'fixtures', 'import-sample.jsonl');
const sampleLines = fs.readFileSync(SAMPLE, 'utf8').trimEnd().split('\n');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-import-'));

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function writeFile(name: string, lines: string[]): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** The sample with some lines broken in different ways; line numbers are 1-based. */
function brokenSample(): string[] {
  const lines = [...sampleLines];
  const second = JSON.parse(lines[1] as string) as Record<string, unknown>;
  lines[1] = JSON.stringify({ ...second, claimed_on: '2024-02-30' });
  lines[3] = '{"statement": "cut off';
  const fifth = JSON.parse(lines[4] as string) as Record<string, unknown>;
  lines[4] = JSON.stringify({ ...fifth, appearances: [], rating: 'true' });
  return lines;
}

function counts(db: ReturnType<typeof createTestDb>['db']) {
  const one = (sql: string) => db.$client.prepare(sql).pluck().get() as number;
  return {
    claims: one('SELECT count(*) FROM claims'),
    sources: one('SELECT count(*) FROM sources'),
    appearances: one('SELECT count(*) FROM appearances'),
    audit: one('SELECT count(*) FROM audit_events'),
  };
}

describe('claims import (lib/import)', () => {
  let test: ReturnType<typeof createTestDb>;
  beforeEach(() => {
    test = createTestDb();
  });
  afterEach(() => test.cleanup());

  it('imports a good file with an audit event for every row, search entries and matched names', async () => {
    const file = await readClaimsFile(SAMPLE);
    expect(file.errors).toEqual([]);
    expect(file.claims).toHaveLength(sampleLines.length);
    const result = await importClaims(test.db, file.claims, { batchSize: 3 });
    expect(result).toEqual({ imported: sampleLines.length, present: 0 });

    const sqlite = test.db.$client;
    const n = counts(test.db);
    expect(n.claims).toBe(sampleLines.length);
    // Every claim, appearance and source has its creation event, made by no user or key (the import).
    const events = sqlite
      .prepare('SELECT action, count(*) AS n, count(actor_user_id) + count(actor_api_key_id) AS attributed FROM audit_events GROUP BY action')
      .all() as { action: string; n: number; attributed: number }[];
    const byAction = Object.fromEntries(events.map((e) => [e.action, e.n]));
    expect(byAction['claim.create']).toBe(n.claims);
    expect(byAction['appearance.create']).toBe(n.appearances);
    expect(byAction['source.create']).toBe(n.sources);
    expect(events.every((e) => e.attributed === 0)).toBe(true);
    // "Riverton city council" and "riverton herald" matched the sources of other case.
    const names = sqlite.prepare('SELECT name FROM sources ORDER BY name').pluck().all() as string[];
    expect(names.filter((name) => name.toLowerCase() === 'riverton city council')).toHaveLength(1);
    expect(names.filter((name) => name.toLowerCase() === 'riverton herald')).toHaveLength(1);
    // A publisher named like a claimant is that claimant's source.
    expect(names.filter((name) => name === 'Riverton Water Authority')).toHaveLength(1);
    // A claim with two appearances has both; one without a title is named by its host.
    const debate = sqlite
      .prepare("SELECT a.title FROM appearances a JOIN claims c ON c.id = a.claim_id WHERE c.statement LIKE 'The new bypass%' ORDER BY a.id")
      .pluck()
      .all();
    expect(debate).toEqual(['Five takeaways from the mayoral debate', 'video.example']);
    // The search index was filled by the triggers: the claimant's name finds the claim.
    const hits = sqlite.prepare("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'okafor'").pluck().get();
    expect(hits).toBe(2);
    const quantity = sqlite.prepare('SELECT high, bound FROM quantities WHERE bound = ?').get('at_most');
    expect(quantity).toEqual({ high: 3000, bound: 'at_most' });
  });

  it('names every bad line and field, and the lines are refused before anything is written', async () => {
    const file = await readClaimsFile(writeFile('broken.jsonl', brokenSample()));
    expect(file.invalidLines).toBe(3);
    const messages = file.errors.map((e) => `line ${e.line}: ${e.field}: ${e.message}`);
    expect(messages).toContain('line 2: claimed_on: That date does not exist');
    expect(messages.some((m) => m.startsWith('line 4: (line): Not valid JSON'))).toBe(true);
    expect(messages).toContain('line 5: appearances: Give at least one appearance');
    expect(messages.some((m) => m.startsWith('line 5: (line): Unrecognized key') && m.includes('rating'))).toBe(true);
    expect(file.claims.map((c) => c.line)).toEqual([1, 3, 6, 7, 8]);
  });

  it('applies the desk’s own rules: future dates, bounds and lengths name the file’s fields', async () => {
    const base = JSON.parse(sampleLines[0] as string) as Record<string, unknown> & { quantity: object; appearances: object[] };
    const file = await readClaimsFile(
      writeFile('rules.jsonl', [
        JSON.stringify({ ...base, claimed_on: '2999-01-01' }),
        JSON.stringify({ ...base, quantity: { ...base.quantity, as_of: '2999-01-01' } }),
        JSON.stringify({ ...base, quantity: { ...base.quantity, bound: 'range', low: 5, high: 2, value: undefined } }),
        JSON.stringify({ ...base, appearances: [base.appearances[0], { url: 'ftp://files.example/x', quote: '' }] }),
        JSON.stringify({ ...base, statement: 'x'.repeat(1001) }),
      ]),
    );
    const messages = file.errors.map((e) => `line ${e.line}: ${e.field}: ${e.message}`);
    expect(messages).toContain('line 1: claimed_on: The date cannot be in the future');
    expect(messages).toContain('line 2: quantity.as_of: The date cannot be in the future');
    expect(messages).toContain('line 3: quantity.low: The low bound must not be above the high bound');
    expect(messages.some((m) => m.startsWith('line 4: appearances.1.url: '))).toBe(true);
    expect(messages.some((m) => m.startsWith('line 5: statement: '))).toBe(true);
    expect(file.claims).toHaveLength(0);
  });

  it('imports nothing twice: a re-run and a repeat within the file count as already present', async () => {
    const lines = [...sampleLines, sampleLines[2] as string];
    const file = await readClaimsFile(writeFile('repeat.jsonl', lines));
    expect(planImport(test.db, file.claims)).toEqual({ imported: sampleLines.length, present: 1 });
    expect(await importClaims(test.db, file.claims, { batchSize: 2 })).toEqual({ imported: sampleLines.length, present: 1 });
    const after = counts(test.db);
    expect(planImport(test.db, file.claims)).toEqual({ imported: 0, present: lines.length });
    expect(await importClaims(test.db, file.claims)).toEqual({ imported: 0, present: lines.length });
    expect(counts(test.db)).toEqual(after);
  });

  it('matches an existing claimant whatever the case, and counts that claim as present', async () => {
    const first = await readClaimsFile(writeFile('one.jsonl', [sampleLines[0] as string]));
    await importClaims(test.db, first.claims);
    const line = JSON.parse(sampleLines[0] as string) as { claimant: { name: string } };
    line.claimant.name = line.claimant.name.toUpperCase();
    const again = await readClaimsFile(writeFile('upper.jsonl', [JSON.stringify(line)]));
    expect(await importClaims(test.db, again.claims)).toEqual({ imported: 0, present: 1 });
  });
});

describe('npm run claims:import (the process)', () => {
  const dbFile = path.join(tmp, 'cli.db');

  function run(args: string[]) {
    const result = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['--conditions=react-server', path.join(root, 'scripts', 'claims-import.ts'), ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_PATH: dbFile },
      timeout: 60_000,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr.trim() };
  }

  function claimCount(): number {
    if (!fs.existsSync(dbFile)) return 0;
    const db = new Database(dbFile, { readonly: true });
    try {
      return db.prepare('SELECT count(*) FROM claims').pluck().get() as number;
    } finally {
      db.close();
    }
  }

  it('refuses a file with bad lines: exit 1, each line and field named, nothing written', () => {
    const result = run([writeFile('cli-broken.jsonl', brokenSample())]);
    expect(result.code).toBe(1);
    const lines = result.stderr.split('\n');
    expect(lines).toContain('line 2: claimed_on: That date does not exist');
    expect(lines.some((l) => l.startsWith('line 4: (line): Not valid JSON'))).toBe(true);
    expect(lines.at(-1)).toMatch(/^Nothing imported: 3 lines of 8 are invalid/);
    expect(result.stdout).toBe('');
    expect(claimCount()).toBe(0);
  }, 60_000);

  it('--dry-run reports what it would do and writes nothing', () => {
    const result = run([SAMPLE, '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\(not created yet\): 8 claims would be imported, 0 already present; nothing written/);
    expect(fs.existsSync(dbFile)).toBe(false);
  }, 60_000);

  it('imports the sample, then a re-run imports nothing; --skip-invalid imports the valid lines', () => {
    const first = run([SAMPLE]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^8 imported, 0 already present in \d+\.\d s \(\d[\d,]* claims\/s\)\.$/m);
    expect(claimCount()).toBe(8);
    const dry = run([SAMPLE, '--dry-run']);
    expect(dry.stdout).toMatch(/: 0 claims would be imported, 8 already present; nothing written/);
    const second = run([SAMPLE]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^0 imported, 8 already present/m);
    expect(claimCount()).toBe(8);
    const skipping = run([writeFile('cli-skip.jsonl', brokenSample()), '--skip-invalid']);
    expect(skipping.code).toBe(0);
    expect(skipping.stderr).toMatch(/^line 2: claimed_on: That date does not exist$/m);
    expect(skipping.stdout).toMatch(/0 imported, 5 already present, 3 invalid lines skipped/);
  }, 120_000);

  it('a missing file is one line and exit 1', () => {
    const result = run([path.join(tmp, 'nope.jsonl')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Cannot read .*nope\.jsonl: there is no such file\.$/);
  }, 60_000);
});
