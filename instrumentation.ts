/** Next calls this once when the server starts; the work is Node-only (SQLite). */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    // Before any request is served: per-address limits read the socket's address from it.
    const { stampPeerAddresses } = await import('./lib/http/peer-address');
    stampPeerAddresses();
    const { checkStartup } = await import('./lib/startup');
    checkStartup();
  }
}
