import 'server-only';
import { getDb } from '@/lib/database';
import { EnvError, getEnv } from './env';
import { startWebhookWorker } from './webhooks/delivery';

/**
 * Validates the environment and opens the database (applying migrations) before the first
 * request, so a bad variable or a broken database stops start-up with one clear line.
 */
export function checkStartup(): void {
  try {
    getEnv();
    getDb();
    startWebhookWorker(getDb);
  } catch (error) {
    console.error(error instanceof EnvError ? error.message : `Cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
