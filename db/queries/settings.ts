import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { settings } from '../schema';

export function getSetting(db: DbOrTx, key: string): string | undefined {
  return db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get()?.value;
}

export interface SettingRow {
  key: string;
  value: string;
  version: number;
}

export function listSettings(db: DbOrTx, keys: readonly string[]): SettingRow[] {
  return db
    .select({ key: settings.key, value: settings.value, version: settings.version })
    .from(settings)
    .where(inArray(settings.key, [...keys]))
    .all();
}

/** Writes one setting at the given version (inserting it the first time). */
export function putSetting(db: DbOrTx, key: string, value: string, version: number): void {
  const updatedAt = new Date().toISOString();
  db.insert(settings)
    .values({ key, value, version, updatedAt })
    .onConflictDoUpdate({ target: settings.key, set: { value, version, updatedAt } })
    .run();
}
