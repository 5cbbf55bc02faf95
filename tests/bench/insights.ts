/**
 * The insights page's data at scale: `npx tsx --conditions=react-server tests/bench/insights.ts [--size 100k]`
 * (also `npm run bench -- --only insights`). Opens the cached data set (tests/bench/dataset.ts) and
 * times lib/insights' loader in process, as the page calls it: the editor's view (team agreement with
 * both bootstrap intervals, by month, kind and measure, and everyone's calibration) and a reviewer's
 * own view, each cold (the data version moved, so everything is computed) and warm (the same data
 * version, answered from the loader's cache). Wall and CPU time of the call.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '@/db/open';
import { loadInsights } from '@/lib/insights/insights-page';
import type { Actor } from '@/lib/auth/permissions';
import { BENCH_EDITOR, BENCH_REVIEWER, copyDataset, describeDataset, ensureDataset, parseSizes } from './dataset';

export interface InsightsTiming {
  scenario: string;
  runs: number;
  p50: number;
  p99: number;
  max: number;
  cpuP50: number;
}

export interface InsightsBenchResult {
  count: number;
  dataset: string;
  currentAssessments: number;
  pairableClaims: number;
  timings: InsightsTiming[];
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};

export async function benchInsights(count: number): Promise<InsightsBenchResult> {
  const dataset = await ensureDataset(count);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-insights-bench-'));
  const copy = copyDataset(dataset, dir);
  const db = openDatabase(copy.file);
  try {
    const actorOf = (email: string): Actor => {
      const row = db.$client.prepare('SELECT id, role, name, email FROM users WHERE email = ?').get(email) as { id: number; role: 'editor'; name: string; email: string };
      return { kind: 'user', ...row };
    };
    const editor = actorOf(BENCH_EDITOR);
    const reviewer = actorOf(BENCH_REVIEWER);
    // A change on this connection moves the data version (total_changes), so the next call computes afresh.
    db.$client.exec('CREATE TEMP TABLE bench_bump (x INTEGER)');
    const bump = db.$client.prepare('INSERT INTO temp.bench_bump VALUES (1)');
    const time = (scenario: string, runs: number, cold: boolean, call: () => unknown): InsightsTiming => {
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < runs + 2; i++) {
        if (cold) bump.run();
        const startCpu = process.cpuUsage();
        const start = performance.now();
        call();
        const elapsed = performance.now() - start;
        const used = process.cpuUsage(startCpu);
        if (i < 2) continue; // warm-up: JIT and SQLite's page cache
        wall.push(elapsed);
        cpu.push((used.user + used.system) / 1000);
      }
      return { scenario, runs, p50: quantile(wall, 0.5), p99: quantile(wall, 0.99), max: Math.max(...wall), cpuP50: quantile(cpu, 0.5) };
    };
    const timings = [
      time('editor, all time, cold', 10, true, () => loadInsights(db, editor, { period: 'all' })),
      time('editor, all time, warm', 200, false, () => loadInsights(db, editor, { period: 'all' })),
      time('editor, last 90 days, cold', 10, true, () => loadInsights(db, editor, { period: '90d' })),
      time('reviewer (own calibration), cold', 10, true, () => loadInsights(db, reviewer, { period: 'all' })),
    ];
    const currentAssessments = db.$client.prepare('SELECT count(*) FROM assessments WHERE superseded_at IS NULL').pluck().get() as number;
    const pairableClaims = loadInsights(db, editor, { period: 'all' }).team?.claims ?? 0;
    return { count, dataset: describeDataset(dataset), currentAssessments, pairableClaims, timings };
  } finally {
    db.$client.close();
    copy.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function formatInsightsBench(result: InsightsBenchResult): string {
  const ms = (value: number) => value.toFixed(1);
  return [
    `### ${result.count.toLocaleString('en-US')} claims`,
    '',
    `Data: ${result.dataset}; ${result.currentAssessments.toLocaleString('en-US')} current assessments, ${result.pairableClaims.toLocaleString('en-US')} claims with two or more.`,
    '',
    '| scenario | runs | p50 ms | p99 ms | max ms | CPU p50 ms |',
    '|---|---:|---:|---:|---:|---:|',
    ...result.timings.map((t) => `| ${t.scenario} | ${t.runs} | ${ms(t.p50)} | ${ms(t.p99)} | ${ms(t.max)} | ${ms(t.cpuP50)} |`),
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const count of parseSizes(process.argv.slice(2), [100_000])) console.log(formatInsightsBench(await benchInsights(count)));
}
