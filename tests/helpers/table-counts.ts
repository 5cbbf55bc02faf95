import type { Db } from '@/db/open';

/**
 * Row counts of every table but SQLite's own and the FTS indexes' shadow tables: a refused change
 * must leave all of them as they were, audit_events included.
 */
export function tableCounts(db: Db): Record<string, number> {
  const client = db.$client;
  const names = client
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    names
      .filter((name) => !/_fts_(data|idx|docsize|config|content)$/.test(name))
      .map((name) => [name, client.prepare(`SELECT count(*) FROM "${name}"`).pluck().get() as number]),
  );
}
