import os from 'node:os';
import path from 'node:path';
import { parseRoutes, runApiBench } from './api';
import { benchDataset, describeRun, type BenchRun } from './claims-list';
import { cacheDir, datasetFingerprint, parseSizes } from './dataset';
import { benchExport, describeExportBench, type ExportBenchResult } from './export';
import { runNginxBench } from './nginx';
import { benchImport, describeImportBench } from './import';
import { benchFactcheckImport, describeFactcheckBench } from './import-factchecks';
import { benchMatching, describeMatchingBench } from './matching';
import { benchInsights, formatInsightsBench } from './insights';
import { benchPages, formatPageTable } from './page-render';
import { BENCHMARKS_FILE, machine, today, writeSection } from './report';
import { benchWriteRate, formatWriteRate } from './write-rate';

/**
 * `npm run bench [-- --size 10k,100k,1m] [-- --only claims-list,pages,export,write-rate,import,api,nginx,matching,insights]`
 *   [-- --routes verdicts-key,claim-key] [-- --cpu-prof <dir>] [-- --seconds <n>]:
 * times each part on the cached data sets of tests/bench/dataset.ts (generated on first use), prints
 * the tables and rewrites their sections of BENCHMARKS.md (tests/bench/report.ts). `--size` is the
 * one size flag and applies to every part named; without it the claims list runs at 10k and 100k and
 * the other parts at 100k; `--full` is 10k, 100k and 1m for the claims list and 100k and 1m for the
 * others. `--seconds` shortens the timed runs of the api and nginx parts (8 s each by default).
 * The bulk import always imports 10,000 claims into a new database. import-factchecks imports 50,000
 * fact-checks into a copy of each size's data set and streams a 1,000,000-line file (`--stream N` to change).
 */

const PARTS = ['claims-list', 'pages', 'export', 'write-rate', 'import', 'import-factchecks', 'api', 'nginx', 'matching', 'insights'] as const;
type Part = (typeof PARTS)[number];

const load = () => os.loadavg().map((value) => value.toFixed(1)).join(' / ');

function readParts(argv: string[]): Part[] {
  const at = argv.indexOf('--only');
  if (at === -1) return [...PARTS];
  const parts = (argv[at + 1] ?? '').split(',').map((part) => part.trim());
  for (const part of parts) if (!(PARTS as readonly string[]).includes(part)) throw new Error(`--only takes ${PARTS.join(', ')}; got "${part}"`);
  return parts as Part[];
}

const argv = process.argv.slice(2);
const full = argv.includes('--full');
const explicit = argv.includes('--size') ? parseSizes(argv, []) : null;
const listSizes = explicit ?? (full ? [10_000, 100_000, 1_000_000] : [10_000, 100_000]);
const largeSizes = explicit ?? (full ? [100_000, 1_000_000] : [100_000]);
const parts = readParts(argv);
const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
const header = (title: string, extra: string[] = []) => [
  title,
  '',
  `- Date: ${today()}`,
  `- Machine: ${machine()}`,
  `- Command: \`${command}\``,
  `- Data: \`tests/bench/dataset.ts\` (generator and migrations ${datasetFingerprint()}), seed 1, cached in ${cacheDir()} (generated on first use)`,
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

if (parts.includes('import-factchecks')) {
  const at = argv.indexOf('--stream');
  const streamItems = at === -1 ? 1_000_000 : Number(argv[at + 1]);
  const tables: string[] = [];
  for (const count of largeSizes) {
    console.log(`Importing fact-checks into the ${count.toLocaleString('en-US')}-claim data set, then streaming ${streamItems.toLocaleString('en-US')} items…`);
    const result = await benchFactcheckImport(count, streamItems);
    const table = describeFactcheckBench(result);
    console.log(`\n${table}\n`);
    tables.push(table);
  }
  writeSection(
    'import-factchecks',
    [
      ...header('## Fact-check import (`importFactchecks` / `npm run factchecks:import`, in process)', [
        `- Load average at the start: ${load()}. The machine is shared with other engineers' builds and tests: wall times include waiting for a core; the CPU column is the cost.`,
        '- Rate: 50,000 generated ClaimReview objects (40 publishers, 8 labels, numeric ratings) through `importFactchecks` with the',
        '  command\'s defaults (batches of 1,000, a 120 ms pause between batches for the server\'s writers), into a copy of the data set',
        '  of desk claims; then the same items again (a re-run: all unchanged).',
        '- Memory: a generated JSON Lines file of claims:search answers, one per line, detected and streamed through',
        '  `openFactcheckInput` + `importUnits` (no pauses) into a new database; RSS sampled at every batch.',
      ]),
      ...tables,
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

if (parts.includes('matching')) {
  for (const count of largeSizes) {
    console.log(`Matching the CheckThat! tweets against ${count.toLocaleString('en-US')} claims and the verified claims…`);
    const atStart = load();
    const bench = await benchMatching(count);
    if (bench) {
      const text = describeMatchingBench(bench);
      console.log(text);
      writeSection(
        'matching',
        [
          ...header('## "Checked before?" (`lib/matching`, in process)', [
            '- ../shared/reference/claim-retrieval (CLEF 2020 CheckThat! Task 2, English, v3: 10,373 claims Snopes checked, 801 tweets each',
            '  paired with the one that checks it) loaded as external fact-checks into a copy of the data set; each tweet matched with',
            '  `findSimilar` (limit 5, desk claims and fact-checks together). Time: the whole call, in process, database in the OS cache;',
            `  CPU: the process's CPU time during the call, both threads (the sentence encoder reads the query on its own thread while the`,
            `  main one searches, so CPU can exceed wall time). Load average ${atStart} at the start.`,
          ]),
          text,
        ].join('\n'),
      );
    }
  }
}

if (parts.includes('insights')) {
  const tables: string[] = [];
  for (const count of largeSizes) {
    console.log(`Timing the insights loader at ${count.toLocaleString('en-US')} claims…`);
    const table = formatInsightsBench(await benchInsights(count));
    console.log(table);
    tables.push(table);
  }
  writeSection(
    'insights',
    [
      ...header('## Insights page data (`loadInsights`, in process)', [
        '- lib/insights/insights-page.ts as /insights calls it: cold = the data version moved (a write on the connection), so the',
        '  grouped reads, both alphas with their 1,000-replicate bootstrap intervals, the monthly, per-kind and per-measure alphas and',
        '  every reviewer’s calibration are computed; warm = the same data version, answered from the loader’s cache. Target: < 200 ms.',
      ]),
      ...tables,
    ].join('\n'),
  );
}

// API reads at 50 connections against the same server's no-op route and a bare node:http server.
// --routes picks the api scenarios (tests/bench/api.ts), --cpu-prof <dir> profiles the Next server.
const valueOf = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const durationSeconds = Number(valueOf('--seconds') ?? '8');
if (!Number.isInteger(durationSeconds) || durationSeconds < 1) throw new Error(`--seconds takes a whole number of seconds; got "${valueOf('--seconds')}"`);
if (parts.includes('api')) {
  await runApiBench({ counts: largeSizes, seed: 1, durationSeconds, connections: 50, command, routes: parseRoutes(valueOf('--routes')), cpuProfileDir: valueOf('--cpu-prof') });
}
// Public verdict reads through nginx's proxy cache (docs/deploy/nginx.conf), against the app direct.
if (parts.includes('nginx')) await runNginxBench({ counts: largeSizes, seed: 1, durationSeconds, connections: 50, command });
console.log(`Wrote the sections of ${path.relative(process.cwd(), BENCHMARKS_FILE)}: ${parts.join(', ')}.`);
