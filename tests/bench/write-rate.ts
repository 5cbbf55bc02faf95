import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openDatabase } from '@/db/open';
import { recordAssessment } from '@/lib/review/assessments';
import { AppError } from '@/lib/errors';
import { addEvidence } from '@/lib/review/evidence';
import type { Actor } from '@/lib/auth/permissions';
import { AssessmentInput } from '@/lib/validation/assessment';
import { EvidenceCreate } from '@/lib/validation/evidence';
import { RATING_LABELS } from '@/db/schema';
import { copyDataset, ensureDataset, parseSizes } from './dataset';
import { createRng } from './seed-claims';

/**
 * Write rate under concurrency: several processes, each with its own connection (as several app
 * servers or a server and a script would have), write assessments and evidence through the real
 * domain functions in lib/ against one copy of a data set. Counts acknowledged changes per second
 * and every refusal by kind; SQLITE_BUSY / SQLITE_LOCKED should never happen.
 * Usage: npx tsx --conditions=react-server tests/bench/write-rate.ts [--size 100k] [--processes 1,2,4] [--seconds 5]
 */

const SELF = fileURLToPath(import.meta.url);
/** The claims the workers write to: the latest ones still under review (open to ratings and evidence). */
const CLAIMS_TO_REVIEW = "SELECT id FROM claims WHERE status IN ('in_review', 'ready') ORDER BY id DESC LIMIT 20000";

export interface WorkerReport {
  assessments: number;
  evidence: number;
  busy: number;
  locked: number;
  /** Refusals the domain gives on purpose (a retracted claim, say): not failures of the database. */
  refused: number;
  /** SQLite's extended codes of the busy and locked errors, counted. */
  codes: Record<string, number>;
  other: string[];
  latencies: number[];
  cpuMs: number;
}

export interface WriteRateResult {
  processes: number;
  seconds: number;
  acknowledged: number;
  perSecond: number;
  assessments: number;
  evidence: number;
  busy: number;
  locked: number;
  refused: number;
  other: number;
  p50: number;
  p99: number;
  /** CPU time of the workers per acknowledged change: the cost of one write, free of waiting. */
  cpuMsPerWrite: number;
}

/** One worker: writes as one reviewer for `seconds` from `startAt`, alternating assessments and evidence. */
function runWorker(file: string, reviewerId: number, index: number, startAt: number, seconds: number): WorkerReport {
  const db = openDatabase(file, { migrate: false });
  const claimIds = db.$client.prepare(CLAIMS_TO_REVIEW).pluck().all() as number[];
  const actor: Actor = { kind: 'user', id: reviewerId, role: 'reviewer', name: `Reviewer ${reviewerId}`, email: `r${reviewerId}@bench.test` };
  const rng = createRng(1000 + index);
  const report: WorkerReport = { assessments: 0, evidence: 0, busy: 0, locked: 0, refused: 0, codes: {}, other: [], latencies: [], cpuMs: 0 };

  const cpu = process.cpuUsage();
  const end = startAt + seconds * 1000;
  let n = 0;
  while (Date.now() < end) {
    const claimId = claimIds[Math.floor(rng() * claimIds.length)] as number;
    const started = performance.now();
    try {
      if (n % 2 === 0) {
        const label = RATING_LABELS[Math.floor(rng() * RATING_LABELS.length)] ?? 'mixed';
        recordAssessment(db, actor, AssessmentInput.parse({ claimId, label, confidence: 30 + Math.floor(rng() * 70), rationale: `Write-rate bench ${n}` }));
        report.assessments += 1;
      } else {
        addEvidence(
          db,
          actor,
          EvidenceCreate.parse({ claimId, url: `https://bench.example/${index}/${n}`, title: `Bench evidence ${n}`, stance: 'adds_context', quote: { exact: 'troops', prefix: '', suffix: '' } }),
        );
        report.evidence += 1;
      }
      report.latencies.push(performance.now() - started);
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) report.codes[code] = (report.codes[code] ?? 0) + 1;
      if (code.startsWith('SQLITE_BUSY')) report.busy += 1;
      else if (code.startsWith('SQLITE_LOCKED')) report.locked += 1;
      else if (error instanceof AppError) report.refused += 1;
      else report.other.push(`${code} ${String(error)}`.slice(0, 200));
    }
    n += 1;
  }
  const used = process.cpuUsage(cpu);
  report.cpuMs = (used.user + used.system) / 1000;
  db.$client.close();
  return report;
}

interface Worker {
  ready: Promise<void>;
  start: () => void;
  report: Promise<WorkerReport>;
}

function spawnWorker(args: string[]): Worker {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', SELF, '--worker', ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  let signalReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (signalReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.startsWith('ready\n')) signalReady();
  });
  const report = new Promise<WorkerReport>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.slice('ready\n'.length)) as WorkerReport) : reject(new Error(`a write worker exited with ${code}`)),
    );
  });
  return { ready, start: () => child.stdin.write('go\n'), report };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

/** Writes with 1, 2, 4… processes at once on a private copy of the data set of `count` claims. */
export async function benchWriteRate(count: number, options: { processes?: number[]; seconds?: number } = {}): Promise<WriteRateResult[]> {
  const { processes = [1, 2, 4], seconds = 5 } = options;
  const dataset = await ensureDataset(count);
  const copy = copyDataset(dataset);
  try {
    const results: WriteRateResult[] = [];
    for (const n of processes) {
      const workers = Array.from({ length: n }, (_, i) => {
        const reviewer = dataset.reviewerIds[i % dataset.reviewerIds.length] ?? 1;
        return spawnWorker([copy.file, String(reviewer), String(i), String(seconds)]);
      });
      await Promise.all(workers.map((worker) => worker.ready));
      for (const worker of workers) worker.start();
      const reports = await Promise.all(workers.map((worker) => worker.report));
      const sum = (key: 'assessments' | 'evidence' | 'busy' | 'locked' | 'refused') => reports.reduce((total, r) => total + r[key], 0);
      const latencies = reports.flatMap((r) => r.latencies).sort((a, b) => a - b);
      const acknowledged = sum('assessments') + sum('evidence');
      results.push({
        processes: n,
        seconds,
        acknowledged,
        perSecond: acknowledged / seconds,
        assessments: sum('assessments'),
        evidence: sum('evidence'),
        busy: sum('busy'),
        locked: sum('locked'),
        refused: sum('refused'),
        other: reports.reduce((total, r) => total + r.other.length, 0),
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        cpuMsPerWrite: reports.reduce((total, r) => total + r.cpuMs, 0) / Math.max(1, acknowledged),
      });
      for (const message of new Set(reports.flatMap((r) => r.other))) console.error(`write worker error: ${message}`);
      for (const r of reports) for (const [code, times] of Object.entries(r.codes)) console.error(`${n} processes: ${code} × ${times}`);
    }
    return results;
  } finally {
    copy.remove();
  }
}

export function formatWriteRate(results: WriteRateResult[]): string {
  const f = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
  return [
    '| processes | acknowledged changes/s | assessments | evidence | p50 ms | p99 ms | CPU ms/change | busy | locked | other errors |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.processes} | ${f(r.perSecond)} | ${f(r.assessments)} | ${f(r.evidence)} | ${f(r.p50, 2)} | ${f(r.p99, 2)} | ${f(r.cpuMsPerWrite, 2)} | ${r.busy} | ${r.locked} | ${r.other} |`,
    ),
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const argv = process.argv.slice(2);
  if (argv[0] === '--worker') {
    const [file, reviewer, index, seconds] = argv.slice(1);
    // Loaded and ready: say so, then wait for the word to start, so every worker writes at once.
    process.stdout.write('ready\n');
    await new Promise((resolve) => process.stdin.once('data', resolve));
    const report = runWorker(file ?? '', Number(reviewer), Number(index), Date.now(), Number(seconds));
    process.stdout.write(JSON.stringify(report));
    process.stdin.destroy();
  } else {
    const value = (name: string) => {
      const at = argv.indexOf(`--${name}`);
      return at === -1 ? undefined : argv[at + 1];
    };
    const processes = (value('processes') ?? '1,2,4').split(',').map(Number);
    const seconds = Number(value('seconds') ?? '5');
    for (const count of parseSizes(argv, [100_000])) {
      const results = await benchWriteRate(count, { processes, seconds });
      console.log(`\n${count.toLocaleString('en-US')} claims, ${seconds} s per run, load ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}\n${formatWriteRate(results)}`);
    }
  }
}
