import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './support/harness';
import {
  actionOutcome,
  auditProblems,
  lockingErrors,
  markerFactory,
  prepareDatabase,
  readDb,
  runSeed,
  sameSession,
  seededRandom,
  signedIn,
  type PreparedDatabase,
} from './support/durability-helpers';
import { SecretWatch, serverActions, type HttpClient } from './support/http-client';

/**
 * Issue 5, reliability test 2: many people save the same thing at the same version at once. Over
 * HTTP, CONTENDERS clients (several people, several sessions each) send their saves together: an
 * evidence edit, a verdict draft, the CMS's article report through the API, and (when the build
 * has it) a claim edit. In every race exactly one save applies; every other gets a conflict (a form
 * error saying what changed, or a 409 problem+json) and no 5xx or "database is locked"; the row
 * holds the winner's values, its version moved on by exactly one, and the audit log has exactly one
 * event for the change. Several rounds, all four races at once.
 */

const ROUNDS = 3;
const CONTENDERS = 12;
const CONFLICT_MESSAGE = /changed after you opened it, so your save was not applied/;

type Reply = { kind: 'applied' } | { kind: 'conflict' } | { kind: 'other'; detail: string };

interface Race {
  name: string;
  /** Sends contender i's save at the version read before the race. */
  send(i: number): Promise<Reply>;
  /** What is wrong with the stored result, given the winner's index. */
  check(winner: number): string[];
}

let prepared: PreparedDatabase;
let app: RunningApp;
let watch: SecretWatch;
let random: () => number;
let reviewer: HttpClient;
let editor: HttpClient;
let admin: HttpClient;
const nextMarker = markerFactory('race');

/** The targets, chosen from the demo data by what they are, not by id. */
let target: { evidenceId: number; draftClaimId: number; publishedClaimId: number; editClaimId: number };

beforeAll(async () => {
  random = seededRandom(runSeed('lost-updates'));
  prepared = await prepareDatabase(3);
  app = await startApp({ dbFile: prepared.dbFile, authSecret: prepared.authSecret, env: { API_RATE_LIMIT: '1000000' } });
  watch = new SecretWatch(app.dbFile, [app.authSecret, ...prepared.apiKeys]);
  [reviewer, editor, admin] = [await signedIn(app.baseUrl, watch, 'reviewer', 0), await signedIn(app.baseUrl, watch, 'editor'), await signedIn(app.baseUrl, watch, 'admin')];
  target = readDb(app.dbFile, (sqlite) => {
    const one = (sql: string) => {
      const id = sqlite.prepare(sql).pluck().get() as number | undefined;
      if (id === undefined) throw new Error(`the demo data has nothing for: ${sql}`);
      return id;
    };
    return {
      evidenceId: one(
        "SELECT e.id FROM evidence e JOIN users u ON u.id = e.added_by JOIN claims c ON c.id = e.claim_id WHERE u.email = 'reviewer1@demo.claimbench.test' AND e.retracted_at IS NULL AND c.status = 'in_review' ORDER BY e.id LIMIT 1",
      ),
      draftClaimId: one("SELECT id FROM claims c WHERE status = 'in_review' AND NOT EXISTS (SELECT 1 FROM verdict_drafts d WHERE d.claim_id = c.id) ORDER BY id LIMIT 1"),
      publishedClaimId: one("SELECT id FROM claims WHERE status = 'published' ORDER BY id LIMIT 1"),
      editClaimId: one("SELECT id FROM claims c WHERE status = 'draft' AND NOT EXISTS (SELECT 1 FROM quantities q WHERE q.claim_id = c.id) ORDER BY id LIMIT 1"),
    };
  });
});

afterAll(async () => {
  await app?.stop();
  prepared?.remove();
});

function row<T>(sql: string, ...params: unknown[]): T {
  return readDb(app.dbFile, (sqlite) => sqlite.prepare(sql).get(...params) as T);
}

function lastAuditId(): number {
  return row<{ id: number }>('SELECT coalesce(max(id), 0) AS id FROM audit_events').id;
}

/** Audit events written for one entity since `sinceId`. */
function eventsSince(sinceId: number, entityType: string, entityId: number) {
  return readDb(app.dbFile, (sqlite) =>
    (
      sqlite
        .prepare('SELECT action, "before", "after" FROM audit_events WHERE id > ? AND entity_type = ? AND entity_id = ? ORDER BY id')
        .all(sinceId, entityType, entityId) as { action: string; before: string | null; after: string | null }[]
    ).map((event) => ({
      action: event.action,
      before: event.before ? (JSON.parse(event.before) as Record<string, unknown>) : null,
      after: event.after ? (JSON.parse(event.after) as Record<string, unknown>) : null,
    })),
  );
}

/** A session per contender, taking turns among the people allowed to make this save. */
function sessions(people: HttpClient[]): HttpClient[] {
  return Array.from({ length: CONTENDERS }, (_, i) => sameSession(people[i % people.length]!, app.baseUrl, watch));
}

/** A server action's reply as a race outcome; a conflict must also move the form to the new version. */
async function actionReply(client: HttpClient, name: string, page: string, fields: Record<string, string>, newVersion: number): Promise<Reply> {
  const outcome = actionOutcome(await client.action(name, page, fields));
  if (outcome.kind === 'ok') return { kind: 'applied' };
  if (outcome.kind === 'refused' && CONFLICT_MESSAGE.test(outcome.message) && Object.keys(outcome.fieldErrors).length === 0) {
    if (outcome.values.version === String(newVersion)) return { kind: 'conflict' };
    return { kind: 'other', detail: `conflict, but the form was left at version ${outcome.values.version} instead of ${newVersion}` };
  }
  return { kind: 'other', detail: outcome.kind === 'refused' ? `refused: ${outcome.message} ${JSON.stringify(outcome.fieldErrors)}` : outcome.detail };
}

/** One event, for this change, by its before and after versions. */
function oneEvent(events: ReturnType<typeof eventsSince>, action: string, version: number): string[] {
  if (events.length !== 1) return [`expected one audit event, found ${events.length}: ${events.map((e) => e.action).join(', ')}`];
  const [event] = events;
  const problems: string[] = [];
  if (event!.action !== action) problems.push(`audit action ${event!.action}, expected ${action}`);
  if (event!.after?.version !== version + 1) problems.push(`audit event after.version ${String(event!.after?.version)}, expected ${version + 1}`);
  if ((event!.before?.version ?? 0) !== version) problems.push(`audit event before.version ${String(event!.before?.version)}, expected ${version}`);
  return problems;
}

function evidenceRace(marker: string): Race {
  const { evidenceId } = target;
  const before = row<{ version: number; claimId: number }>('SELECT version, claim_id AS claimId FROM evidence WHERE id = ?', evidenceId);
  const since = lastAuditId();
  const clients = sessions([reviewer, editor, admin]);
  const values = (i: number) => ({
    url: `https://evidence.example/${marker}/${i}`,
    title: `Evidence ${marker} as saved by contender ${i}`,
    stance: ['supports', 'refutes', 'adds_context'][i % 3]!,
    note: `Note ${marker} ${i}`,
    quoteExact: `exact ${marker} ${i}`,
  });
  return {
    name: `evidence ${evidenceId} at version ${before.version}`,
    send: (i) => {
      const v = values(i);
      return actionReply(
        clients[i]!,
        'editEvidenceAction',
        `/claims/${before.claimId}`,
        { evidenceId: String(evidenceId), version: String(before.version), url: v.url, title: v.title, stance: v.stance, note: v.note, 'quote.exact': v.quoteExact },
        before.version + 1,
      );
    },
    check: (winner) => {
      const after = row<Record<string, unknown>>('SELECT version, url, title, stance, note, quote_exact AS quoteExact FROM evidence WHERE id = ?', evidenceId);
      const problems: string[] = [];
      if (JSON.stringify(after) !== JSON.stringify({ version: before.version + 1, ...values(winner) })) {
        problems.push(`stored ${JSON.stringify(after)}, not contender ${winner}'s save at version ${before.version + 1}`);
      }
      const events = eventsSince(since, 'evidence', evidenceId);
      problems.push(...oneEvent(events, 'evidence.update', before.version));
      if (events[0]?.after?.title !== values(winner).title) problems.push(`audit event records title ${String(events[0]?.after?.title)}`);
      return problems;
    },
  };
}

function draftRace(marker: string): Race {
  const { draftClaimId } = target;
  const version = row<{ version: number } | undefined>('SELECT version FROM verdict_drafts WHERE claim_id = ?', draftClaimId)?.version ?? 0;
  const since = lastAuditId();
  const clients = sessions([editor, admin]);
  const labels = ['accurate', 'mostly_accurate', 'mixed', 'mostly_inaccurate', 'inaccurate', 'unverifiable'];
  const values = (i: number) => ({ label: labels[i % labels.length]!, headline: `Headline ${marker} by contender ${i}`, explanation: `Explanation ${marker} ${i}` });
  return {
    name: `the verdict draft of claim ${draftClaimId} at version ${version}`,
    send: (i) => actionReply(clients[i]!, 'saveVerdictDraftAction', `/claims/${draftClaimId}`, { claimId: String(draftClaimId), version: String(version), ...values(i) }, version + 1),
    check: (winner) => {
      const after = row<Record<string, unknown>>('SELECT version, label, headline, explanation FROM verdict_drafts WHERE claim_id = ?', draftClaimId);
      const problems: string[] = [];
      if (JSON.stringify(after) !== JSON.stringify({ version: version + 1, ...values(winner) })) {
        problems.push(`stored ${JSON.stringify(after)}, not contender ${winner}'s save at version ${version + 1}`);
      }
      const events = eventsSince(since, 'verdict_draft', draftClaimId);
      problems.push(...oneEvent(events, 'verdict_draft.save', version));
      if (events[0]?.after?.headline !== values(winner).headline) problems.push(`audit event records headline ${String(events[0]?.after?.headline)}`);
      return problems;
    },
  };
}

function articleRace(marker: string): Race {
  const { publishedClaimId } = target;
  const { version } = row<{ version: number }>('SELECT version FROM claims WHERE id = ?', publishedClaimId);
  const since = lastAuditId();
  const url = (i: number) => `https://news.example/${marker}/fact-check-${i}`;
  return {
    name: `the article report of claim ${publishedClaimId} at version ${version}`,
    send: async (i) => {
      const response = await fetch(`${app.baseUrl}/api/v1/claims/${publishedClaimId}/article`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${prepared.apiKeys[i % prepared.apiKeys.length]!}`, 'content-type': 'application/json' },
        body: JSON.stringify({ url: url(i), version }),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      watch.check(`/api/v1/claims/${publishedClaimId}/article`, text);
      const type = response.headers.get('content-type') ?? '';
      if (response.status === 200) {
        const body = JSON.parse(text) as { article_url?: string; version?: number };
        if (body.article_url === url(i) && body.version === version + 1) return { kind: 'applied' };
        return { kind: 'other', detail: `200 with ${text.slice(0, 200)}` };
      }
      if (response.status === 409 && type.startsWith('application/problem+json')) {
        const problem = JSON.parse(text) as { status?: number; errors?: { path: string }[] };
        if (problem.status === 409 && problem.errors?.some((error) => error.path === 'version')) return { kind: 'conflict' };
      }
      return { kind: 'other', detail: `${response.status} ${type}: ${text.slice(0, 200)}` };
    },
    check: (winner) => {
      const after = row<Record<string, unknown>>('SELECT version, article_url AS articleUrl FROM claims WHERE id = ?', publishedClaimId);
      const problems: string[] = [];
      if (JSON.stringify(after) !== JSON.stringify({ version: version + 1, articleUrl: url(winner) })) {
        problems.push(`stored ${JSON.stringify(after)}, not contender ${winner}'s report at version ${version + 1}`);
      }
      const events = eventsSince(since, 'claim', publishedClaimId);
      problems.push(...oneEvent(events, 'claim.article', version));
      if (events[0]?.after?.articleUrl !== url(winner)) problems.push(`audit event records ${String(events[0]?.after?.articleUrl)}`);
      return problems;
    },
  };
}

/** Claim editing is being added on another branch; raced here once the build has editClaimAction. */
function claimEditRace(marker: string): Race {
  const { editClaimId } = target;
  const before = row<{ version: number; claimant: string; claimedOn: string; language: string; context: string }>(
    'SELECT version, (SELECT name FROM sources WHERE id = claimant_id) AS claimant, claimed_on AS claimedOn, language, context FROM claims WHERE id = ?',
    editClaimId,
  );
  const since = lastAuditId();
  const clients = sessions([reviewer, editor, admin]);
  const statement = (i: number) => `The ministry said ${marker} in the version contender ${i} saved.`;
  return {
    name: `claim ${editClaimId} at version ${before.version}`,
    send: (i) =>
      actionReply(
        clients[i]!,
        'editClaimAction',
        `/claims/${editClaimId}`,
        {
          claimId: String(editClaimId),
          version: String(before.version),
          statement: statement(i),
          claimant: before.claimant,
          claimedOn: before.claimedOn,
          language: before.language,
          context: before.context,
        },
        before.version + 1,
      ),
    check: (winner) => {
      const after = row<Record<string, unknown>>('SELECT version, statement FROM claims WHERE id = ?', editClaimId);
      const problems: string[] = [];
      if (JSON.stringify(after) !== JSON.stringify({ version: before.version + 1, statement: statement(winner) })) {
        problems.push(`stored ${JSON.stringify(after)}, not contender ${winner}'s edit at version ${before.version + 1}`);
      }
      const edits = eventsSince(since, 'claim', editClaimId).filter((event) => JSON.stringify(event.after ?? {}).includes(marker));
      if (edits.length !== 1) problems.push(`expected one audit event for the edit, found ${edits.length}`);
      else if (edits[0]!.after?.version !== before.version + 1) problems.push(`audit event after.version ${String(edits[0]!.after?.version)}`);
      return problems;
    },
  };
}

/** Every contender's save at once; then exactly one applied, the rest conflicts, and the stored result checked. */
async function runRace(race: Race): Promise<string[]> {
  // All requests are started before any is awaited.
  const replies = await Promise.all(Array.from({ length: CONTENDERS }, (_, i) => race.send(i)));
  const applied = replies.flatMap((reply, i) => (reply.kind === 'applied' ? [i] : []));
  const conflicts = replies.filter((reply) => reply.kind === 'conflict').length;
  const others = replies.flatMap((reply, i) => (reply.kind === 'other' ? [`contender ${i}: ${reply.detail}`] : []));
  const problems = others.map((other) => `${race.name}: ${other}`);
  if (applied.length !== 1) problems.push(`${race.name}: ${applied.length} saves applied (contenders ${applied.join(', ')}), expected exactly one`);
  if (conflicts !== CONTENDERS - 1) problems.push(`${race.name}: ${conflicts} conflicts, expected ${CONTENDERS - 1}`);
  if (applied.length === 1) problems.push(...race.check(applied[0]!).map((problem) => `${race.name}: ${problem}`));
  return problems;
}

describe('simultaneous saves of one thing at one version', () => {
  const withClaimEdit = serverActions().some((action) => action.name === 'editClaimAction');

  for (let round = 1; round <= ROUNDS; round += 1) {
    it(`round ${round}: one save applies, ${CONTENDERS - 1} get a conflict, nothing is overwritten`, { timeout: 120_000 }, async () => {
      const builders = [evidenceRace, draftRace, articleRace, ...(withClaimEdit ? [claimEditRace] : [])];
      // The races run at the same time, in a seeded order.
      const order = builders.map((build) => ({ build, key: random() })).sort((a, b) => a.key - b.key);
      const races = order.map(({ build }) => build(nextMarker(round)));
      const problems = (await Promise.all(races.map(runRace))).flat();
      expect(problems).toEqual([]);
      expect(lockingErrors(app.logs())).toEqual([]);
    });
  }

  it('left every row with exactly its audit events', () => {
    expect(auditProblems(app.dbFile)).toEqual([]);
  });

  it('let no secret out in any answer', () => {
    expect(watch.bodies).toBeGreaterThan(ROUNDS * CONTENDERS);
    expect(watch.findings).toEqual([]);
  });
});
