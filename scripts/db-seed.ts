import { openDatabase } from '../db/open';
import { formatSeedReport, seedDemo } from '../lib/demo/seed';
import { EnvError, parseEnv } from '../lib/env';

/** `npm run db:seed`: migrates the database named by DATABASE_PATH and adds the missing demo data. */
async function main(): Promise<void> {
  const env = parseEnv(process.env);
  const db = openDatabase(env.DATABASE_PATH);
  try {
    const report = await seedDemo(db);
    console.log(`${env.DATABASE_PATH}: ${formatSeedReport(report)}`);
  } finally {
    db.$client.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof EnvError) console.error(error.message);
  else console.error(`db:seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
