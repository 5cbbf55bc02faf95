import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** The handle a transaction callback receives; queries accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations');

/** SQLite's `synchronous` levels Claimbench offers (DATABASE_SYNCHRONOUS in lib/env.ts). */
export type SynchronousMode = 'NORMAL' | 'FULL';

export interface OpenOptions {
  /** Apply the committed migrations (default true). */
  migrate?: boolean;
  /** When a commit reaches the disk (default NORMAL; see README, "Durability"). */
  synchronous?: SynchronousMode;
}

/**
 * Every transaction this app runs writes (reads need none: a statement sees one snapshot). Begun
 * DEFERRED, as better-sqlite3 and drizzle do by default, a transaction starts as a reader and asks
 * for the write lock at its first write; when another connection writes meanwhile, SQLite answers
 * SQLITE_BUSY (or SQLITE_BUSY_SNAPSHOT) at once, without waiting out busy_timeout, because waiting
 * could not help a reader whose snapshot is stale. BEGIN IMMEDIATE takes the write lock first, so
 * concurrent writers (several servers, a script beside the app) queue instead of failing
 * (tests/bench/write-rate.ts counts them). Drizzle calls the `deferred` variant unless told
 * otherwise, so every variant but `exclusive` runs the immediate one.
 */
function beginTransactionsImmediately(sqlite: Database.Database): void {
  const transaction = sqlite.transaction.bind(sqlite);
  type Fn = Parameters<Database.Database['transaction']>[0];
  sqlite.transaction = ((fn: Fn) => {
    const versions = transaction(fn);
    const immediate = versions.immediate;
    return Object.assign((...args: Parameters<Fn>) => immediate(...args), {
      default: immediate,
      deferred: immediate,
      immediate,
      exclusive: versions.exclusive,
      database: sqlite,
    });
  }) as unknown as Database.Database['transaction'];
}

/**
 * Opens a SQLite file (creating its folder), sets the pragmas every connection needs and applies
 * the committed migrations. The app opens its one connection through db/client.ts; scripts and
 * tests call this directly with their own path.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  // Pages are read through a memory map rather than one read() call each: a public API read
  // touches a few dozen pages scattered over a file much larger than SQLite's page cache (see
  // BENCHMARKS.md, "API reads under load"). 2 GiB is the most
  // better-sqlite3's build allows (larger values are clamped); a larger file reads the rest as before.
  sqlite.pragma('mmap_size = 2147483648');
  sqlite.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a process crash loses nothing committed; power loss may lose the last
  // transactions but never corrupts the file. FULL also fsyncs the WAL at every commit.
  sqlite.pragma(`synchronous = ${options.synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  beginTransactionsImmediately(sqlite);
  const db = drizzle(sqlite, { schema }) as Db;
  if (options.migrate !== false) migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return db;
}
