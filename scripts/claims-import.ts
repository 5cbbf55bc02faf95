/**
 * npm run claims:import -- <file.jsonl> [--dry-run] [--skip-invalid] [--batch-size 500]
 * Imports claims from a JSON Lines file into the database named by DATABASE_PATH. Every line is
 * checked first; an invalid line stops the import before anything is written, unless
 * --skip-invalid is given. Claims already recorded (same claimant, statement and date) are skipped.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/open';
import { EnvError, parseEnv } from '../lib/env';
import { readClaimsFile } from '../lib/import/read-claims-file';
import { importClaims, planImport } from '../lib/import/write-claims';

/** How many line errors are printed before the rest are only counted. */
const ERROR_CAP = 50;
const PROGRESS_EVERY_MS = 1000;

class UsageError extends Error {}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      'dry-run': { type: 'boolean', default: false },
      'skip-invalid': { type: 'boolean', default: false },
      'batch-size': { type: 'string', default: '500' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError('Usage: npm run claims:import -- <file.jsonl> [--dry-run] [--skip-invalid] [--batch-size N]');
  const batchSize = Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new UsageError('--batch-size: use a whole number from 1 to 10000');
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) throw new UsageError(`Cannot read ${file}: there is no such file.`);
  const env = parseEnv({ ...process.env, NODE_ENV: 'development' });

  const read = await readClaimsFile(file);
  for (const error of read.errors.slice(0, ERROR_CAP)) console.error(`line ${error.line}: ${error.field}: ${error.message}`);
  if (read.errors.length > ERROR_CAP) console.error(`… and ${plural(read.errors.length - ERROR_CAP, 'more error')}`);
  if (read.records === 0) throw new UsageError(`${file} holds no claims.`);
  if (read.invalidLines > 0 && !values['skip-invalid']) {
    throw new UsageError(
      `Nothing imported: ${plural(read.invalidLines, 'line')} of ${read.records.toLocaleString('en')} ${read.invalidLines === 1 ? 'is' : 'are'} invalid. Fix ${read.invalidLines === 1 ? 'it' : 'them'}, or pass --skip-invalid to import the valid ones.`,
    );
  }
  const skipped = read.invalidLines > 0 ? `, ${plural(read.invalidLines, 'invalid line')} skipped` : '';

  if (values['dry-run']) {
    // A dry run neither creates the database nor migrates it: an empty one stands in for a missing file.
    const exists = fs.existsSync(env.DATABASE_PATH);
    const db = exists ? openDatabase(env.DATABASE_PATH, { migrate: false }) : openDatabase(':memory:');
    try {
      const plan = planImport(db, read.claims);
      console.log(`Dry run on ${env.DATABASE_PATH}${exists ? '' : ' (not created yet)'}: ${plural(plan.imported, 'claim')} would be imported, ${plan.present.toLocaleString('en')} already present${skipped}; nothing written.`);
    } finally {
      db.$client.close();
    }
    return;
  }

  const db = openDatabase(env.DATABASE_PATH);
  try {
    console.log(`Importing ${plural(read.claims.length, 'claim')} from ${file} into ${env.DATABASE_PATH}…`);
    const started = performance.now();
    let lastReport = started;
    const counts = await importClaims(db, read.claims, {
      batchSize,
      onBatch: (progress) => {
        const now = performance.now();
        if (now - lastReport < PROGRESS_EVERY_MS || progress.done === progress.total) return;
        lastReport = now;
        console.log(`  ${progress.done.toLocaleString('en')}/${progress.total.toLocaleString('en')} claims`);
      },
      onRetry: (attempt) => console.error(`  the database stayed busy; retrying the batch (attempt ${attempt + 1})`),
    });
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(counts.imported / seconds) : counts.imported;
    console.log(
      `${counts.imported.toLocaleString('en')} imported, ${counts.present.toLocaleString('en')} already present${skipped} in ${seconds.toFixed(1)} s (${rate.toLocaleString('en')} claims/s).`,
    );
  } finally {
    db.$client.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof EnvError) console.error(error.message);
  else console.error(`claims:import failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
