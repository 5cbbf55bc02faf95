import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { settings } from '../schema';

export function getSetting(db: DbOrTx, key: string): string | undefined {
  return db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get()?.value;
}
