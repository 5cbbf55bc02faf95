/**
 * A separate delivery worker process for the concurrency test: opens the database file given as
 * its argument and runs deliverDue in small batches until nothing is due, then prints how many
 * deliveries it attempted. It stops after 15 s whatever happens, so a broken claim cannot leave it running.
 */
import { openDatabase } from '../../db/open';
import { deliverDue } from '../../lib/webhooks/delivery';

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: delivery-worker-process <database file>');
  const db = openDatabase(file, { migrate: false });
  let total = 0;
  let idle = 0;
  const deadline = Date.now() + 15_000;
  while (idle < 5 && Date.now() < deadline) {
    const sent = await deliverDue(db, { batchSize: 2 });
    total += sent;
    idle = sent === 0 ? idle + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  db.$client.close();
  process.stdout.write(`${total}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
