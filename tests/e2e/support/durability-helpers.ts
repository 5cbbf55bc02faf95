import { randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '@/db/open';
import { seedDemo } from '@/lib/demo/seed';
import { createApiKey } from '@/lib/api/keys';
import { demoUser, type DemoRole } from './harness';
import { HttpClient, type ActionResponse, type SecretWatch } from './http-client';

/**
 * Shared by the durability suites (crash-safety, lost-updates): a seeded random source whose seed
 * is printed so a failing run can be repeated, a demo database with API keys made before the server
 * opens it, signed-in clients that survive a server restart, and read-back helpers.
 */

/** mulberry32: small, fast and good enough to choose kill points and writes reproducibly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** DURABILITY_SEED from the environment (to repeat a run), or a fresh one; printed either way. */
export function runSeed(suite: string): number {
  const given = process.env.DURABILITY_SEED;
  const seed = given !== undefined && /^\d+$/.test(given) ? Number(given) : randomInt(2 ** 31);
  console.log(`${suite}: seed ${seed} (repeat with DURABILITY_SEED=${seed})`);
  return seed;
}

export interface PreparedDatabase {
  dir: string;
  dbFile: string;
  authSecret: string;
  /** API keys with the claims:write scope, made through the same domain call as `npm run apikey:create`. */
  apiKeys: string[];
  remove(): void;
}

/** A demo database in a temp folder with `keyCount` API keys, ready for startApp({ dbFile, authSecret }). */
export async function prepareDatabase(keyCount: number): Promise<PreparedDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-durability-'));
  const dbFile = path.join(dir, 'claimbench.db');
  const db = openDatabase(dbFile);
  const apiKeys: string[] = [];
  try {
    await seedDemo(db);
    for (let n = 1; n <= keyCount; n += 1) {
      apiKeys.push(createApiKey(db, null, { name: `Durability CMS ${n}`, scopes: ['claims:write'] }).key);
    }
  } finally {
    db.$client.close();
  }
  return {
    dir,
    dbFile,
    authSecret: randomBytes(36).toString('base64url'),
    apiKeys,
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Signs in once as a demo user (sign-in is rate limited per address), failing loudly if refused. */
export async function signedIn(baseUrl: string, watch: SecretWatch, role: DemoRole, n = 0): Promise<HttpClient> {
  const user = demoUser(role, n);
  const client = new HttpClient(baseUrl, watch);
  const result = await client.signIn(user.email, user.password);
  if (!result.ok) throw new Error(`could not sign in as ${user.email} (status ${result.status})`);
  return client;
}

/** Another client holding the same session, for the same server or for a restarted one. */
export function sameSession(client: HttpClient, baseUrl: string, watch: SecretWatch): HttpClient {
  const copy = new HttpClient(baseUrl, watch);
  copy.copyCookiesFrom(client);
  return copy;
}

/** Reads the app's database with a connection of our own, closed afterwards. */
export function readDb<T>(dbFile: string, read: (sqlite: Database.Database) => T, options: { readonly?: boolean } = {}): T {
  const sqlite = new Database(dbFile, { readonly: options.readonly ?? true, fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  try {
    return read(sqlite);
  } finally {
    sqlite.close();
  }
}

/**
 * What is wrong with the database file as a whole: SQLite's integrity check, foreign keys, and the
 * full-text index checked both on its own and against the claims it indexes. Needs a writable
 * connection (FTS5's checks are INSERT commands); nothing is changed.
 */
export function integrityProblems(dbFile: string): string[] {
  return readDb(
    dbFile,
    (sqlite) => {
      const problems: string[] = [];
      const integrity = sqlite.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
      if (integrity.length !== 1 || integrity[0]?.integrity_check !== 'ok') {
        problems.push(`PRAGMA integrity_check: ${integrity.map((row) => row.integrity_check).join('; ')}`);
      }
      const foreignKeys = sqlite.pragma('foreign_key_check') as unknown[];
      if (foreignKeys.length > 0) problems.push(`PRAGMA foreign_key_check: ${JSON.stringify(foreignKeys.slice(0, 5))}`);
      for (const [label, statement] of [
        ['FTS integrity-check', "INSERT INTO claims_fts(claims_fts) VALUES('integrity-check')"],
        ['FTS integrity-check against the claims', "INSERT INTO claims_fts(claims_fts, rank) VALUES('integrity-check', 1)"],
      ] as const) {
        try {
          sqlite.exec(statement);
        } catch (error) {
          problems.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      return problems;
    },
    { readonly: false },
  );
}

/** Rows that are written with one audit event each: table, the events' entity type, the creating actions. */
const AUDITED_ROWS = [
  { table: 'claims', entityType: 'claim', actions: ['claim.create'] },
  { table: 'appearances', entityType: 'appearance', actions: ['appearance.create'] },
  { table: 'evidence', entityType: 'evidence', actions: ['evidence.create'] },
  { table: 'disagreement_comments', entityType: 'comment', actions: ['comment.create'] },
  { table: 'assessments', entityType: 'assessment', actions: ['assessment.create', 'assessment.update'] },
  { table: 'sources', entityType: 'source', actions: ['source.create'] },
] as const;

/**
 * What the audit log and the rows disagree on, across the whole database: every row above has
 * exactly one creating event and every such event its row; and each claim's status and disputed
 * flag are what its last audited change set them to (so no change to them went unrecorded).
 */
export function auditProblems(dbFile: string): string[] {
  return readDb(dbFile, (sqlite) => {
    const problems: string[] = [];
    for (const { table, entityType, actions } of AUDITED_ROWS) {
      const inList = actions.map(() => '?').join(', ');
      const wrong = sqlite
        .prepare(
          `SELECT t.id, (SELECT count(*) FROM audit_events e WHERE e.entity_type = ? AND e.entity_id = t.id AND e.action IN (${inList})) AS events
           FROM ${table} t WHERE events <> 1 LIMIT 5`,
        )
        .all(entityType, ...actions) as { id: number; events: number }[];
      for (const row of wrong) problems.push(`${table} ${row.id} has ${row.events} ${actions.join('/')} events`);
      const orphans = sqlite
        .prepare(`SELECT e.id, e.entity_id AS entityId FROM audit_events e WHERE e.entity_type = ? AND e.action IN (${inList}) AND NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.id = e.entity_id) LIMIT 5`)
        .all(entityType, ...actions) as { id: number; entityId: number }[];
      for (const orphan of orphans) problems.push(`audit event ${orphan.id} records ${entityType} ${orphan.entityId}, which does not exist`);
    }
    const claims = sqlite
      .prepare(
        `WITH states AS (
           SELECT claim_id AS claimId, id,
             CASE WHEN action IN ('claim.create', 'claim.review_state') THEN json_extract("after", '$.status')
                  WHEN action LIKE 'verdict.%' THEN json_extract("after", '$.claimStatus') END AS status,
             CASE WHEN action IN ('claim.create', 'claim.review_state') THEN json_extract("after", '$.disputed') END AS disputed
           FROM audit_events WHERE claim_id IS NOT NULL AND entity_type IN ('claim', 'verdict'))
         SELECT c.id, c.status, c.disputed,
           (SELECT status FROM states s WHERE s.claimId = c.id AND s.status IS NOT NULL ORDER BY s.id DESC LIMIT 1) AS auditedStatus,
           (SELECT disputed FROM states s WHERE s.claimId = c.id AND s.disputed IS NOT NULL ORDER BY s.id DESC LIMIT 1) AS auditedDisputed
         FROM claims c`,
      )
      .all() as { id: number; status: string; disputed: number; auditedStatus: string | null; auditedDisputed: number | null }[];
    for (const claim of claims) {
      if (claim.status !== claim.auditedStatus || Number(claim.disputed) !== Number(claim.auditedDisputed)) {
        problems.push(`claim ${claim.id} is ${claim.status}/disputed=${claim.disputed} but its audit log says ${claim.auditedStatus}/disputed=${claim.auditedDisputed}`);
      }
    }
    return problems;
  });
}

/** A server action's reply classified: applied, refused with a form error, or something else. */
export type ActionOutcome =
  | { kind: 'ok' }
  | { kind: 'refused'; message: string; fieldErrors: Record<string, string[]>; values: Record<string, string> }
  | { kind: 'broken'; detail: string };

export function actionOutcome(response: ActionResponse): ActionOutcome {
  const result = response.result as
    | { ok?: boolean; message?: string; fieldErrors?: Record<string, string[]>; values?: Record<string, string> }
    | null
    | undefined;
  if (response.status !== 200 || response.error !== undefined || !result || typeof result.ok !== 'boolean') {
    return { kind: 'broken', detail: `HTTP ${response.status}${response.error ? `, error row ${response.error}` : ''}: ${response.body.slice(0, 300)}` };
  }
  if (result.ok) return { kind: 'ok' };
  return { kind: 'refused', message: result.message ?? '', fieldErrors: result.fieldErrors ?? {}, values: result.values ?? {} };
}

/** Server log lines that show the database refusing work (SQLITE_BUSY and friends). */
export function lockingErrors(logs: string): string[] {
  return logs.split('\n').filter((line) => /database is locked|SQLITE_BUSY|SQLITE_LOCKED/i.test(line));
}

/** A unique, FTS-searchable token ("dur3r00042k9f2a1c"): fixed width, so no marker contains another. */
export function markerFactory(prefix: string): (round: number) => string {
  let sequence = 0;
  return (round) => {
    sequence += 1;
    return `${prefix}${round}r${String(sequence).padStart(5, '0')}k${randomBytes(3).toString('hex')}`;
  };
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
