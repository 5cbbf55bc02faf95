import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { benchFreshDatabase, describeRun, type BenchRun } from './claims-list';

/**
 * `npm run bench` (add `-- --full` for a million claims): seeds throwaway databases, times the
 * claims list on each, prints the tables and rewrites the claims-list section of BENCHMARKS.md.
 */

const SECTION_START = '<!-- bench:claims-list:start -->';
const SECTION_END = '<!-- bench:claims-list:end -->';
const BENCHMARKS_FILE = path.join(process.cwd(), 'BENCHMARKS.md');

function machine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const sqlite = new Database(':memory:');
  const version = sqlite.prepare('SELECT sqlite_version()').pluck().get() as string;
  sqlite.close();
  return `${cpu}, ${os.cpus().length} cores, Node ${process.version}, SQLite ${version}, ${os.platform()} ${os.release()}`;
}

function section(command: string, runs: BenchRun[]): string {
  return [
    SECTION_START,
    '## Claims list (`listClaims`)',
    '',
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    `- Machine: ${machine()}; load average ${loadAtStart} at the start (other work on the machine shows in p99)`,
    `- Command: \`${command}\``,
    '- Each scenario: 10 warm-up calls, then 200 timed calls of `listClaims` (25 rows) in one process,',
    '  database pages already in the OS cache. Synthetic data from `tests/bench/seed-claims.ts`',
    '  (3,000 claimants, one appearance per claim; "zeppelin" in 0.05% of statements, "sanctions" in 5%,',
    '  "troops" in 60%). Deep pages are reached by walking cursors, never OFFSET.',
    '',
    ...runs.flatMap((run) => [`### ${describeRun(run)}`, '']),
    SECTION_END,
  ].join('\n');
}

function writeSection(text: string): void {
  const current = fs.existsSync(BENCHMARKS_FILE) ? fs.readFileSync(BENCHMARKS_FILE, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(SECTION_START);
  const end = current.indexOf(SECTION_END);
  const next =
    start !== -1 && end > start
      ? `${current.slice(0, start)}${text}${current.slice(end + SECTION_END.length)}`
      : `${current.trimEnd()}\n\n${text}\n`;
  fs.writeFileSync(BENCHMARKS_FILE, next);
}

const loadAtStart = os.loadavg().map((load) => load.toFixed(1)).join(' / ');
const full = process.argv.includes('--full');
const counts = full ? [10_000, 100_000, 1_000_000] : [10_000, 100_000];
const command = full ? 'npm run bench -- --full' : 'npm run bench';

const runs: BenchRun[] = [];
for (const count of counts) {
  console.log(`Seeding and timing ${count.toLocaleString('en-US')} claims…`);
  const run = benchFreshDatabase(count);
  console.log(`\n${describeRun(run)}\n`);
  runs.push(run);
}
writeSection(section(command, runs));
console.log(`$ ${command}\nMachine: ${machine()}\nWrote the claims-list section of ${path.relative(process.cwd(), BENCHMARKS_FILE)}.`);
