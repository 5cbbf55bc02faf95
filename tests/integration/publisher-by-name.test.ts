import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { findSourcesNamed, listClaimantSuggestions, listPublisherSuggestions } from '@/db/queries/sources';
import { addAppearance } from '@/lib/claims/appearances';
import { createClaim } from '@/lib/claims/claims';
import { AppError } from '@/lib/errors';
import { addEvidence, editEvidence } from '@/lib/review/evidence';
import type { Actor } from '@/lib/auth/permissions';
import { createUser } from '@/lib/admin/users';
import { AppearanceCreate } from '@/lib/validation/appearance';
import { EvidenceCreate, EvidenceUpdate } from '@/lib/validation/evidence';
import { formSchema } from '@/lib/validation/fields';
import { createTestDb } from '../helpers/test-db';
import { userActor } from '../helpers/actors';

// The claim page's publisher fields name a source by typing it; the server resolves the name.
let db: Db;
let cleanup: () => void;
let reviewer: Actor;
let claimId: number;

const count = (table: string) => db.$client.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
const publisherOf = (table: string, id: number) => db.$client.prepare(`SELECT publisher_id FROM ${table} WHERE id = ?`).pluck().get(id) as number | null;

/** Parses like the server action does (form field names, blanks absent), then adds the evidence. */
function addFromForm(fields: Record<string, string>) {
  const input = formSchema(EvidenceCreate).parse({ claimId: String(claimId), url: 'https://example.org/e', title: 'A report', stance: 'supports', ...fields });
  return addEvidence(db, reviewer, input);
}

function fieldErrorsOf(run: () => unknown): Record<string, string[]> {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error.fieldErrors;
    throw error;
  }
  throw new Error('expected the save to be refused');
}

beforeAll(async () => {
  ({ db, cleanup } = createTestDb());
  const user = await createUser(db, null, { email: 'r@example.org', name: 'R', role: 'reviewer', password: 'a-long-password-1' });
  reviewer = userActor(user);
  claimId = createClaim(db, reviewer, {
    statement: 'As many as 10,000 troops have been sent.',
    newClaimant: { name: 'The Pentagon', kind: 'government' },
    claimedOn: '2024-12-18',
    language: 'en',
    context: '',
    appearance: { url: 'https://news.example/a', title: 'Troops', quote: '' },
  }).id;
  db.$client.prepare("INSERT INTO sources (name, kind) VALUES ('MENAFN', 'media'), ('Mercury', 'media'), ('Mercury', 'person')").run();
});
afterAll(() => cleanup());

describe('a publisher named in a form', () => {
  it('resolves an existing source ignoring case, exact-case spellings first', () => {
    const menafn = findSourcesNamed(db, 'MENAFN')[0]!;
    const row = addFromForm({ publisher: '  menafn ' });
    expect(row.publisherId).toBe(menafn.id);
    expect(findSourcesNamed(db, 'the pentagon').map((s) => s.name)).toEqual(['The Pentagon']);
  });

  it('refuses a name no source has, next to the field, writing nothing', () => {
    const before = [count('evidence'), count('sources'), count('audit_events')];
    const errors = fieldErrorsOf(() => addFromForm({ publisher: 'Daily Nowhere' }));
    expect(errors.publisher?.[0]).toMatch(/No source is named “Daily Nowhere”/);
    expect([count('evidence'), count('sources'), count('audit_events')]).toEqual(before);
  });

  it('adds a new source, with its audit event, when a kind is chosen', () => {
    const sourcesBefore = count('sources');
    const row = addFromForm({ publisher: 'Daily Nowhere', publisherKind: 'media' });
    const created = findSourcesNamed(db, 'daily nowhere');
    expect(created).toEqual([{ id: row.publisherId, name: 'Daily Nowhere', kind: 'media' }]);
    expect(count('sources')).toBe(sourcesBefore + 1);
    const audit = db.$client.prepare("SELECT count(*) FROM audit_events WHERE action = 'source.create' AND entity_id = ?").pluck().get(row.publisherId);
    expect(audit).toBe(1);
    // The same name and kind again is the same source, not a duplicate.
    expect(addFromForm({ publisher: 'daily nowhere', publisherKind: 'media' }).publisherId).toBe(row.publisherId);
    expect(count('sources')).toBe(sourcesBefore + 1);
  });

  it('asks for the kind when several sources share the name', () => {
    expect(fieldErrorsOf(() => addFromForm({ publisher: 'mercury' })).publisher?.[0]).toMatch(/Several sources are named/);
    const person = findSourcesNamed(db, 'Mercury').find((s) => s.kind === 'person')!;
    expect(addFromForm({ publisher: 'mercury', publisherKind: 'person' }).publisherId).toBe(person.id);
  });

  it('leaves the publisher empty when no name is typed, and keeps ids working', () => {
    expect(addFromForm({ publisher: '' }).publisherId).toBeNull();
    const menafn = findSourcesNamed(db, 'MENAFN')[0]!;
    expect(addEvidence(db, reviewer, EvidenceCreate.parse({ claimId, url: 'https://example.org/x', title: 'By id', stance: 'refutes', publisherId: menafn.id })).publisherId).toBe(menafn.id);
    expect(fieldErrorsOf(() => addEvidence(db, reviewer, EvidenceCreate.parse({ claimId, url: 'https://example.org/x', title: 'Gone', stance: 'refutes', publisherId: 99_999 })))).toEqual({
      publisherId: ['That source no longer exists'],
    });
  });

  it('changes the publisher of edited evidence and of a new appearance by name', () => {
    const row = addFromForm({ publisher: 'MENAFN' });
    const edit = formSchema(EvidenceUpdate).parse({ evidenceId: String(row.id), version: '1', url: row.url, title: row.title, stance: 'supports', publisher: 'the pentagon' });
    const pentagon = findSourcesNamed(db, 'The Pentagon')[0]!;
    expect(editEvidence(db, reviewer, edit).publisherId).toBe(pentagon.id);

    const appearance = addAppearance(db, reviewer, formSchema(AppearanceCreate).parse({ claimId: String(claimId), url: 'https://news.example/b', title: 'Again', publisher: 'MENAFN' }));
    expect(publisherOf('appearances', appearance.id)).toBe(findSourcesNamed(db, 'MENAFN')[0]!.id);
    const appearances = count('appearances');
    expect(fieldErrorsOf(() => addAppearance(db, reviewer, formSchema(AppearanceCreate).parse({ claimId: String(claimId), url: 'https://news.example/c', title: 'No', publisher: 'Nobody At All' }))).publisher).toBeDefined();
    expect(count('appearances')).toBe(appearances);
  });

  it('suggests the recently most used publishers and claimants', () => {
    expect(listPublisherSuggestions(db).map((s) => s.name)).toEqual(expect.arrayContaining(['MENAFN', 'The Pentagon', 'Daily Nowhere']));
    expect(listClaimantSuggestions(db)).toEqual([expect.objectContaining({ name: 'The Pentagon', claims: 1 })]);
  });
});
