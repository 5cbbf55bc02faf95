/**
 * npm run factchecks:import -- <file|folder|-> [--dry-run] [--batch-size 1000]
 * Imports fact-checks published elsewhere (ClaimReview JSON-LD, DataFeed, Google Fact Check Tools
 * claims:search answers, HTML pages) into the database named by DATABASE_PATH. The format is
 * detected from the input's start; an input in no known format is refused with one line, exit
 * code 1 and nothing written. Items that cannot be imported are reported with where they are and
 * why; re-running adds nothing twice and rewrites only reviews that changed.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/open';
import { EnvError, parseEnv } from '../lib/env';
import { importUnits, openFactcheckInput, UnknownFormatError, type FactcheckImportCounts } from '../lib/import/factchecks';

/** Skipped items printed one per line before the rest are only counted. */
const SKIP_PRINT_CAP = 1000;
const PROGRESS_EVERY_MS = 250;

class UsageError extends Error {}

function count(value: number): string {
  return value.toLocaleString('en');
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { 'dry-run': { type: 'boolean', default: false }, 'batch-size': { type: 'string', default: '1000' } },
    allowPositionals: true,
    strict: true,
  });
  const [source, ...extra] = positionals;
  if (!source || extra.length > 0) throw new UsageError('Usage: npm run factchecks:import -- <file|folder|-> [--dry-run] [--batch-size N]');
  const batchSize = Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new UsageError('--batch-size: use a whole number from 1 to 10000');
  const env = parseEnv({ ...process.env, NODE_ENV: 'development' });

  // The format is known (or refused) before the database is opened: a wrong file writes nothing.
  const input = await openFactcheckInput(source);
  const dryRun = values['dry-run'];
  const exists = fs.existsSync(env.DATABASE_PATH);
  // A dry run neither creates the database nor migrates it: an empty one stands in for a missing file.
  const db = dryRun ? (exists ? openDatabase(env.DATABASE_PATH, { migrate: false }) : openDatabase(':memory:')) : openDatabase(env.DATABASE_PATH);
  const tty = process.stderr.isTTY === true;
  const started = performance.now();
  let lastProgress = 0;
  let printedSkips = 0;
  const progress = (counts: FactcheckImportCounts & { items: number }, force = false) => {
    const now = performance.now();
    if (!tty || (!force && now - lastProgress < PROGRESS_EVERY_MS)) return;
    lastProgress = now;
    const rate = Math.round(counts.items / Math.max((now - started) / 1000, 0.001));
    process.stderr.write(`\r\u001b[2K  ${count(counts.items)} items · ${count(rate)}/s · ${count(counts.skippedTotal)} skipped`);
  };
  try {
    console.log(`${dryRun ? 'Dry run: reading' : 'Importing'} fact-checks from ${source === '-' ? 'standard input' : source} (${input.format}) into ${env.DATABASE_PATH}…`);
    const counts = await importUnits(db, input.units, {
      dryRun,
      batchSize,
      onSkip: (skip) => {
        printedSkips++;
        if (printedSkips > SKIP_PRINT_CAP) return;
        if (tty) process.stderr.write('\r\u001b[2K');
        console.error(`${skip.where}: skipped: ${skip.reason}`);
      },
      onBatch: (counts) => progress(counts),
      onRetry: (attempt) => console.error(`  the database stayed busy; retrying the batch (attempt ${attempt + 1})`),
    });
    if (tty) process.stderr.write('\r\u001b[2K');
    if (counts.skippedTotal > SKIP_PRINT_CAP) console.error(`… and ${count(counts.skippedTotal - SKIP_PRINT_CAP)} more skipped`);
    const seconds = (performance.now() - started) / 1000;
    const done = counts.added + counts.updated + counts.unchanged;
    const rate = seconds > 0 ? Math.round(done / seconds) : done;
    const verb = dryRun ? 'would be ' : '';
    console.log(
      `${count(counts.added)} ${verb}added, ${count(counts.updated)} ${verb}updated, ${count(counts.unchanged)} unchanged, ${count(counts.skippedTotal)} skipped in ${seconds.toFixed(1)} s (${count(rate)} fact-checks/s)${dryRun ? '; nothing written' : ''}.`,
    );
    if (!dryRun && counts.added + counts.updated > 0) {
      console.log('Their sentence vectors (for "checked before?") are read by the server in the background, or now with `npm run matching:index`.');
    }
  } finally {
    db.$client.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof EnvError || error instanceof UnknownFormatError) console.error(error.message);
  else console.error(`factchecks:import failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
