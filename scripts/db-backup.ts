/**
 * npm run db:backup -- <file>
 * Copies the database named by DATABASE_PATH to <file> while the server keeps running: one
 * consistent point in time, checked before it is given its name.
 */
import { parseArgs } from 'node:util';
import { backupDatabase } from '../db/backup';
import { DatabaseFileError } from '../db/database-check';
import { EnvError, parseEnv } from '../lib/env';

async function main(): Promise<void> {
  const { positionals } = parseArgs({ options: {}, allowPositionals: true, strict: true });
  const [target, ...extra] = positionals;
  if (!target || extra.length > 0) throw new DatabaseFileError('Usage: npm run db:backup -- <file>');
  const env = parseEnv({ ...process.env, NODE_ENV: 'development' });
  const report = await backupDatabase(env.DATABASE_PATH, target);
  const megabytes = (report.bytes / 1024 / 1024).toFixed(1);
  console.log(
    `Backed up ${env.DATABASE_PATH} to ${target} (${megabytes} MB, ${report.claims.toLocaleString('en')} claims, ${report.auditEvents.toLocaleString('en')} audit events, ${report.migrations.length} migrations) in ${report.seconds.toFixed(1)} s; integrity, search index and migrations checked.`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof DatabaseFileError || error instanceof EnvError) console.error(error.message);
  else console.error(`db:backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
