import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { loadClaimPageChoices, loadNewClaimChoices } from '@/lib/claims/claim-form-choices';
import { createClaim } from '@/lib/claims/claims';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/permissions';
import { createUser } from '@/lib/admin/users';
import { ClaimCreateForm } from '@/lib/validation/claim';
import { createTestDb } from '../helpers/test-db';
import { tableCounts } from '../helpers/table-counts';
import { userActor } from '../helpers/actors';

// The new-claim form names its claimant (and the first appearance's publisher) by typing it; the
// server resolves the name as it resolves the claim page's publishers.
let db: Db;
let cleanup: () => void;
let reviewer: Actor;
let serial = 0;

const sourceRow = (id: number) => db.$client.prepare('SELECT name, kind FROM sources WHERE id = ?').get(id) as { name: string; kind: string };
const claimRow = (id: number) => db.$client.prepare('SELECT claimant_id AS claimantId FROM claims WHERE id = ?').get(id) as { claimantId: number };
const publisherOf = (claimId: number) => db.$client.prepare('SELECT publisher_id FROM appearances WHERE claim_id = ?').pluck().get(claimId) as number | null;

/** Parses like the server action does (flat form fields, blanks absent), then creates the claim. */
function createFromForm(fields: Record<string, string>) {
  serial += 1;
  const input = ClaimCreateForm.parse({
    statement: `Typed claimant ${serial}: the bridge carries forty thousand cars a day.`,
    claimedOn: '2024-12-18',
    language: 'en',
    'appearance.url': `https://example.org/bridge/${serial}`,
    'appearance.title': 'Bridge traffic',
    ...fields,
  });
  return createClaim(db, reviewer, input);
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
  const user = await createUser(db, null, { email: 'typist@example.org', name: 'Tess Typist', role: 'reviewer', password: 'typist-password-123' });
  reviewer = userActor(user);
  // A claimant that exists, and one that will exist.
  createClaim(db, reviewer, {
    statement: 'The Ministry of Bridges counted the cars.',
    newClaimant: { name: 'Ministry of Bridges', kind: 'government' },
    claimedOn: '2024-12-01',
    language: 'en',
    context: '',
    appearance: { url: 'https://example.org/bridges', title: 'Count', quote: '' },
  });
});
afterAll(() => cleanup());

describe('a claimant typed on the new-claim form', () => {
  it('resolves an existing source ignoring case', () => {
    const { id } = createFromForm({ claimant: 'ministry of BRIDGES' });
    expect(sourceRow(claimRow(id).claimantId)).toEqual({ name: 'Ministry of Bridges', kind: 'government' });
  });

  it('refuses a name no source has, beside the field, writing nothing', () => {
    const before = tableCounts(db);
    const errors = fieldErrorsOf(() => createFromForm({ claimant: 'Ministry of Tunnels' }));
    expect(Object.keys(errors)).toEqual(['claimant']);
    expect(errors.claimant?.[0]).toBe('No source is named “Ministry of Tunnels”. Check the spelling, or choose a kind below to add it as a new source.');
    expect(tableCounts(db)).toEqual(before);
  });

  it('adds the new claimant with the kind chosen, once, with its audit event', () => {
    const before = tableCounts(db);
    const first = createFromForm({ claimant: 'Ministry of Tunnels', claimantKind: 'government' });
    const second = createFromForm({ claimant: 'Ministry of Tunnels', claimantKind: 'government' });
    expect(claimRow(first.id).claimantId).toBe(claimRow(second.id).claimantId);
    expect(sourceRow(claimRow(first.id).claimantId)).toEqual({ name: 'Ministry of Tunnels', kind: 'government' });
    const after = tableCounts(db);
    expect(after.sources).toBe((before.sources ?? 0) + 1);
    expect(db.$client.prepare("SELECT count(*) FROM audit_events WHERE action = 'source.create' AND entity_id = ?").pluck().get(claimRow(first.id).claimantId)).toBe(1);
  });

  it('resolves the publisher typed in the same way, and refuses an unknown one at appearance.publisher', () => {
    const { id } = createFromForm({ claimant: 'Ministry of Bridges', 'appearance.publisher': 'MINISTRY OF TUNNELS' });
    expect(sourceRow(publisherOf(id)!).name).toBe('Ministry of Tunnels');
    expect(publisherOf(createFromForm({ claimant: 'Ministry of Bridges' }).id)).toBeNull();
    const errors = fieldErrorsOf(() => createFromForm({ claimant: 'Ministry of Bridges', 'appearance.publisher': 'Bridge Gazette' }));
    expect(Object.keys(errors)).toEqual(['appearance.publisher']);
    const { id: withKind } = createFromForm({ claimant: 'Ministry of Bridges', 'appearance.publisher': 'Bridge Gazette', 'appearance.publisherKind': 'media' });
    expect(sourceRow(publisherOf(withKind)!)).toEqual({ name: 'Bridge Gazette', kind: 'media' });
  });
});

describe('what the claim forms are sent', () => {
  it('suggests a few names instead of listing every source, however many there are', () => {
    const insert = db.$client.prepare("INSERT INTO sources (name, kind, created_at, updated_at) VALUES (?, 'person', '2024-12-01T00:00:00Z', '2024-12-01T00:00:00Z')");
    db.$client.transaction(() => {
      for (let i = 0; i < 2500; i += 1) insert.run(`Padding Source ${i}`);
    })();
    const fresh = loadNewClaimChoices(db, reviewer);
    expect(Object.keys(fresh).sort()).toEqual(['claimants', 'measures', 'publishers']);
    expect(fresh.claimants).toContain('Ministry of Bridges');
    expect(fresh.claimants.length).toBeLessThanOrEqual(50);
    expect(fresh.claimants.some((name) => name.startsWith('Padding'))).toBe(false);
    const page = loadClaimPageChoices(db, reviewer, { editClaim: true });
    expect(page.claimants.length + page.publishers.length).toBeLessThanOrEqual(100);
    // Without the edit form, the claim page needs no claimant names.
    expect(loadClaimPageChoices(db, reviewer, { editClaim: false }).claimants).toEqual([]);
  });

  it('keeps the suggested names between views, and reads them again after any write', () => {
    const first = loadClaimPageChoices(db, reviewer, { editClaim: true });
    // Kept: the same lists, not read again.
    expect(loadClaimPageChoices(db, reviewer, { editClaim: true }).publishers).toBe(first.publishers);
    expect(loadNewClaimChoices(db, reviewer).claimants).toBe(first.claimants);
    expect(first.publishers).not.toContain('Weir Weekly');
    createFromForm({ claimant: 'Ministry of Weirs', claimantKind: 'government', 'appearance.publisher': 'Weir Weekly', 'appearance.publisherKind': 'media' });
    const next = loadClaimPageChoices(db, reviewer, { editClaim: true });
    expect(next.claimants).toContain('Ministry of Weirs');
    expect(next.publishers).toContain('Weir Weekly');
  });
});
