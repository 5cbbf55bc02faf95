import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Db } from '@/db/open';
import { sources } from '@/db/schema';
import { seedDemo } from '@/lib/demo/seed';
import { recordAssessment } from '@/lib/review/assessments';
import { linkClaims } from '@/lib/claims/claim-links';
import { createClaim } from '@/lib/claims/claims';
import { ConflictError } from '@/lib/history/conflicts';
import { openDisagreement, reopenDisagreement, resolveDisagreement } from '@/lib/review/disagreements';
import { AppError } from '@/lib/errors';
import { addEvidence, editEvidence } from '@/lib/review/evidence';
import type { Actor } from '@/lib/auth/permissions';
import { AssessmentInput } from '@/lib/validation/assessment';
import { ClaimLinkCreate } from '@/lib/validation/claim-link';
import { DisagreementResolve } from '@/lib/validation/disagreement';
import { EvidenceCreate, EvidenceUpdate } from '@/lib/validation/evidence';
import { formSchema } from '@/lib/validation/fields';
import { VerdictAmend, VerdictDraftSave } from '@/lib/validation/verdict';
import { saveVerdictDraft } from '@/lib/verdicts/verdicts';
import { demoActors } from '../helpers/actors';
import { tableCounts } from '../helpers/table-counts';
import { createTestDb } from '../helpers/test-db';

let db: Db;
let cleanup: () => void;
let r1: Actor;
let editor: Actor;
let admin: Actor;
let claimA: number;
let claimB: number;

beforeAll(async () => {
  ({ db, cleanup } = createTestDb());
  await seedDemo(db);
  const desk = demoActors(db);
  r1 = desk.reviewer1;
  editor = desk.editor;
  admin = desk.admin;
  // Claims of our own, so the demo desk's work in the seed cannot change what these tests meet.
  const claimantId = db.select({ id: sources.id }).from(sources).get()!.id;
  const record = (statement: string) =>
    createClaim(db, r1, {
      statement,
      claimantId,
      claimedOn: '2024-12-18',
      language: 'en',
      context: '',
      appearance: { url: 'https://example.org/article', title: 'Article', quote: statement },
    }).id;
  claimA = record('South Korea has blacklisted 11 individuals and 15 entities.');
  claimB = record('Japan may impose similar restrictions.');
});
afterAll(() => cleanup());

/** Runs a refused call: returns the AppError, having checked that no table (audit_events included) changed. */
function refused(fn: () => unknown): AppError {
  const before = tableCounts(db);
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AppError);
  expect(tableCounts(db)).toEqual(before);
  expect(tableCounts(db).audit_events).toBe(before.audit_events);
  return caught as AppError;
}

/** Parses a flat string record, as FormData arrives, through the schema the server action uses. */
function fieldsRefused(schema: z.ZodType, values: Record<string, string>): string[] {
  const audits = tableCounts(db).audit_events;
  const result = formSchema(schema).safeParse(values);
  expect(result.success).toBe(false);
  expect(tableCounts(db).audit_events).toBe(audits);
  return [...new Set(result.error!.issues.map((i) => i.path.join('.')))];
}

const evidenceInput = (claimId: number, title = 'Foreign Ministry list') =>
  EvidenceCreate.parse({ claimId, url: 'https://example.org/list', title, stance: 'supports' });

describe('assessment fields', () => {
  it.each(['-1', '101', 'abc', '50.5', ''])('refuses confidence %j naming confidence', (confidence) => {
    expect(fieldsRefused(AssessmentInput, { claimId: String(claimA), label: 'mixed', confidence })).toEqual(['confidence']);
  });

  it('accepts confidence at both ends of the range', () => {
    for (const confidence of ['0', '100']) {
      expect(formSchema(AssessmentInput).parse({ claimId: String(claimA), label: 'mixed', confidence }).confidence).toBe(Number(confidence));
    }
  });

  it('refuses an unknown label naming label', () => {
    expect(fieldsRefused(AssessmentInput, { claimId: String(claimA), label: 'true-ish', confidence: '50' })).toEqual(['label']);
  });

  it('refuses citing evidence of another claim, naming citedEvidenceIds', () => {
    const other = addEvidence(db, r1, evidenceInput(claimB));
    const input = formSchema(AssessmentInput).parse({ claimId: String(claimA), label: 'mixed', confidence: '50', citedEvidenceIds: String(other.id) });
    const error = refused(() => recordAssessment(db, r1, input));
    expect(error.code).toBe('bad_request');
    expect(Object.keys(error.fieldErrors)).toEqual(['citedEvidenceIds']);
    const draft = VerdictDraftSave.parse({ claimId: claimA, citedEvidenceIds: [other.id] });
    expect(Object.keys(refused(() => saveVerdictDraft(db, editor, draft)).fieldErrors)).toEqual(['citedEvidenceIds']);
  });
});

describe('claim links', () => {
  it('refuses a link from a claim to itself, in the schema and in linkClaims', () => {
    expect(fieldsRefused(ClaimLinkCreate, { claimId: String(claimA), otherClaimId: String(claimA), kind: 'supports' })).toEqual(['otherClaimId']);
    const error = refused(() => linkClaims(db, r1, { claimId: claimA, otherClaimId: claimA, kind: 'supports', note: '' }));
    expect(error.code).toBe('bad_request');
    expect(Object.keys(error.fieldErrors)).toEqual(['otherClaimId']);
  });

  it('refuses a duplicate link as a conflict', () => {
    const input = formSchema(ClaimLinkCreate).parse({ claimId: String(claimA), otherClaimId: String(claimB), kind: 'refines' });
    linkClaims(db, r1, input);
    expect(refused(() => linkClaims(db, editor, input)).code).toBe('conflict');
  });
});

describe('disagreements, verdicts and evidence', () => {
  it('refuses a resolution of only spaces, naming resolution', () => {
    expect(fieldsRefused(DisagreementResolve, { disagreementId: '1', version: '1', resolution: '   ' })).toEqual(['resolution']);
  });

  it('refuses a correction without a note, naming note', () => {
    expect(fieldsRefused(VerdictAmend, { claimId: String(claimA), version: '1', kind: 'correction' })).toEqual(['note']);
    expect(fieldsRefused(VerdictAmend, { claimId: String(claimA), version: '1', kind: 'correction', note: '' })).toEqual(['note']);
  });

  it('refuses evidence with a javascript: URL, naming url', () => {
    const values = { claimId: String(claimA), url: 'javascript:alert(document.cookie)', title: 'Looks fine', stance: 'supports' };
    expect(fieldsRefused(EvidenceCreate, values)).toEqual(['url']);
  });

  it('refuses evidence on a missing claim as not_found', () => {
    expect(refused(() => addEvidence(db, r1, evidenceInput(999_999))).code).toBe('not_found');
  });
});

describe('stale versions', () => {
  function conflict(fn: () => unknown): ConflictError {
    const error = refused(fn);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.code).toBe('conflict');
    return error as ConflictError;
  }

  it('refuses an evidence edit made against an old version, saying the editor changed the title', () => {
    const row = addEvidence(db, r1, evidenceInput(claimA, 'First title'));
    const edit = (title: string) => EvidenceUpdate.parse({ evidenceId: row.id, version: 1, url: row.url, title, stance: 'supports' });
    expect(editEvidence(db, editor, edit('Title by the editor')).version).toBe(2);
    const error = conflict(() => editEvidence(db, r1, edit('Title by the reviewer')));
    expect(error.currentVersion).toBe(2);
    expect(error.message).toContain('Edith Editor changed title');
    expect(db.$client.prepare('SELECT title FROM evidence WHERE id = ?').get(row.id)).toEqual({ title: 'Title by the editor' });
  });

  it('refuses a verdict draft saved against an old version, saying the admin changed the headline', () => {
    const first = saveVerdictDraft(db, editor, VerdictDraftSave.parse({ claimId: claimB, headline: 'Signalled, not imposed' }));
    expect(first.version).toBe(1);
    saveVerdictDraft(db, admin, VerdictDraftSave.parse({ claimId: claimB, version: 1, headline: 'Japan only signalled' }));
    const error = conflict(() => saveVerdictDraft(db, editor, VerdictDraftSave.parse({ claimId: claimB, version: 1, headline: 'Mine' })));
    expect(error.currentVersion).toBe(2);
    expect(error.message).toContain('Adam Admin changed headline');
    expect(error.changes).toHaveLength(1);
  });

  it('refuses a resolution made against an old version, naming who resolved and reopened it', () => {
    const d = openDisagreement(db, r1, { claimId: claimA, reason: 'The counts differ from the ministry list.' });
    resolveDisagreement(db, editor, { disagreementId: d.id, version: 1, resolution: 'Counts match.' });
    reopenDisagreement(db, admin, { disagreementId: d.id, version: 2, reason: 'The list was amended.' });
    const error = conflict(() => resolveDisagreement(db, editor, { disagreementId: d.id, version: 1, resolution: 'Counts match again.' }));
    expect(error.currentVersion).toBe(3);
    expect(error.message).toMatch(/Edith Editor changed status, resolution.*Adam Admin changed status/);
    expect(db.$client.prepare('SELECT status, version FROM disagreements WHERE id = ?').get(d.id)).toEqual({ status: 'open', version: 3 });
  });
});
