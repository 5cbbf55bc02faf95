import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../db/open';
import { importFactchecks, importUnits, openFactcheckInput } from '../../lib/import/factchecks';
import { copyDataset, ensureDataset } from './dataset';

/**
 * Fact-check import: `npm run bench -- --only import-factchecks [--size 100k]`.
 * (a) rate: `RATE_ITEMS` generated ClaimReview objects imported through `importFactchecks` into a
 *     copy of the data set of `claims` desk claims, with the command's defaults (batches of 1,000,
 *     the 120 ms pause between batches that lets the server's writers in), then the same items
 *     again (all unchanged: the cost of a re-run);
 * (b) memory: a generated JSON Lines file of `streamItems` claims:search-style lines, detected and
 *     streamed through `openFactcheckInput` + `importUnits` into a new database, with the peak RSS
 *     sampled at every batch and, at each tenth of the file, the JavaScript heap in use and the
 *     resident memory split as Linux counts it (/proc/self/status): anonymous (the process's own)
 *     and file-backed (pages of the database file mapped by SQLite's mmap, which grow with the file
 *     and which the kernel can drop).
 */

export const RATE_ITEMS = 50_000;
const RATINGS = ['False', 'Mostly false', 'Misleading', 'True', 'Half true', 'Pants on Fire!', 'Falso', 'Sin pruebas'];

function claimReview(i: number) {
  const site = `checker${i % 40}.example`;
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: `https://${site}/fact-check/${i}/?utm_source=feed`,
    name: `Fact check ${i}: no, the figure was not ${i % 97} percent`,
    claimReviewed: `Synthetic viral claim ${i}: spending in district ${i % 97} rose ${1 + ((i * 37) % 90)} percent last year.`,
    author: { '@type': 'Organization', name: `Checker ${i % 40}`, url: `https://${site}/` },
    itemReviewed: { '@type': 'Claim', author: { '@type': 'Person', name: `Claimant ${i % 500}` }, datePublished: '2024-03-01' },
    reviewRating: { '@type': 'Rating', alternateName: RATINGS[i % RATINGS.length], ratingValue: 1 + (i % 5), bestRating: 5, worstRating: 1 },
    datePublished: '2024-03-04T10:11:12.123456+00:00',
    inLanguage: 'en',
  };
}

export interface FactcheckBenchResult {
  claims: number;
  items: number;
  seconds: number;
  cpuSeconds: number;
  rerunSeconds: number;
  streamItems: number;
  streamSeconds: number;
  streamFileMb: number;
  peakRssMb: number;
  baseRssMb: number;
  /** Memory at each tenth of the streamed file. */
  curve: MemoryPoint[];
}

export interface MemoryPoint {
  items: number;
  heapMb: number;
  anonMb: number;
  fileMb: number;
}

/** RssAnon and RssFile of this process in MB (Linux; 0 where /proc is not there). */
function residentSplit(): { anonMb: number; fileMb: number } {
  let status = '';
  try {
    status = fs.readFileSync('/proc/self/status', 'utf8');
  } catch {
    return { anonMb: 0, fileMb: 0 };
  }
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { anonMb: kb('RssAnon') / 1024, fileMb: kb('RssFile') / 1024 };
}

function cpu(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

export async function benchFactcheckImport(claims: number, streamItems: number): Promise<FactcheckBenchResult> {
  const dataset = await ensureDataset(claims);
  const copy = copyDataset(dataset);
  const items = Array.from({ length: RATE_ITEMS }, (_, i) => claimReview(i));
  let seconds: number;
  let cpuSeconds: number;
  let rerunSeconds: number;
  try {
    const db = openDatabase(copy.file);
    try {
      const started = performance.now();
      const usage = process.cpuUsage();
      const counts = await importFactchecks(db, items);
      seconds = (performance.now() - started) / 1000;
      cpuSeconds = cpu(usage);
      if (counts.added !== RATE_ITEMS) throw new Error(`added ${counts.added} of ${RATE_ITEMS}`);
      const again = performance.now();
      const rerun = await importFactchecks(db, items);
      rerunSeconds = (performance.now() - again) / 1000;
      if (rerun.unchanged !== RATE_ITEMS) throw new Error(`a re-run changed ${RATE_ITEMS - rerun.unchanged} items`);
    } finally {
      db.$client.close();
    }
  } finally {
    copy.remove();
  }
  items.length = 0;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-factcheck-bench-'));
  try {
    const file = path.join(dir, 'factchecks.jsonl');
    const out = fs.createWriteStream(file);
    for (let i = 0; i < streamItems; i++) {
      const review = claimReview(RATE_ITEMS + i);
      const line = JSON.stringify({ claims: [{ text: review.claimReviewed, claimant: `Claimant ${i % 500}`, claimDate: '2024-03-01', claimReview: [{ publisher: { name: review.author.name, site: review.author.url }, url: review.url, title: review.name, reviewDate: '2024-03-04', textualRating: review.reviewRating.alternateName, languageCode: 'en' }] }] });
      if (!out.write(`${line}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    await new Promise<void>((resolve) => out.end(() => resolve()));
    const streamFileMb = fs.statSync(file).size / 2 ** 20;
    global.gc?.();
    const baseRss = process.memoryUsage().rss;
    let peak = baseRss;
    const db = openDatabase(path.join(dir, 'stream.db'));
    try {
      const started = performance.now();
      const input = await openFactcheckInput(file);
      const curve: MemoryPoint[] = [];
      const step = streamItems / 10;
      const counts = await importUnits(db, input.units, {
        pauseMs: 0,
        onBatch: ({ items }) => {
          peak = Math.max(peak, process.memoryUsage().rss);
          if (items >= (curve.length + 1) * step) curve.push({ items, heapMb: process.memoryUsage().heapUsed / 2 ** 20, ...residentSplit() });
        },
      });
      const streamSeconds = (performance.now() - started) / 1000;
      if (counts.added !== streamItems) throw new Error(`streamed ${counts.added} of ${streamItems}`);
      return { claims, items: RATE_ITEMS, seconds, cpuSeconds, rerunSeconds, streamItems, streamSeconds, streamFileMb, peakRssMb: peak / 2 ** 20, baseRssMb: baseRss / 2 ** 20, curve };
    } finally {
      db.$client.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function describeFactcheckBench(r: FactcheckBenchResult): string {
  const n = (value: number) => Math.round(value).toLocaleString('en-US');
  return [
    '| desk claims | fact-checks | wall s | fact-checks/s | CPU ms a fact-check | re-run (all unchanged) s | re-run/s |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    `| ${n(r.claims)} | ${n(r.items)} | ${r.seconds.toFixed(1)} | ${n(r.items / r.seconds)} | ${((r.cpuSeconds * 1000) / r.items).toFixed(2)} | ${r.rerunSeconds.toFixed(1)} | ${n(r.items / r.rerunSeconds)} |`,
    '',
    '| streamed JSON Lines items | file MB | wall s | items/s | RSS before MB | peak RSS MB |',
    '|---:|---:|---:|---:|---:|---:|',
    `| ${n(r.streamItems)} | ${n(r.streamFileMb)} | ${r.streamSeconds.toFixed(1)} | ${n(r.streamItems / r.streamSeconds)} | ${n(r.baseRssMb)} | ${n(r.peakRssMb)} |`,
    '',
    'Memory along the stream (at each tenth of the file): flat memory is a flat heap and a flat anonymous RSS; the',
    "file-backed RSS is the database file's pages that SQLite's mmap has touched, which grow with the file.",
    '',
    '| items read | JS heap used MB | anonymous RSS MB | file-backed RSS MB |',
    '|---:|---:|---:|---:|',
    ...r.curve.map((point) => `| ${n(point.items)} | ${n(point.heapMb)} | ${n(point.anonMb)} | ${n(point.fileMb)} |`),
  ].join('\n');
}
