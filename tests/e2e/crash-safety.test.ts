import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './support/harness';
import {
  actionOutcome,
  auditProblems,
  delay,
  integrityProblems,
  markerFactory,
  prepareDatabase,
  readDb,
  runSeed,
  sameSession,
  seededRandom,
  signedIn,
  type PreparedDatabase,
} from './support/durability-helpers';
import { SecretWatch, type HttpClient } from './support/http-client';

/**
 * Issue 5, reliability test 1: the built server on a temp database takes concurrent writes through
 * the API (claim submissions with an API key) and through the UI's server actions (evidence,
 * comments, assessments by signed-in reviewers and an editor), and is killed with SIGKILL at a
 * seeded random moment. On the file the crash left: every acknowledged write is there with exactly
 * one audit event, every unacknowledged one is wholly there or wholly absent, SQLite's and the
 * full-text index's integrity checks pass. After the restart, on the same database: retries with
 * the same Idempotency-Key replay the first answer and create nothing, and search finds the
 * submissions. Several rounds, each killed at another point.
 */

const ROUNDS = 3;
/**
 * The kill point starts counting once this many writes, at least one of each kind, are
 * acknowledged, so every round has some of each to check (or after ACK_WAIT_MS at most).
 */
const MIN_ACKS_BEFORE_KILL = 6;
const ACK_WAIT_MS = 60_000;
/** The kill comes at a random moment up to this long after that. */
const MAX_KILL_DELAY_MS = 1_500;
const API_WRITERS = 3;
/** Server-action writers per signed-in person (two reviewers and an editor). */
const ACTION_WRITERS_EACH = 2;
/** Acknowledged submissions re-sent after each restart (all unacknowledged ones are re-sent too). */
const REPLAYS_PER_ROUND = 12;
const SERVER_ENV = { API_RATE_LIMIT: '1000000' };

type Kind = 'submission' | 'evidence' | 'comment' | 'assessment';

interface Write {
  kind: Kind;
  round: number;
  marker: string;
  /** A 2xx answer (API) or `{ ok: true }` (action) reached the client. */
  acked: boolean;
  /** Anything but an acknowledgement or a failure caused by the kill: always a finding. */
  problem?: string;
  /** Submissions: the API key that sent it, its Idempotency-Key and body, the id answered and the id found after the crash. */
  apiKey?: string;
  key?: string;
  body?: string;
  id?: number;
  foundId?: number;
}

/** Where each kind of write lands: its table, the column holding the marker, its audit actions. */
const LANDS: Record<Kind, { table: string; column: string; actions: string[] }> = {
  submission: { table: 'claims', column: 'statement', actions: ['claim.create'] },
  evidence: { table: 'evidence', column: 'title', actions: ['evidence.create'] },
  comment: { table: 'disagreement_comments', column: 'body', actions: ['comment.create'] },
  assessment: { table: 'assessments', column: 'rationale', actions: ['assessment.create', 'assessment.update'] },
};

const LABELS = ['accurate', 'mostly_accurate', 'mixed', 'mostly_inaccurate', 'inaccurate', 'unverifiable'];
const STANCES = ['supports', 'refutes', 'adds_context'];

let prepared: PreparedDatabase;
let app: RunningApp;
let watch: SecretWatch;
let random: () => number;
let seed: number;
let signedInClients: HttpClient[] = [];
/** Claims open for evidence and ratings (not published), and an open disagreement to comment on. */
let openClaims: number[] = [];
let disagreement: { id: number; claimId: number };
const writes: Write[] = [];
/** Set once SIGKILL is sent: requests failing from then on were cut off by the kill. */
let killed = false;
const nextMarker = markerFactory('crash');

const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

beforeAll(async () => {
  seed = runSeed('crash-safety');
  random = seededRandom(seed);
  prepared = await prepareDatabase(2);
  app = await startApp({ dbFile: prepared.dbFile, authSecret: prepared.authSecret, env: SERVER_ENV });
  watch = new SecretWatch(app.dbFile, [app.authSecret, ...prepared.apiKeys]);
  signedInClients = [await signedIn(app.baseUrl, watch, 'reviewer', 0), await signedIn(app.baseUrl, watch, 'reviewer', 1), await signedIn(app.baseUrl, watch, 'editor')];
  readDb(app.dbFile, (sqlite) => {
    openClaims = sqlite.prepare("SELECT id FROM claims WHERE status IN ('draft', 'in_review') ORDER BY id").pluck().all() as number[];
    disagreement = sqlite.prepare("SELECT id, claim_id AS claimId FROM disagreements WHERE status = 'open' ORDER BY id LIMIT 1").get() as typeof disagreement;
  });
  expect(openClaims.length).toBeGreaterThan(2);
  expect(disagreement).toBeDefined();
});

afterAll(async () => {
  await app?.stop();
  prepared?.remove();
});

/** One claim submission through the API, recorded before it is sent. */
async function submit(round: number, key: string, roundClaimant: string): Promise<Write> {
  const marker = nextMarker(round);
  const body = JSON.stringify({
    statement: `The ministry said ${marker} in its briefing.`,
    claimant: { name: roundClaimant, kind: 'government' },
    appearance: { url: `https://news.example/${marker}`, quote: `As quoted: ${marker}.` },
  });
  const write: Write = { kind: 'submission', round, marker, acked: false, apiKey: key, key: `crash-${marker}`, body };
  writes.push(write);
  await attempt(write, async () => {
    const answer = await post(write);
    if (answer.status === 201) {
      write.acked = true;
      write.id = answer.id;
    } else {
      write.problem = `POST /api/v1/claims answered ${answer.status}: ${answer.text.slice(0, 300)}`;
    }
  });
  return write;
}

/** Runs a request; a failure is unacknowledged if the kill caused it and a finding if not. */
async function attempt(write: Write, request: () => Promise<void>): Promise<void> {
  try {
    await request();
  } catch (error) {
    if (!killed) write.problem = `request failed before the kill: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Sends (or re-sends) a submission with its API key and Idempotency-Key. */
async function post(write: Write): Promise<{ status: number; replayed: string | null; id?: number; text: string }> {
  const response = await fetch(`${app.baseUrl}/api/v1/claims`, {
    method: 'POST',
    headers: { authorization: `Bearer ${write.apiKey!}`, 'content-type': 'application/json', 'idempotency-key': write.key! },
    body: write.body,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  watch.check('/api/v1/claims', text);
  const id = response.status === 201 ? (JSON.parse(text) as { id: number }).id : undefined;
  return { status: response.status, replayed: response.headers.get('idempotent-replayed'), id, text };
}

/** One server action by a signed-in person: evidence, a comment or an assessment. */
async function act(round: number, client: HttpClient): Promise<Write> {
  const marker = nextMarker(round);
  const roll = random();
  const claimId = pick(openClaims);
  const [kind, name, page, fields]: [Kind, string, string, Record<string, string>] =
    roll < 1 / 3
      ? [
          'evidence',
          'addEvidenceAction',
          `/claims/${claimId}`,
          { claimId: String(claimId), url: `https://evidence.example/${marker}`, title: `Evidence ${marker}`, stance: pick(STANCES), note: `Note ${marker}`, 'quote.exact': `exact ${marker}` },
        ]
      : roll < 2 / 3
        ? ['comment', 'commentAction', `/claims/${disagreement.claimId}`, { disagreementId: String(disagreement.id), body: `Comment ${marker}` }]
        : [
            'assessment',
            'assessAction',
            `/claims/${claimId}`,
            { claimId: String(claimId), label: pick(LABELS), confidence: String(Math.floor(random() * 101)), rationale: `Rationale ${marker}` },
          ];
  const write: Write = { kind, round, marker, acked: false };
  writes.push(write);
  await attempt(write, async () => {
    const outcome = actionOutcome(await client.action(name, page, fields));
    if (outcome.kind === 'ok') write.acked = true;
    else write.problem = `${name} ${outcome.kind}: ${outcome.kind === 'refused' ? `${outcome.message} ${JSON.stringify(outcome.fieldErrors)}` : outcome.detail}`;
  });
  return write;
}

/** Runs the writers until the seeded kill point, kills the server with SIGKILL, waits for every writer. */
async function writeUntilKilled(round: number, roundClaimant: string): Promise<{ killDelayMs: number; acksAtKill: number }> {
  killed = false;
  let acks = 0;
  const ackedKinds = new Set<Kind>();
  const loop = async (write: () => Promise<Write>) => {
    while (!killed) {
      const done = await write();
      if (done.acked) {
        acks += 1;
        ackedKinds.add(done.kind);
      }
    }
  };
  const clients = signedInClients.flatMap((client) => Array.from({ length: ACTION_WRITERS_EACH }, () => sameSession(client, app.baseUrl, watch)));
  const loops = [
    ...Array.from({ length: API_WRITERS }, (_, n) => loop(() => submit(round, prepared.apiKeys[n % prepared.apiKeys.length]!, roundClaimant))),
    ...clients.map((client) => loop(() => act(round, client))),
  ];
  const killDelayMs = Math.floor(random() * MAX_KILL_DELAY_MS);
  const deadline = Date.now() + ACK_WAIT_MS;
  while ((acks < MIN_ACKS_BEFORE_KILL || ackedKinds.size < Object.keys(LANDS).length) && Date.now() < deadline) await delay(20);
  await delay(killDelayMs);
  const acksAtKill = acks;
  // kill() sends SIGKILL before it first waits; the cut-off requests fail on later ticks.
  const kill = app.kill();
  killed = true;
  await kill;
  await Promise.all(loops);
  return { killDelayMs, acksAtKill };
}

/** Checks the file as the crash left it (the server is gone); returns every problem found. */
function checkCrashedDatabase(round: number, roundClaimant: string): string[] {
  const problems = [...integrityProblems(prepared.dbFile), ...auditProblems(prepared.dbFile)];
  readDb(prepared.dbFile, (sqlite) => {
    const countOf = (sql: string, ...params: unknown[]) => sqlite.prepare(sql).pluck().get(...params) as number;
    for (const write of writes.filter((w) => w.round === round)) {
      const land = LANDS[write.kind];
      const like = `%${write.marker}%`;
      const rows = sqlite.prepare(`SELECT id FROM ${land.table} WHERE ${land.column} LIKE ?`).pluck().all(like) as number[];
      const events = countOf(
        `SELECT count(*) FROM audit_events WHERE action IN (${land.actions.map(() => '?').join(', ')}) AND "after" LIKE ?`,
        ...land.actions,
        like,
      );
      const what = `${write.acked ? 'acknowledged' : 'unacknowledged'} ${write.kind} ${write.marker}`;
      if (write.acked && rows.length !== 1) problems.push(`${what}: ${rows.length} rows after the crash`);
      if (rows.length > 1) problems.push(`${what}: written ${rows.length} times`);
      if (events !== rows.length) problems.push(`${what}: ${rows.length} rows but ${events} ${land.actions.join('/')} audit events`);
      if (write.kind !== 'submission') continue;

      write.foundId = rows[0];
      if (write.acked && rows.length === 1 && rows[0] !== write.id) problems.push(`${what}: answered id ${write.id} but stored as ${rows[0]}`);
      const appearances = countOf('SELECT count(*) FROM appearances WHERE quote LIKE ?', like);
      const appearanceEvents = countOf(`SELECT count(*) FROM audit_events WHERE action = 'appearance.create' AND "after" LIKE ?`, like);
      if (appearances !== rows.length || appearanceEvents !== rows.length) {
        problems.push(`${what}: ${rows.length} claims, ${appearances} appearances, ${appearanceEvents} appearance events`);
      }
      const answers = sqlite.prepare('SELECT response_status AS status, response_body AS body FROM idempotency_keys WHERE key = ?').all(write.key) as { status: number; body: string }[];
      const answered = answers.filter((answer) => answer.status === 201 && rows[0] !== undefined && (JSON.parse(answer.body) as { id?: number }).id === rows[0]);
      if (answers.length !== rows.length || answered.length !== rows.length) {
        problems.push(`${what}: ${rows.length} claims but stored answers ${JSON.stringify(answers)} for its Idempotency-Key`);
      }
      const indexed = sqlite.prepare('SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?').pluck().all(`"${write.marker}"`) as number[];
      if (JSON.stringify(indexed) !== JSON.stringify(rows)) problems.push(`${what}: claims ${JSON.stringify(rows)} but the search index finds ${JSON.stringify(indexed)}`);
    }
    // Every submission of the round names the same new claimant: created once, audited once.
    const claimants = countOf('SELECT count(*) FROM sources WHERE name = ?', roundClaimant);
    const claimantEvents = countOf(`SELECT count(*) FROM audit_events WHERE action = 'source.create' AND "after" LIKE ?`, `%${roundClaimant}%`);
    const acked = writes.some((w) => w.round === round && w.kind === 'submission' && w.acked);
    if (claimants > 1 || claimantEvents !== claimants || (acked && claimants !== 1)) {
      problems.push(`claimant "${roundClaimant}": ${claimants} sources, ${claimantEvents} source.create events`);
    }
  });
  return problems;
}

/** After the restart: retries replay the first answer, unacknowledged submissions complete once, search finds them. */
async function checkAfterRestart(round: number, editor: HttpClient): Promise<string[]> {
  const problems: string[] = [];
  const submissions = writes.filter((w) => w.round === round && w.kind === 'submission');
  const acked = submissions.filter((w) => w.acked);
  const replays = [...acked.filter(() => random() < REPLAYS_PER_ROUND / Math.max(acked.length, 1)), ...submissions.filter((w) => !w.acked)];
  for (const write of replays) {
    const answer = await post(write);
    if (answer.status !== 201) problems.push(`retry of ${write.marker}: ${answer.status} ${answer.text.slice(0, 200)}`);
    else if (write.foundId !== undefined && (answer.replayed !== 'true' || answer.id !== write.foundId)) {
      problems.push(`retry of ${write.marker} (stored as claim ${write.foundId}) answered claim ${answer.id}, replayed: ${answer.replayed}`);
    } else if (write.foundId === undefined && answer.replayed !== null) {
      problems.push(`retry of ${write.marker}, which the crash left unwritten, was answered as a replay`);
    }
  }
  readDb(prepared.dbFile, (sqlite) => {
    for (const write of replays) {
      const rows = sqlite.prepare('SELECT count(*) FROM claims WHERE statement LIKE ?').pluck().get(`%${write.marker}%`) as number;
      const events = sqlite.prepare(`SELECT count(*) FROM audit_events WHERE action = 'claim.create' AND "after" LIKE ?`).pluck().get(`%${write.marker}%`) as number;
      if (rows !== 1 || events !== 1) problems.push(`after retrying ${write.marker}: ${rows} claims, ${events} claim.create events`);
    }
  });
  for (const write of acked.slice(0, 3)) {
    const page = await editor.request(`/claims?q=${write.marker}`);
    const html = await page.text();
    if (page.status !== 200 || !html.includes(`/claims/${write.id}"`)) problems.push(`searching the claims list for ${write.marker} (status ${page.status}) did not find claim ${write.id}`);
  }
  return problems;
}

describe('a server killed with SIGKILL mid-write', () => {
  for (let round = 1; round <= ROUNDS; round += 1) {
    it(`round ${round}: keeps every acknowledged write, half of none, and a sound database`, { timeout: 150_000 }, async () => {
      const roundClaimant = `Crash Round ${round} Ministry ${seed}`;
      const { killDelayMs, acksAtKill } = await writeUntilKilled(round, roundClaimant);
      const mine = writes.filter((w) => w.round === round);
      const summary = `seed ${seed}, round ${round}: killed ${killDelayMs} ms after ${MIN_ACKS_BEFORE_KILL} acknowledgements of every kind (${acksAtKill} by then); ${mine.filter((w) => w.acked).length} of ${mine.length} writes acknowledged (${(['submission', 'evidence', 'comment', 'assessment'] as const).map((k) => `${k} ${mine.filter((w) => w.kind === k && w.acked).length}/${mine.filter((w) => w.kind === k).length}`).join(', ')})`;
      console.log(`crash-safety ${summary}`);

      expect(mine.filter((w) => w.problem).map((w) => `${w.marker}: ${w.problem}`), summary).toEqual([]);
      for (const kind of Object.keys(LANDS) as Kind[]) expect(mine.some((w) => w.kind === kind && w.acked), `${kind}: ${summary}`).toBe(true);
      expect(checkCrashedDatabase(round, roundClaimant), summary).toEqual([]);
      const cutOff = mine.filter((w) => w.kind === 'submission' && !w.acked);
      console.log(`crash-safety seed ${seed}, round ${round}: of ${cutOff.length} unacknowledged submissions, ${cutOff.filter((w) => w.foundId !== undefined).length} had committed`);

      app = await startApp({ dbFile: prepared.dbFile, authSecret: prepared.authSecret, env: SERVER_ENV });
      const editor = sameSession(signedInClients[2]!, app.baseUrl, watch);
      expect(await checkAfterRestart(round, editor), summary).toEqual([]);
      expect([...integrityProblems(prepared.dbFile), ...auditProblems(prepared.dbFile)], summary).toEqual([]);
    });
  }

  it('let no secret out in any answer', () => {
    expect(watch.bodies).toBeGreaterThan(20);
    expect(watch.findings).toEqual([]);
  });
});
