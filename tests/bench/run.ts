import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runApiBench } from './api';
import { parseClaimCounts } from './bench-data';
import { benchFreshDatabase, describeRun, type BenchRun } from './claims-list';
import { benchExport, describeExportBench } from './export';
import { runNginxBench } from './nginx';
import { benchPages, formatPageTable } from './page-render';

/**
 * `npm run bench` (add `-- --full` for a million claims): seeds throwaway databases, times the
 * claims list on each, prints the tables and rewrites the claims-list section of BENCHMARKS.md.
 * `-- --only api,nginx` runs only the named benchmarks (claims-list, pages, export, api, nginx);
 * `-- --claims 10000,100000,1000000` sets the sizes of the api and nginx runs.
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

function writeSection(text: string, start = SECTION_START, end = SECTION_END): void {
  const current = fs.existsSync(BENCHMARKS_FILE) ? fs.readFileSync(BENCHMARKS_FILE, 'utf8') : '# Benchmarks\n';
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const body = text.startsWith(start) ? text : `${start}\n${text}\n${end}`;
  const next =
    from !== -1 && to > from
      ? `${current.slice(0, from)}${body}${current.slice(to + end.length)}`
      : `${current.trimEnd()}\n\n${body}\n`;
  fs.writeFileSync(BENCHMARKS_FILE, next);
}

const loadAtStart = os.loadavg().map((load) => load.toFixed(1)).join(' / ');
const full = process.argv.includes('--full');
const counts = full ? [10_000, 100_000, 1_000_000] : [10_000, 100_000];
const argument = (name: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
};
const BENCHES = ['claims-list', 'pages', 'export', 'api', 'nginx'];
const only = argument('only')?.split(',');
const unknown = only?.filter((name) => !BENCHES.includes(name)) ?? [];
if (unknown.length > 0) throw new Error(`--only takes ${BENCHES.join(', ')} (got ${unknown.join(', ')})`);
const wanted = (name: string) => !only || only.includes(name);
const httpCounts = parseClaimCounts(argument('claims') ?? (full ? '10000,100000,1000000' : '100000'));
const command = process.argv.length > 2 ? `npm run bench -- ${process.argv.slice(2).join(' ')}` : 'npm run bench';

if (wanted('claims-list')) {
  const runs: BenchRun[] = [];
  for (const count of counts) {
    console.log(`Seeding and timing ${count.toLocaleString('en-US')} claims…`);
    const run = benchFreshDatabase(count);
    console.log(`\n${describeRun(run)}\n`);
    runs.push(run);
  }
  writeSection(section(command, runs));
  console.log(`$ ${command}\nMachine: ${machine()}\nWrote the claims-list section of ${path.relative(process.cwd(), BENCHMARKS_FILE)}.`);
}

// Server time of whole pages over HTTP on the built app (issue: the claims list at 100,000 claims).
if (wanted('pages')) {
  console.log('Timing pages of the built app at 100,000 claims…');
  const pages = await benchPages(100_000);
  const pageTable = formatPageTable(pages);
  console.log(pageTable);
  writeSection(
    [
      '## Pages over HTTP (built app, 100,000 claims)',
      '',
      `- Date: ${new Date().toISOString().slice(0, 10)}; machine: ${machine()}`,
      `- Command: \`${command}\` (tests/bench/page-render.ts): \`next start\` on loopback, signed in, one request at a time,`,
      '  5 warm-up then 60 timed requests per page; time to the last byte of the server-rendered HTML.',
      '',
      pageTable,
    ].join('\n'),
    '<!-- bench:pages:start -->',
    '<!-- bench:pages:end -->',
  );
}

// Streamed exports: rows per second and peak memory per format.
if (wanted('export')) {
  const exportCounts = full ? [100_000, 1_000_000] : [100_000];
  const exportResults = [];
  for (const count of exportCounts) {
    console.log(`Exporting ${count.toLocaleString('en-US')} claims…`);
    exportResults.push(await benchExport(count));
  }
  const exportText = describeExportBench(exportResults, command);
  console.log(exportText);
  writeSection(`## Exports\n\n${exportText}`, '<!-- bench:export:start -->', '<!-- bench:export:end -->');
}

// API reads at 50 connections against the same server's no-op route and a bare node:http server.
if (wanted('api')) await runApiBench({ counts: httpCounts, seed: 1, durationSeconds: 8, connections: 50, command });

// Public verdict reads through nginx's proxy cache (docs/deploy/nginx.conf), against the app direct.
if (wanted('nginx')) await runNginxBench({ counts: httpCounts, seed: 1, durationSeconds: 8, connections: 50, command });
