import { setTimeout as sleep } from 'node:timers/promises';

/** SQLITE_BUSY and its extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_BUSY_RECOVERY, …). */
export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Runs a whole write transaction again when SQLite stayed busy past busy_timeout (another process
 * held the write lock for longer than five seconds). Only for callers that may wait, such as the
 * command-line scripts: `run` must be one transaction, so a refused attempt left nothing behind.
 */
export async function retryWhenBusy<T>(
  run: () => T,
  options: { attempts?: number; delayMs?: number; onRetry?: (attempt: number) => void } = {},
): Promise<T> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return run();
    } catch (error) {
      if (!isBusyError(error) || attempt >= attempts) throw error;
      options.onRetry?.(attempt);
      await sleep((options.delayMs ?? 250) * attempt);
    }
  }
}
