import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { countExportRows } from '@/db/queries/export';
import { openDatabase, type Db } from '@/db/open';
import { RATING_LABELS } from '@/db/schema';
import { exportFilter, exportStream } from '@/lib/export/stream';
import type { Actor } from '@/lib/auth/permissions';
import type { ExportFormat } from '@/lib/validation/export';
import { describeDataset, ensureDataset, parseSizes } from './dataset';
import { createRng, seedClaims } from './seed-claims';
import { prepareSnapshotOf } from './verdict-snapshot-sql';

/**
 * Streams each export format of N synthetic claims to a null sink and reports rows/s and how far
 * memory grew while it ran (process.memoryUsage() sampled every 50 ms).
 * Usage: npx tsx --conditions=react-server --expose-gc tests/bench/export.ts [--size 100k,1m] [--fresh]
 * (the cached data sets of tests/bench/dataset.ts; --fresh seeds throwaway claims with verdicts instead)
 * A benchmark, not a test: it reports numbers and never fails on time.
 */

const actor: Actor = { kind: 'user', id: 1, role: 'editor', name: 'Bench', email: 'bench@example.org' };
const FORMATS: readonly ExportFormat[] = ['csv', 'jsonl', 'claimreview'];
const MB = 1024 * 1024;

/**
 * Gives every published or retracted synthetic claim its verdict versions: a publication, then
 * for one in ten published claims a correction, and for each retracted claim a retraction.
 * Prepared statements in batched transactions, as seedClaims inserts the claims.
 */
export function seedExportVerdicts(db: Db, options: { seed?: number; batchSize?: number } = {}): { verdicts: number; seconds: number } {
  const { seed = 1, batchSize = 5000 } = options;
  const started = performance.now();
  const client = db.$client;
  const rng = createRng(seed + 101);
  const claims = client.prepare(
    "SELECT id, status, updated_at AS updatedAt FROM claims WHERE id > ? AND status IN ('published', 'retracted') ORDER BY id LIMIT ?",
  );
  const insert = client.prepare(
    'INSERT INTO verdicts (claim_id, version_number, kind, label, headline, explanation, article_url, note, published_at, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const snapshotOf = prepareSnapshotOf(client);
  let inserted = 0;
  const insertBatch = client.transaction((rows: { id: number; status: string; updatedAt: string }[]) => {
    for (const row of rows) {
      const label = RATING_LABELS[Math.floor(rng() * RATING_LABELS.length)] ?? 'mixed';
      const url = `https://desk.example/fact-checks/${row.id}`;
      insert.run(row.id, 1, 'publication', label, `Claim ${row.id} rated ${label.replace(/_/g, ' ')}`, 'Why we rated it so.', url, null, row.updatedAt, snapshotOf(row.id));
      inserted += 1;
      const later = new Date(Date.parse(row.updatedAt) + 86_400_000).toISOString();
      if (row.status === 'retracted') {
        insert.run(row.id, 2, 'retraction', label, `Claim ${row.id} rated ${label}`, 'Why we rated it so.', url, 'Withdrawn.', later, snapshotOf(row.id));
        inserted += 1;
      } else if (rng() < 0.1) {
        insert.run(row.id, 2, 'correction', 'mixed', `Claim ${row.id}: corrected`, 'A better reason.', url, 'Corrected a figure.', later, snapshotOf(row.id));
        inserted += 1;
      }
    }
  });
  let afterId = 0;
  for (;;) {
    const rows = claims.all(afterId, batchSize) as { id: number; status: string; updatedAt: string }[];
    const last = rows.at(-1);
    if (!last) break;
    insertBatch(rows);
    afterId = last.id;
  }
  return { verdicts: inserted, seconds: (performance.now() - started) / 1000 };
}

export interface FormatResult {
  format: ExportFormat;
  rows: number;
  /** How long countExportRows (the page's preview) took. */
  countMs: number;
  bytes: number;
  seconds: number;
  /** CPU time of this process (user + system): steadier than wall time on a busy machine. */
  cpuSeconds: number;
  rowsPerSecond: number;
  peakRssGrowthMb: number;
  peakHeapGrowthMb: number;
  /** Rows per CPU second: the exporter's own speed, whatever else the machine is doing. */
  rowsPerCpuSecond: number;
}

export interface ExportBenchResult {
  count: number;
  seedSeconds: number;
  formats: FormatResult[];
  dataset?: string;
  load?: string;
}

/** Reads the stream to the end like a socket would, yielding to the event loop after each chunk. */
async function drain(stream: ReadableStream<Uint8Array>): Promise<number> {
  const reader = stream.getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return bytes;
    bytes += value.byteLength;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const collectGarbage = (): void => (globalThis as { gc?: () => void }).gc?.();

export async function benchFormat(db: Db, format: ExportFormat): Promise<FormatResult> {
  const counted = performance.now();
  const rows = countExportRows(db, exportFilter({ format }));
  const countMs = performance.now() - counted;
  collectGarbage();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const sample = () => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  };
  const timer = setInterval(sample, 50);
  const started = performance.now();
  const cpu = process.cpuUsage();
  try {
    const bytes = await drain(exportStream(db, actor, { format }).stream);
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    sample();
    return {
      format,
      rows,
      countMs,
      bytes,
      seconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      rowsPerSecond: Math.round(rows / seconds),
      rowsPerCpuSecond: Math.round(rows / ((used.user + used.system) / 1e6)),
      peakRssGrowthMb: (peakRss - base.rss) / MB,
      peakHeapGrowthMb: (peakHeap - base.heapUsed) / MB,
    };
  } finally {
    clearInterval(timer);
  }
}

/** Streams every format from the cached data set of `count` claims (it only reads). */
export async function benchExport(count: number): Promise<ExportBenchResult> {
  const dataset = await ensureDataset(count);
  const db = openDatabase(dataset.file);
  try {
    const load = os.loadavg().map((l) => l.toFixed(1)).join(' / ');
    const formats: FormatResult[] = [];
    for (const format of FORMATS) formats.push(await benchFormat(db, format));
    return { count, seedSeconds: 0, formats, dataset: describeDataset(dataset), load };
  } finally {
    db.$client.close();
  }
}

/** Seeds a throwaway database of `count` claims with verdicts and streams every format from it. */
export async function benchFreshExport(count: number): Promise<ExportBenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-export-bench-'));
  const db = openDatabase(path.join(dir, 'bench.db'));
  try {
    const started = performance.now();
    seedClaims(db, { count });
    seedExportVerdicts(db);
    const seedSeconds = (performance.now() - started) / 1000;
    const formats: FormatResult[] = [];
    for (const format of FORMATS) formats.push(await benchFormat(db, format));
    return { count, seedSeconds, formats };
  } finally {
    db.$client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const FORMAT_NAMES: Record<ExportFormat, string> = { csv: 'CSV', jsonl: 'JSON Lines', claimreview: 'ClaimReview feed' };

export function describeExportBench(results: ExportBenchResult[], command: string): string {
  const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const lines = [
    `Command: \`${command}\``,
    '',
    `Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} at the end. ` +
      'Peak growth is over the memory in use when the format started, sampled every 50 ms; the heap figure includes garbage not yet collected. ' +
      'Rows/CPU s divides by the process’s CPU time, the exporter’s speed free of waiting for a shared CPU.',
    '',
    ...results.flatMap((result) => (result.dataset ? [`- ${result.dataset}; load average ${result.load ?? '?'} at the start.`] : [])),
    '',
    '| Claims | Format | Rows | Count (ms) | Size (MB) | Time (s) | CPU (s) | Rows/s | Rows/CPU s | Peak RSS growth (MB) | Peak heap growth (MB) |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const result of results) {
    for (const f of result.formats) {
      lines.push(
        `| ${fmt(result.count)} | ${FORMAT_NAMES[f.format]} | ${fmt(f.rows)} | ${fmt(f.countMs)} | ${fmt(f.bytes / MB, 1)} | ${fmt(f.seconds, 2)} | ${fmt(f.cpuSeconds, 2)} | ` +
          `${fmt(f.rowsPerSecond)} | ${fmt(f.rowsPerCpuSecond)} | ${fmt(f.peakRssGrowthMb, 1)} | ${fmt(f.peakHeapGrowthMb, 1)} |`,
      );
    }
  }
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const argv = process.argv.slice(2);
  const fresh = argv.includes('--fresh');
  const command = `npx tsx --conditions=react-server --expose-gc tests/bench/export.ts ${argv.join(' ')}`.trimEnd();
  const results: ExportBenchResult[] = [];
  for (const count of parseSizes(argv, [100_000])) {
    console.log(`Streaming each format of ${count.toLocaleString('en-US')} claims…`);
    results.push(fresh ? await benchFreshExport(count) : await benchExport(count));
  }
  console.log(`\n${describeExportBench(results, command)}\n`);
  if (!(globalThis as { gc?: unknown }).gc) console.log('(Run with --expose-gc for a steadier memory baseline.)');
}
