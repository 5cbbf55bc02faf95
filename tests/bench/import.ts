import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../db/open';
import { readClaimsFile } from '../../lib/import/read-claims-file';
import { importClaims } from '../../lib/import/write-claims';

/**
 * Bulk import rate: `npm run bench -- --only import` (or `npx tsx --conditions=react-server tests/bench/import.ts [count]`).
 * Writes a deterministic JSON Lines file of `count` claims (500 claimants, 50 publishers, one
 * appearance each, a figure on one line in five), then imports it into a new database through
 * lib/import — the path `npm run claims:import` takes, batches and pauses included.
 */

export interface ImportBenchResult {
  claims: number;
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
}

const KINDS = ['person', 'government', 'organisation', 'media'] as const;

function day(i: number): string {
  return `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
}

export function writeImportFile(file: string, count: number): void {
  const lines: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const percent = 1 + ((i * 37) % 90);
    lines.push(
      JSON.stringify({
        statement: `Synthetic claim ${i}: the council said spending rose ${percent} percent in district ${i % 97}.`,
        claimant: { name: `Claimant ${i % 500}`, kind: KINDS[i % 4] },
        claimed_on: day(i),
        language: 'en',
        context: 'Bulk import benchmark.',
        ...(i % 5 === 0
          ? { quantity: { measure: `District ${i % 97} spending change`, value: percent, unit: '%', bound: 'exact', modality: 'reported_fact', as_of: '2024-06-30' } }
          : {}),
        appearances: [{ url: `https://news.example/item/${i}`, title: `Report ${i}`, publisher: `Outlet ${i % 50}`, published_on: day(i), quote: 'spending rose' }],
      }),
    );
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

export async function benchImport(count: number): Promise<ImportBenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-import-bench-'));
  try {
    const file = path.join(dir, 'claims.jsonl');
    writeImportFile(file, count);
    const db = openDatabase(path.join(dir, 'bench.db'));
    try {
      const { claims, errors } = await readClaimsFile(file);
      if (errors.length > 0) throw new Error(`the generated file has invalid lines: ${JSON.stringify(errors.slice(0, 3))}`);
      let peak = process.memoryUsage().rss;
      const cpu = process.cpuUsage();
      const started = performance.now();
      const counts = await importClaims(db, claims, { onBatch: () => (peak = Math.max(peak, process.memoryUsage().rss)) });
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      if (counts.imported !== count) throw new Error(`imported ${counts.imported} of ${count}`);
      return { claims: count, seconds, cpuSeconds: (used.user + used.system) / 1e6, peakRssMb: peak / 2 ** 20 };
    } finally {
      db.$client.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function describeImportBench(result: ImportBenchResult): string {
  return [
    '| claims | wall s | claims/s | CPU s | CPU ms a claim | peak RSS MB |',
    '|---:|---:|---:|---:|---:|---:|',
    `| ${result.claims.toLocaleString('en-US')} | ${result.seconds.toFixed(1)} | ${Math.round(result.claims / result.seconds).toLocaleString('en-US')} | ${result.cpuSeconds.toFixed(1)} | ${((result.cpuSeconds * 1000) / result.claims).toFixed(2)} | ${Math.round(result.peakRssMb)} |`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 10_000);
  console.log(describeImportBench(await benchImport(count)));
}
