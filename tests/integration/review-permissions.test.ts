import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { sources } from '@/db/schema';
import { seedDemo } from '@/lib/demo/seed';
import { addAppearance } from '@/lib/claims/appearances';
import { recordAssessment } from '@/lib/review/assessments';
import { linkClaims } from '@/lib/claims/claim-links';
import { createClaim } from '@/lib/claims/claims';
import { addComment, openDisagreement, reopenDisagreement, resolveDisagreement } from '@/lib/review/disagreements';
import { AppError, type ErrorCode } from '@/lib/errors';
import { addEvidence, editEvidence, retractEvidence } from '@/lib/review/evidence';
import type { Actor } from '@/lib/auth/permissions';
import { AssessmentInput } from '@/lib/validation/assessment';
import { EvidenceCreate, EvidenceUpdate } from '@/lib/validation/evidence';
import { VerdictCorrect, VerdictDraftSave } from '@/lib/validation/verdict';
import { amendVerdict, publishVerdict, saveVerdictDraft } from '@/lib/verdicts/verdicts';
import { publishCorrection } from '@/lib/verdicts/correction';
import { demoActors } from '../helpers/actors';
import { tableCounts } from '../helpers/table-counts';
import { createTestDb } from '../helpers/test-db';

let db: Db;
let cleanup: () => void;
let claimantId: number;
type Person = 'reviewer1' | 'reviewer2' | 'editor' | 'admin';
const actors = {} as Record<Person, Actor>;
const apiKey: Actor = { kind: 'api_key', id: 1, scopes: [], name: 'k' };

beforeAll(async () => {
  ({ db, cleanup } = createTestDb());
  await seedDemo(db);
  Object.assign(actors, demoActors(db));
  claimantId = db.select({ id: sources.id }).from(sources).get()!.id;
});
afterAll(() => cleanup());

const auditCount = () => tableCounts(db).audit_events!;
const lastAuditId = () => (db.$client.prepare('SELECT coalesce(max(id), 0) AS id FROM audit_events').get() as { id: number }).id;

// Fixtures, each made fresh through the real domain code so one case cannot disturb another.
let serial = 0;
function newClaim(): number {
  serial++;
  return createClaim(db, actors.editor, {
    statement: `Permission fixture claim ${serial}.`,
    claimantId,
    claimedOn: '2024-12-18',
    language: 'en',
    context: '',
    appearance: { url: `https://example.org/fixture/${serial}`, title: `Fixture ${serial}`, quote: '' },
  }).id;
}
const evidenceOn = (claimId: number, by: Actor) =>
  addEvidence(db, by, EvidenceCreate.parse({ claimId, url: 'https://example.org/e', title: 'Original title', stance: 'supports' }));
const openOn = (claimId: number) => openDisagreement(db, actors.reviewer1, { claimId, reason: 'Fixture disagreement' });
function readyClaim(): { claimId: number; version: number } {
  const claimId = newClaim();
  evidenceOn(claimId, actors.reviewer1);
  recordAssessment(db, actors.reviewer1, AssessmentInput.parse({ claimId, label: 'accurate', confidence: 80 }));
  recordAssessment(db, actors.reviewer2, AssessmentInput.parse({ claimId, label: 'mostly_accurate', confidence: 70 }));
  const draft = saveVerdictDraft(
    db,
    actors.editor,
    VerdictDraftSave.parse({ claimId, label: 'accurate', headline: 'Checks out', explanation: 'The record agrees.' }),
  );
  return { claimId, version: draft.version };
}
function publishedClaim(): { claimId: number; version: number } {
  const ready = readyClaim();
  publishVerdict(db, actors.editor, ready);
  return ready;
}

type Who = Person | 'no session' | 'api key';
const actorOf = (who: Who): Actor | null => (who === 'no session' ? null : who === 'api key' ? apiKey : actors[who]);

interface Case {
  action: string;
  /** Builds what the action needs and returns the call to make as some actor. */
  prepare: () => (actor: Actor | null) => unknown;
  allowed: Who[];
  refused: [Who, ErrorCode][];
}

const signedOutOrKey: [Who, ErrorCode][] = [
  ['no session', 'unauthorized'],
  ['api key', 'forbidden'],
];
const editorsOnly: [Who, ErrorCode][] = [['reviewer1', 'forbidden'], ['reviewer2', 'forbidden'], ...signedOutOrKey];

const CASES: Case[] = [
  {
    action: 'addAppearance',
    prepare: () => {
      const claimId = newClaim();
      return (actor) => addAppearance(db, actor!, { claimId, url: 'https://example.org/seen', title: 'Seen here', quote: '' });
    },
    allowed: ['reviewer1', 'editor'],
    refused: signedOutOrKey,
  },
  {
    action: 'addEvidence',
    prepare: () => {
      const claimId = newClaim();
      return (actor) => evidenceOn(claimId, actor!);
    },
    allowed: ['reviewer2', 'admin'],
    refused: signedOutOrKey,
  },
  {
    action: 'editEvidence',
    prepare: () => {
      const row = evidenceOn(newClaim(), actors.reviewer1);
      const input = EvidenceUpdate.parse({ evidenceId: row.id, version: row.version, url: row.url, title: 'Edited title', stance: 'refutes' });
      return (actor) => editEvidence(db, actor!, input);
    },
    // Reviewer 1 added it; editors and admins may edit anyone's.
    allowed: ['reviewer1', 'editor', 'admin'],
    refused: [['reviewer2', 'forbidden'], ...signedOutOrKey],
  },
  {
    action: 'retractEvidence',
    prepare: () => {
      const row = evidenceOn(newClaim(), actors.reviewer1);
      return (actor) => retractEvidence(db, actor!, { evidenceId: row.id, version: row.version, reason: 'Source withdrawn' });
    },
    allowed: ['reviewer1', 'editor'],
    refused: [['reviewer2', 'forbidden'], ...signedOutOrKey],
  },
  {
    action: 'recordAssessment',
    prepare: () => {
      const claimId = newClaim();
      return (actor) => recordAssessment(db, actor!, AssessmentInput.parse({ claimId, label: 'mixed', confidence: 50 }));
    },
    allowed: ['reviewer1', 'editor'],
    refused: signedOutOrKey,
  },
  {
    action: 'linkClaims',
    prepare: () => {
      const [a, b] = [newClaim(), newClaim()];
      return (actor) => linkClaims(db, actor!, { claimId: a, otherClaimId: b, kind: 'supports', note: '' });
    },
    allowed: ['reviewer2', 'editor'],
    refused: signedOutOrKey,
  },
  {
    action: 'openDisagreement',
    prepare: () => {
      const claimId = newClaim();
      return (actor) => openDisagreement(db, actor!, { claimId, reason: 'The date looks wrong' });
    },
    allowed: ['reviewer2', 'editor'],
    refused: signedOutOrKey,
  },
  {
    action: 'addComment',
    prepare: () => {
      const disagreement = openOn(newClaim());
      return (actor) => addComment(db, actor!, { disagreementId: disagreement.id, body: 'I read it differently.' });
    },
    allowed: ['reviewer2', 'editor'],
    refused: signedOutOrKey,
  },
  {
    action: 'resolveDisagreement',
    prepare: () => {
      const d = openOn(newClaim());
      return (actor) => resolveDisagreement(db, actor!, { disagreementId: d.id, version: d.version, resolution: 'Settled.' });
    },
    allowed: ['editor', 'admin'],
    // "no session" is left out here: see the known-bug test at the end of this file.
    refused: editorsOnly.filter(([who]) => who !== 'no session'),
  },
  {
    action: 'reopenDisagreement',
    prepare: () => {
      const open = openOn(newClaim());
      const d = resolveDisagreement(db, actors.editor, { disagreementId: open.id, version: open.version, resolution: 'Settled.' });
      return (actor) => reopenDisagreement(db, actor!, { disagreementId: d.id, version: d.version, reason: 'New evidence' });
    },
    allowed: ['editor', 'admin'],
    refused: editorsOnly,
  },
  {
    action: 'saveVerdictDraft',
    prepare: () => {
      const claimId = newClaim();
      return (actor) => saveVerdictDraft(db, actor!, VerdictDraftSave.parse({ claimId, headline: 'Draft headline' }));
    },
    allowed: ['editor', 'admin'],
    refused: editorsOnly,
  },
  {
    action: 'publishVerdict',
    prepare: () => {
      const ready = readyClaim();
      return (actor) => publishVerdict(db, actor!, ready);
    },
    allowed: ['editor', 'admin'],
    refused: editorsOnly,
  },
  {
    action: 'publishCorrection',
    prepare: () => {
      const { claimId, version } = publishedClaim();
      const input = VerdictCorrect.parse({ claimId, version, label: 'accurate', headline: 'Checks out', explanation: 'The record agrees, as of 2024.', note: 'Fixed the date.', step: 'publish' });
      return (actor) => publishCorrection(db, actor!, input);
    },
    allowed: ['editor', 'admin'],
    refused: editorsOnly,
  },
  {
    action: 'amendVerdict (retraction)',
    prepare: () => {
      const { claimId, version } = publishedClaim();
      return (actor) => amendVerdict(db, actor!, { claimId, version, kind: 'retraction', note: 'Withdrawn pending review.' });
    },
    allowed: ['editor', 'admin'],
    refused: editorsOnly,
  },
];

describe.each(CASES)('$action', ({ prepare, allowed, refused }) => {
  it.each(refused)('refuses %s with %s and writes nothing', (who, code) => {
    const run = prepare();
    const before = tableCounts(db);
    let caught: unknown;
    try {
      run(actorOf(who));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe(code);
    expect(tableCounts(db)).toEqual(before);
    expect(auditCount()).toBe(before.audit_events);
  });

  it.each(allowed)('lets %s do it, auditing every change as theirs', (who) => {
    const run = prepare();
    const since = lastAuditId();
    expect(run(actorOf(who))).toBeTruthy();
    const events = db.$client.prepare('SELECT actor_user_id AS user FROM audit_events WHERE id > ?').all(since) as { user: number }[];
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.user === (actorOf(who) as Extract<Actor, { kind: 'user' }>).id)).toBe(true);
  });
});

describe('what each allowed action wrote', () => {
  it('a reviewer edits their own evidence; an editor edits and retracts a reviewer’s', () => {
    const row = evidenceOn(newClaim(), actors.reviewer1);
    const input = EvidenceUpdate.parse({ evidenceId: row.id, version: 1, url: row.url, title: 'By the editor', stance: 'refutes' });
    const edited = editEvidence(db, actors.editor, input);
    expect(edited).toMatchObject({ title: 'By the editor', stance: 'refutes', version: 2, addedBy: actors.reviewer1.id });
    const retracted = retractEvidence(db, actors.editor, { evidenceId: row.id, version: 2, reason: 'Duplicate' });
    expect(retracted).toMatchObject({ retractionReason: 'Duplicate', retractedBy: actors.editor.id, version: 3 });
    expect(retracted.retractedAt).not.toBeNull();
  });

  it('publishing, correcting and retracting write verdict versions 1, 2 and 3', () => {
    const { claimId, version } = readyClaim();
    expect(publishVerdict(db, actors.editor, { claimId, version })).toMatchObject({ versionNumber: 1, kind: 'publication' });
    const corrected = VerdictCorrect.parse({ claimId, version, label: 'mixed', headline: 'Checks out', explanation: 'The record agrees.', note: 'n', step: 'publish' });
    expect(publishCorrection(db, actors.editor, corrected)).toMatchObject({ versionNumber: 2, kind: 'correction', label: 'mixed' });
    expect(amendVerdict(db, actors.admin, { claimId, version: version + 1, kind: 'retraction', note: 'r' })).toMatchObject({ versionNumber: 3, kind: 'retraction' });
  });
});

describe('resolveDisagreement without a session', () => {
  it('is refused as unauthorized and writes nothing', () => {
    const d = openOn(newClaim());
    const before = tableCounts(db);
    let error: unknown;
    try {
      resolveDisagreement(db, null as unknown as Actor, { disagreementId: d.id, version: d.version, resolution: 'x' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('unauthorized');
    expect(tableCounts(db)).toEqual(before);
  });
});
