import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parseRoutes, runApiBench } from './api';
import { parseClaimCounts } from './bench-data';
import { benchDataset, describeRun, type BenchRun } from './claims-list';
import { DATASET_VERSION, cacheDir, parseSizes } from './dataset';
import { benchExport, describeExportBench, type ExportBenchResult } from './export';
import { runNginxBench } from './nginx';
import { benchImport, describeImportBench } from './import';
import { benchPages, formatPageTable } from './page-render';
import { benchWriteRate, formatWriteRate } from './write-rate';

/**
 * `npm run bench [-- --size 10k,100k,1m] [-- --only claims-list,pages,export,write-rate,import,api,nginx] [-- --claims 10000,100000]`
 *   [-- --routes verdicts-key,claim-key] [-- --cpu-prof <dir>]:
 * (`--claims` sets the sizes of the api and nginx runs, on their own data sets of tests/bench/bench-data.ts)
 * times each part on the cached data sets of tests/bench/dataset.ts (generated on first use), prints
 * the tables and rewrites their sections of BENCHMARKS.md. `--full` is `--size 10k,100k,1m`.
 * Default sizes: 10k and 100k for the claims list, 100k for the pages, exports and writes.
 */

const BENCHMARKS_FILE = path.join(process.cwd(), 'BENCHMARKS.md');
const PARTS = ['claims-list', 'pages', 'export', 'write-rate', 'import', 'api', 'nginx'] as const;
type Part = (typeof PARTS)[number];

function machine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const sqlite = new Database(':memory:');
  const version = sqlite.prepare('SELECT sqlite_version()').pluck().get() as string;
  sqlite.close();
  return `${cpu}, ${os.cpus().length} cores, Node ${process.version}, SQLite ${version}, ${os.platform()} ${os.release()}`;
}

const load = () => os.loadavg().map((value) => value.toFixed(1)).join(' / ');
const today = () => new Date().toISOString().slice(0, 10);

function writeSection(name: string, body: string): void {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const current = fs.existsSync(BENCHMARKS_FILE) ? fs.readFileSync(BENCHMARKS_FILE, 'utf8') : '# Benchmarks\n';
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const text = `${start}\n${body}\n${end}`;
  const next =
    from !== -1 && to > from ? `${current.slice(0, from)}${text}${current.slice(to + end.length)}` : `${current.trimEnd()}\n\n${text}\n`;
  fs.writeFileSync(BENCHMARKS_FILE, next);
}

function readParts(argv: string[]): Part[] {
  const at = argv.indexOf('--only');
  if (at === -1) return [...PARTS];
  const parts = (argv[at + 1] ?? '').split(',').map((part) => part.trim());
  for (const part of parts) if (!(PARTS as readonly string[]).includes(part)) throw new Error(`--only takes ${PARTS.join(', ')}; got "${part}"`);
  return parts as Part[];
}

const argv = process.argv.slice(2);
const full = argv.includes('--full');
const explicit = argv.includes('--size') ? parseSizes(argv, []) : full ? [10_000, 100_000, 1_000_000] : null;
const listSizes = explicit ?? [10_000, 100_000];
const largeSizes = explicit?.filter((count) => count >= 100_000) ?? [100_000];
const parts = readParts(argv);
const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
const header = (title: string, extra: string[] = []) => [
  title,
  '',
  `- Date: ${today()}`,
  `- Machine: ${machine()}`,
  `- Command: \`${command}\``,
  `- Data: \`tests/bench/dataset.ts\` v${DATASET_VERSION}, seed 1, cached in ${cacheDir()} (generated on first use)`,
  ...extra,
  '',
];
console.log(`$ ${command}\nMachine: ${machine()}; load average ${load()}`);

if (parts.includes('claims-list')) {
  const runs: BenchRun[] = [];
  for (const count of listSizes) {
    console.log(`Timing the claims list at ${count.toLocaleString('en-US')} claims…`);
    const run = await benchDataset(count);
    console.log(`\n${describeRun(run)}\n`);
    runs.push(run);
  }
  writeSection(
    'claims-list',
    [
      ...header('## Claims list and search (`listClaims`, in process)', [
        '- Each scenario: 10 warm-up calls, then 200 timed calls (1,000 for the three single-word searches) of `listClaims` (25 rows) in',
        '  one process, the database in the OS cache. Wall time and the CPU time of the call (`process.cpuUsage`); on a shared',
        '  machine the CPU figures are the cost, the wall figures add the wait for a core.',
        '- Words: "zeppelin" in 0.05% of statements, "sanctions" in 5%, "troops" in 60% (tests/bench/seed-claims.ts); deep pages by cursor.',
      ]),
      ...runs.flatMap((run) => [`### ${describeRun(run)}`, '']),
    ].join('\n'),
  );
}

if (parts.includes('pages')) {
  const sections: string[] = [];
  for (const count of largeSizes) {
    console.log(`Timing pages of the built app at ${count.toLocaleString('en-US')} claims…`);
    const atStart = load();
    const table = formatPageTable(await benchPages(count));
    console.log(table);
    sections.push(`### ${count.toLocaleString('en-US')} claims (load average ${atStart} at the start)`, '', table, '');
  }
  writeSection(
    'pages',
    [
      ...header('## Claims list and claim page over HTTP (built app)', [
        '- `next start` on loopback over the cached data set, signed in as a reviewer (and an editor for the last claim page), one',
        '  request at a time, 5 warm-up then 60 timed requests per page. Server CPU: the CPU time of every thread of the server',
        '  process during the request (/proc/<pid>/task/*/schedstat), the server time without the wait for a shared core. Wall:',
        '  time to the last byte.',
      ]),
      ...sections,
    ].join('\n'),
  );
}

if (parts.includes('export')) {
  const results: ExportBenchResult[] = [];
  for (const count of largeSizes) {
    console.log(`Streaming each export format of ${count.toLocaleString('en-US')} claims…`);
    results.push(await benchExport(count));
  }
  const text = describeExportBench(results, command);
  console.log(text);
  // The header already names the command that describeExportBench opens with.
  writeSection('export', [...header('## Exports (streamed, in process)'), text.split('\n').slice(2).join('\n')].join('\n'));
}

if (parts.includes('write-rate')) {
  const sections: string[] = [];
  for (const count of largeSizes) {
    console.log(`Writing assessments and evidence at ${count.toLocaleString('en-US')} claims…`);
    const atStart = load();
    const table = formatWriteRate(await benchWriteRate(count));
    console.log(table);
    sections.push(`### ${count.toLocaleString('en-US')} claims (load average ${atStart} at the start)`, '', table, '');
  }
  writeSection(
    'write-rate',
    [
      ...header('## Writes under concurrency (assessments and evidence through lib/)', [
        '- 1, 2 and 4 processes, each its own connection to one copy of the data set, for 5 s together: each alternates',
        '  `recordAssessment` and `addEvidence` (the server actions’ domain calls: validation, transaction, audit event, review-state',
        '  refresh) on the 20,000 newest claims in review. Acknowledged = the call returned. busy/locked: SQLITE_BUSY*/SQLITE_LOCKED*',
        '  errors, which should be 0; other: anything else unexpected.',
      ]),
      ...sections,
    ].join('\n'),
  );
}

if (parts.includes('import')) {
  console.log('Importing 10,000 claims through lib/import…');
  const table = describeImportBench(await benchImport(10_000));
  console.log(table);
  writeSection(
    'import',
    [
      ...header('## Bulk import (`npm run claims:import`, in process)', [
        '- A generated JSON Lines file (tests/bench/import.ts: 500 claimants, 50 publishers, a figure on one line in five) imported into a',
        '  new database through lib/import, batches and their pauses for the server included.',
      ]),
      table,
    ].join('\n'),
  );
}

// API reads at 50 connections against the same server's no-op route and a bare node:http server.
const claimsAt = argv.indexOf('--claims');
const httpCounts = parseClaimCounts(claimsAt === -1 ? (full ? '10000,100000,1000000' : '100000') : (argv[claimsAt + 1] ?? ''));
// --routes picks the api scenarios (tests/bench/api.ts), --cpu-prof <dir> profiles the Next server.
const valueOf = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
if (parts.includes('api')) {
  await runApiBench({ counts: httpCounts, seed: 1, durationSeconds: 8, connections: 50, command, routes: parseRoutes(valueOf('--routes')), cpuProfileDir: valueOf('--cpu-prof') });
}
// Public verdict reads through nginx's proxy cache (docs/deploy/nginx.conf), against the app direct.
if (parts.includes('nginx')) await runNginxBench({ counts: httpCounts, seed: 1, durationSeconds: 8, connections: 50, command });
console.log(`Wrote the sections of ${path.relative(process.cwd(), BENCHMARKS_FILE)}: ${parts.join(', ')}.`);
