/** Next calls this once when the server starts; the work is Node-only (SQLite). */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkStartup } = await import('./lib/startup');
    checkStartup();
  }
}
