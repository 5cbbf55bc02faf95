/**
 * The environment `npm run demo` gives the server it starts: production mode on the demo's database
 * and secret, and the addresses it serves at. PUBLIC_URL (on which verdict links, ClaimReview and
 * exports are built) is the address served here unless the caller set one (issue 14).
 */
export function demoChildEnv(parent: Record<string, string | undefined>, databasePath: string, port: number, secret: string): NodeJS.ProcessEnv {
  const served = `http://localhost:${port}`;
  return {
    ...parent,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_PATH: databasePath,
    AUTH_SECRET: secret,
    PORT: String(port),
    NEXTAUTH_URL: parent.NEXTAUTH_URL || served,
    PUBLIC_URL: parent.PUBLIC_URL || served,
  };
}
