import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { sources } from '@/db/schema';
import { seedDemo } from '@/lib/demo/seed';
import { addAppearance } from '@/lib/claims/appearances';
import { readApiClaim } from '@/lib/api/verdicts';
import { exportStream } from '@/lib/export/stream';
import { ExportQuery } from '@/lib/validation/export';
import { createClaim } from '@/lib/claims/claims';
import { deskClaimCards, loadDuplicateState, markDuplicate, unmarkDuplicate } from '@/lib/claims/duplicates';
import { listClaims } from '@/lib/claims/claim-list';
import { loadClaimPage } from '@/lib/claims/claim-page';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/permissions';
import { ConflictError } from '@/lib/history/conflicts';
import { recordAssessment } from '@/lib/review/assessments';
import { addEvidence } from '@/lib/review/evidence';
import { ClaimListQuery } from '@/lib/validation/claim-list';
import { DuplicateMark } from '@/lib/validation/duplicate';
import { EvidenceCreate } from '@/lib/validation/evidence';
import { publishVerdict, saveVerdictDraft } from '@/lib/verdicts/verdicts';
import { demoActors } from '../helpers/actors';
import { tableCounts } from '../helpers/table-counts';
import { createTestDb } from '../helpers/test-db';

let db: Db;
let cleanup: () => void;
let actors: ReturnType<typeof demoActors>;
let claimantId: number;

beforeAll(async () => {
  ({ db, cleanup } = createTestDb());
  await seedDemo(db);
  actors = demoActors(db);
  claimantId = db.select({ id: sources.id }).from(sources).get()!.id;
});
afterAll(() => cleanup());

let serial = 0;
/** A fresh claim with `appearances` appearances and `evidence` evidence items. */
function claimWith(appearances = 1, evidence = 1): number {
  serial++;
  const id = createClaim(db, actors.editor, {
    statement: `Duplicate fixture claim ${serial}.`,
    claimantId,
    claimedOn: '2024-12-18',
    language: 'en',
    context: '',
    appearance: { url: `https://example.org/dup/${serial}/0`, title: `Seen ${serial}`, quote: '' },
  }).id;
  for (let n = 1; n < appearances; n++) addAppearance(db, actors.reviewer1, { claimId: id, url: `https://example.org/dup/${serial}/${n}`, title: `Seen again ${n}`, quote: '' });
  for (let n = 0; n < evidence; n++) addEvidence(db, actors.reviewer1, EvidenceCreate.parse({ claimId: id, url: `https://example.org/ev/${serial}/${n}`, title: `Evidence ${n}`, stance: 'supports' }));
  return id;
}
const version = (id: number) => db.$client.prepare('SELECT version FROM claims WHERE id = ?').pluck().get(id) as number;
const rowsOf = (id: number) => ({
  appearances: db.$client.prepare('SELECT id FROM appearances WHERE claim_id = ? ORDER BY id').pluck().all(id),
  evidence: db.$client.prepare('SELECT id FROM evidence WHERE claim_id = ? ORDER BY id').pluck().all(id),
});
const mark = (actor: Actor, page: number, other: number, keep: 'this' | 'other' = 'this', at = version(page)) =>
  markDuplicate(db, actor, DuplicateMark.parse({ claimId: page, version: at, otherClaimId: other, keep }));

function refusal(run: () => unknown): AppError {
  const before = tableCounts(db);
  try {
    run();
  } catch (error) {
    expect(tableCounts(db)).toEqual(before);
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('markDuplicate and unmarkDuplicate', () => {
  it('moves the duplicate’s appearances and evidence, and unmarking moves exactly those back', () => {
    const kept = claimWith(1, 1);
    const duplicate = claimWith(2, 2);
    const keptBefore = rowsOf(kept);
    const duplicateBefore = rowsOf(duplicate);
    const dupVersion = version(duplicate);

    const done = mark(actors.editor, kept, duplicate);
    expect(done).toEqual({ duplicateId: duplicate, keptId: kept, movedAppearanceIds: duplicateBefore.appearances, movedEvidenceIds: duplicateBefore.evidence });
    expect(rowsOf(duplicate)).toEqual({ appearances: [], evidence: [] });
    expect(rowsOf(kept).appearances.sort()).toEqual([...keptBefore.appearances, ...duplicateBefore.appearances].sort());
    expect(db.$client.prepare('SELECT duplicate_of AS d, version AS v FROM claims WHERE id = ?').get(duplicate)).toEqual({ d: kept, v: dupVersion + 1 });
    // Both histories tell it; the record of what moved is kept beside them.
    const events = db.$client.prepare("SELECT claim_id AS c, after FROM audit_events WHERE action = 'claim.mark_duplicate' AND entity_id = ? ORDER BY id").all(duplicate) as { c: number; after: string }[];
    expect(events.map((e) => e.c)).toEqual([duplicate, kept]);
    expect(JSON.parse(events[0]!.after)).toMatchObject({ duplicateOf: kept, movedAppearanceIds: duplicateBefore.appearances, movedEvidenceIds: duplicateBefore.evidence });
    expect(loadClaimPage(db, actors.reviewer1, kept).history.map((l) => l.text)).toContain(
      `${actors.editor.name} marked claim ${duplicate} a duplicate of claim ${kept}, moving 2 appearances and 2 evidence items to it.`,
    );
    expect(loadDuplicateState(db, actors.editor, kept).mergedHere.map((c) => c.id)).toEqual([duplicate]);
    expect(loadDuplicateState(db, actors.editor, duplicate).duplicateOf?.id).toBe(kept);

    // Something added to the kept claim after the merge stays there.
    const later = addAppearance(db, actors.reviewer1, { claimId: kept, url: 'https://example.org/dup/later', title: 'Added later', quote: '' }).id;
    const undone = unmarkDuplicate(db, actors.admin, { claimId: duplicate, version: version(duplicate) });
    expect(undone.movedAppearanceIds).toEqual(duplicateBefore.appearances);
    expect(undone.movedEvidenceIds).toEqual(duplicateBefore.evidence);
    expect(rowsOf(duplicate)).toEqual(duplicateBefore);
    expect(rowsOf(kept)).toEqual({ appearances: [...keptBefore.appearances, later], evidence: keptBefore.evidence });
    expect(db.$client.prepare('SELECT duplicate_of FROM claims WHERE id = ?').pluck().get(duplicate)).toBeNull();
    expect(db.$client.prepare('SELECT count(*) FROM duplicate_moves WHERE duplicate_claim_id = ?').pluck().get(duplicate)).toBe(0);
    expect(loadClaimPage(db, actors.editor, duplicate).history.at(-1)?.text ?? '').toMatch(/unmarked claim \d+ as a duplicate of claim \d+, moving 2 appearances and 2 evidence items back/);
  });

  it('keeps the page’s claim or merges it away, as chosen', () => {
    const page = claimWith();
    const other = claimWith();
    expect(mark(actors.editor, page, other, 'other')).toMatchObject({ duplicateId: page, keptId: other });
    unmarkDuplicate(db, actors.editor, { claimId: page, version: version(page) });
  });

  it('refuses self, chains, cycles, published duplicates and missing claims, writing nothing', () => {
    const a = claimWith();
    const b = claimWith();
    const c = claimWith();
    expect(refusal(() => markDuplicate(db, actors.editor, { claimId: a, version: version(a), otherClaimId: a, keep: 'this' }))).toMatchObject({ status: 400, fieldErrors: { otherClaimId: expect.any(Array) } });
    expect(refusal(() => mark(actors.editor, a, 999_999))).toMatchObject({ status: 400, fieldErrors: { otherClaimId: ['There is no claim 999999'] } });
    expect(refusal(() => markDuplicate(db, actors.editor, { claimId: 999_999, version: 1, otherClaimId: a, keep: 'this' }))).toMatchObject({ status: 404 });

    mark(actors.editor, a, b); // b → a
    expect(refusal(() => mark(actors.editor, c, b)).message).toMatch(/already marked a duplicate/); // b again
    expect(refusal(() => mark(actors.editor, b, c)).message).toMatch(/is itself a duplicate/); // c → b: a chain
    expect(refusal(() => mark(actors.editor, c, a)).message).toMatch(/were merged into claim/); // a → c would chain b
    expect(refusal(() => mark(actors.editor, b, a)).message).toMatch(/is itself a duplicate/); // a → b: a cycle

    const published = db.$client.prepare("SELECT id FROM claims WHERE status = 'published' ORDER BY id LIMIT 1").pluck().get() as number;
    expect(refusal(() => mark(actors.editor, c, published)).message).toMatch(/published verdict, which stands on its own/);
    expect(refusal(() => unmarkDuplicate(db, actors.editor, { claimId: c, version: version(c) })).message).toMatch(/is not marked a duplicate/);
    unmarkDuplicate(db, actors.editor, { claimId: b, version: version(b) });
  });

  it('conflicts on a stale version, for marking and unmarking, writing nothing', () => {
    const kept = claimWith();
    const duplicate = claimWith();
    const stale = version(kept);
    db.$client.prepare('UPDATE claims SET version = version + 1 WHERE id = ?').run(kept);
    expect(refusal(() => mark(actors.editor, kept, duplicate, 'this', stale))).toBeInstanceOf(ConflictError);
    mark(actors.editor, kept, duplicate);
    expect(refusal(() => unmarkDuplicate(db, actors.editor, { claimId: duplicate, version: version(duplicate) - 1 }))).toBeInstanceOf(ConflictError);
  });

  it('lets editors and admins mark and unmark; reviewers, keys and nobody are refused', () => {
    const kept = claimWith();
    const duplicate = claimWith();
    const key: Actor = { kind: 'api_key', id: 1, scopes: ['verdicts:read', 'claims:write', 'export:read'], name: 'k' };
    for (const actor of [actors.reviewer1, key, null]) {
      expect(refusal(() => mark(actor as Actor, kept, duplicate)).code).toBe(actor === null ? 'unauthorized' : 'forbidden');
    }
    mark(actors.admin, kept, duplicate);
    for (const actor of [actors.reviewer2, key, null]) {
      expect(refusal(() => unmarkDuplicate(db, actor as Actor, { claimId: duplicate, version: version(duplicate) })).code).toBe(actor === null ? 'unauthorized' : 'forbidden');
    }
    unmarkDuplicate(db, actors.editor, { claimId: duplicate, version: version(duplicate) });
  });

  it('hides duplicates from the claims list unless asked, and never publishes one', () => {
    const kept = claimWith();
    const duplicate = claimWith(1, 1);
    // Ready to publish but for the merge: two ratings and a draft.
    for (const reviewer of [actors.reviewer1, actors.reviewer2]) recordAssessment(db, reviewer, { claimId: duplicate, label: 'accurate', confidence: 80, rationale: '', citedEvidenceIds: [] });
    const draft = saveVerdictDraft(db, actors.editor, { claimId: duplicate, version: 0, label: 'accurate', headline: 'h', explanation: 'e', citedEvidenceIds: [] });
    mark(actors.editor, kept, duplicate);
    const listed = (params: Record<string, string>) => listClaims(db, actors.reviewer1, ClaimListQuery.parse({ limit: '100', ...params })).items.map((item) => item.id);
    expect(listed({})).toContain(kept);
    expect(listed({})).not.toContain(duplicate);
    expect(listed({ q: 'Duplicate fixture' })).not.toContain(duplicate);
    expect(listed({ duplicates: '1' })).toContain(duplicate);
    expect(refusal(() => publishVerdict(db, actors.editor, { claimId: duplicate, version: draft.version })).status).toBeGreaterThanOrEqual(400);
  });

  it('shows other claims by status and published verdict only, never a rating in progress', () => {
    const rated = claimWith();
    recordAssessment(db, actors.reviewer2, { claimId: rated, label: 'inaccurate', confidence: 90, rationale: 'secret', citedEvidenceIds: [] });
    const published = db.$client.prepare("SELECT id FROM claims WHERE status = 'published' ORDER BY id LIMIT 1").pluck().get() as number;
    const cards = deskClaimCards(db, actors.reviewer1, claimWith(), [rated, published, 999_999]);
    expect(cards.map((c) => Object.keys(c).sort())).toEqual([['id', 'statement', 'status', 'verdictLabel', 'version'], ['id', 'statement', 'status', 'verdictLabel', 'version']]);
    expect(cards[0]).toMatchObject({ id: rated, status: 'in_review', verdictLabel: null });
    expect(cards[1]?.verdictLabel).not.toBeNull();
  });

  it('tells the CMS and the exports which claim a duplicate was merged into', async () => {
    const kept = claimWith();
    const duplicate = claimWith();
    mark(actors.editor, kept, duplicate);
    expect(readApiClaim(db, 'http://localhost:3000', duplicate, true)).toMatchObject({ id: duplicate, duplicate_of: kept, verdict: null });
    expect(readApiClaim(db, 'http://localhost:3000', kept, true).duplicate_of).toBeNull();
    const { stream } = exportStream(db, actors.editor, ExportQuery.parse({ format: 'jsonl' }), { publicUrl: 'http://localhost:3000', org: { name: 'Desk', url: 'http://localhost:3000' } });
    const lines = (await new Response(stream).text()).trim().split('\n').map((line) => JSON.parse(line) as { id: number; duplicate_of: number | null });
    expect(lines.find((line) => line.id === duplicate)?.duplicate_of).toBe(kept);
    expect(lines.find((line) => line.id === kept)?.duplicate_of).toBeNull();
  });
});
