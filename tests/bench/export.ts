import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { countExportRows } from '@/db/queries/export';
import { openDatabase, type Db } from '@/db/open';
import { RATING_LABELS } from '@/db/schema';
import { exportFilter, exportStream } from '@/lib/export/stream';
import type { Actor } from '@/lib/permissions';
import type { ExportFormat } from '@/lib/validation/export';
import { createRng, seedClaims } from './seed-claims';

/**
 * Streams each export format of N synthetic claims to a null sink and reports rows/s and how far
 * memory grew while it ran (process.memoryUsage() sampled every 50 ms).
 * Usage: npx tsx --expose-gc tests/bench/export.ts [--full]   (--full adds 1,000,000 claims)
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
    'INSERT INTO verdicts (claim_id, version_number, kind, label, headline, explanation, article_url, note, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  let inserted = 0;
  const insertBatch = client.transaction((rows: { id: number; status: string; updatedAt: string }[]) => {
    for (const row of rows) {
      const label = RATING_LABELS[Math.floor(rng() * RATING_LABELS.length)] ?? 'mixed';
      const url = `https://desk.example/fact-checks/${row.id}`;
      insert.run(row.id, 1, 'publication', label, `Claim ${row.id} rated ${label.replace(/_/g, ' ')}`, 'Why we rated it so.', url, null, row.updatedAt);
      inserted += 1;
      const later = new Date(Date.parse(row.updatedAt) + 86_400_000).toISOString();
      if (row.status === 'retracted') {
        insert.run(row.id, 2, 'retraction', label, `Claim ${row.id} rated ${label}`, 'Why we rated it so.', url, 'Withdrawn.', later);
        inserted += 1;
      } else if (rng() < 0.1) {
        insert.run(row.id, 2, 'correction', 'mixed', `Claim ${row.id}: corrected`, 'A better reason.', url, 'Corrected a figure.', later);
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
}

export interface ExportBenchResult {
  count: number;
  seedSeconds: number;
  formats: FormatResult[];
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
      peakRssGrowthMb: (peakRss - base.rss) / MB,
      peakHeapGrowthMb: (peakHeap - base.heapUsed) / MB,
    };
  } finally {
    clearInterval(timer);
  }
}

/** Seeds a throwaway database of `count` claims with verdicts and streams every format from it. */
export async function benchExport(count: number): Promise<ExportBenchResult> {
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
      'Peak growth is over the memory in use when the format started, sampled every 50 ms; the heap figure includes garbage not yet collected.',
    '',
    '| Claims | Format | Rows | Count (ms) | Size (MB) | Time (s) | CPU (s) | Rows/s | Peak RSS growth (MB) | Peak heap growth (MB) |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const result of results) {
    for (const f of result.formats) {
      lines.push(
        `| ${fmt(result.count)} | ${FORMAT_NAMES[f.format]} | ${fmt(f.rows)} | ${fmt(f.countMs)} | ${fmt(f.bytes / MB, 1)} | ${fmt(f.seconds, 2)} | ${fmt(f.cpuSeconds, 2)} | ` +
          `${fmt(f.rowsPerSecond)} | ${fmt(f.peakRssGrowthMb, 1)} | ${fmt(f.peakHeapGrowthMb, 1)} |`,
      );
    }
  }
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const full = process.argv.includes('--full');
  const counts = full ? [100_000, 1_000_000] : [100_000];
  const command = `npx tsx --expose-gc tests/bench/export.ts${full ? ' --full' : ''}`;
  const results: ExportBenchResult[] = [];
  for (const count of counts) {
    console.log(`Seeding ${count.toLocaleString('en-US')} claims with verdicts and streaming each format…`);
    results.push(await benchExport(count));
  }
  console.log(`\n${describeExportBench(results, command)}\n`);
  if (!(globalThis as { gc?: unknown }).gc) console.log('(Run with --expose-gc for a steadier memory baseline.)');
}
