/**
 * npm run db:restore -- <backup> --force
 * Replaces the database named by DATABASE_PATH with a backup made by db:backup. Stop the server
 * first: the restore refuses while any connection has the database open. The replaced database
 * is kept beside it as <database>.before-restore-<timestamp>. Revocations made since the backup
 * (revoked keys, disabled or demoted users, ended sessions, deactivated webhooks) are carried
 * forward, and listed.
 */
import { parseArgs } from 'node:util';
import { DatabaseFileError } from '../db/database-check';
import { restoreDatabase } from '../db/restore';
import { describeCarried } from '../db/restore-revocations';
import { EnvError, parseEnv } from '../lib/env';

function main(): void {
  const { values, positionals } = parseArgs({ options: { force: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
  const [backup, ...extra] = positionals;
  if (!backup || extra.length > 0) throw new DatabaseFileError('Usage: npm run db:restore -- <backup> [--force]');
  const env = parseEnv({ ...process.env, NODE_ENV: 'development' });
  const report = restoreDatabase(backup, env.DATABASE_PATH, { force: values.force });
  const migrated = report.migrated > 0 ? `, brought forward by ${report.migrated} migration(s)` : '';
  const kept = report.keptAs ? ` The replaced database is kept as ${report.keptAs}.` : '';
  console.log(
    `Restored ${backup} into ${env.DATABASE_PATH} (${report.claims.toLocaleString('en')} claims, ${report.auditEvents.toLocaleString('en')} audit events${migrated}).${kept}`,
  );
  if (report.carried) {
    const lines = describeCarried(report.carried);
    console.log(lines.length > 0 ? ['Carried forward from the replaced database:', ...lines].join('\n  ') : 'Nothing revoked in the replaced database needed carrying forward.');
  } else if (report.keptAs) {
    console.log('The replaced database could not be read: no revocations were carried forward. Check API keys and users.');
  }
}

try {
  main();
} catch (error: unknown) {
  if (error instanceof DatabaseFileError || error instanceof EnvError) console.error(error.message);
  else console.error(`db:restore failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
