import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { listClaims } from '@/lib/claims/claim-list';
import { claims, disagreements, quantities, sources, verdicts } from '@/db/schema';
import { seedDemo } from '@/lib/demo/seed';
import { loadClaimPage } from '@/lib/claims/claim-page';
import { createClaim, editClaim } from '@/lib/claims/claims';
import { ConflictError } from '@/lib/history/conflicts';
import { AppError, fieldErrorsFromZod, type ErrorCode } from '@/lib/errors';
import type { Actor } from '@/lib/auth/permissions';
import { ClaimUpdate, type QuantityInput } from '@/lib/validation/claim';
import { ClaimListQuery } from '@/lib/validation/claim-list';
import { formSchema } from '@/lib/validation/fields';
import { amendVerdict } from '@/lib/verdicts/verdicts';
import { demoActors } from '../helpers/actors';
import { tableCounts } from '../helpers/table-counts';
import { createTestDb } from '../helpers/test-db';

let db: Db;
let cleanup: () => void;
type Person = 'reviewer1' | 'reviewer2' | 'editor' | 'admin';
const actors = {} as Record<Person, Actor>;
let pentagonId: number;
let zelenskyId: number;

beforeAll(async () => {
  ({ db, cleanup } = createTestDb());
  await seedDemo(db);
  Object.assign(actors, demoActors(db));
  const sourceId = (name: string) => db.select({ id: sources.id }).from(sources).where(eq(sources.name, name)).get()!.id;
  pentagonId = sourceId('Pentagon (US Department of Defense)');
  zelenskyId = sourceId('Volodymyr Zelensky');
});
afterAll(() => cleanup());

const lastAuditId = () => (db.$client.prepare('SELECT coalesce(max(id), 0) AS id FROM audit_events').get() as { id: number }).id;
function auditSince(id: number) {
  return (db.$client.prepare('SELECT action, entity_type AS entityType, entity_id AS entityId, claim_id AS claimId, actor_user_id AS actorUserId, "before", "after" FROM audit_events WHERE id > ? ORDER BY id').all(id) as {
    action: string;
    entityType: string;
    entityId: number;
    claimId: number | null;
    actorUserId: number | null;
    before: string | null;
    after: string | null;
  }[]).map((row) => ({ ...row, before: JSON.parse(row.before ?? 'null') as unknown, after: JSON.parse(row.after ?? 'null') as unknown }));
}
const claimRow = (id: number) => db.select().from(claims).where(eq(claims.id, id)).get()!;
const claimByStatement = (statement: string) => db.select().from(claims).where(eq(claims.statement, statement)).get()!;

let serial = 0;
function fixtureClaim(tag: string | number) {
  return {
    statement: `Claim edit fixture ${tag}: the harbour holds many ships.`,
    claimedOn: '2024-12-18',
    language: 'en',
    context: '',
    appearance: { url: `https://example.org/edit-fixture/${tag}`, title: `Edit fixture ${tag}`, quote: '' },
  };
}
function newClaim(quantity?: QuantityInput): number {
  serial++;
  return createClaim(db, actors.editor, { ...fixtureClaim(serial), claimantId: pentagonId, quantity }).id;
}

/** The edit input that changes nothing: the claim as stored, at its version. */
function unchanged(id: number): ClaimUpdate {
  const row = claimRow(id);
  const claimant = db.select({ name: sources.name }).from(sources).where(eq(sources.id, row.claimantId)).get()!.name;
  return { claimId: id, version: row.version, statement: row.statement, claimant, claimedOn: row.claimedOn, language: row.language, context: row.context, quantity: storedQuantityInput(id) };
}
function storedQuantityInput(id: number): QuantityInput | undefined {
  const q = db.$client
    .prepare('SELECT m.name AS measure, q.value, q.low, q.high, q.unit, q.bound, q.modality, q.as_of AS asOf FROM quantities q JOIN measures m ON m.id = q.measure_id WHERE q.claim_id = ?')
    .get(id) as (Record<string, unknown> & QuantityInput) | undefined;
  if (!q) return undefined;
  const drop = (v: unknown) => (v === null ? undefined : v);
  return { ...q, value: drop(q.value) as number | undefined, low: drop(q.low) as number | undefined, high: drop(q.high) as number | undefined, asOf: drop(q.asOf) as string | undefined };
}

function refusal(run: () => unknown): AppError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AppError);
  return caught as AppError;
}

function search(q: string): number[] {
  return listClaims(db, actors.editor, ClaimListQuery.parse({ q, limit: '100' })).items.map((item) => item.id);
}

describe('editing a claim', () => {
  it('saves the changed fields at the next version with one audit event holding only what changed', () => {
    const id = newClaim();
    const before = claimRow(id);
    const since = lastAuditId();
    const { claim, changed } = editClaim(db, actors.reviewer1, {
      ...unchanged(id),
      statement: 'The harbour at Quellmouth holds forty frigates.',
      claimedOn: '2024-12-17',
      context: 'Said at a briefing.',
    });
    expect(changed.sort()).toEqual(['claimedOn', 'context', 'statement']);
    expect(claim).toMatchObject({ statement: 'The harbour at Quellmouth holds forty frigates.', claimedOn: '2024-12-17', context: 'Said at a briefing.', version: before.version + 1 });
    expect(claimRow(id)).toMatchObject({ statement: claim.statement, version: before.version + 1, language: 'en', claimantId: pentagonId });

    const events = auditSince(since);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'claim.update', entityType: 'claim', entityId: id, claimId: id, actorUserId: actors.reviewer1.id });
    expect(events[0]!.before).toEqual({ statement: before.statement, claimedOn: '2024-12-18', context: '', version: before.version });
    expect(events[0]!.after).toEqual({ statement: claim.statement, claimedOn: '2024-12-17', context: 'Said at a briefing.', version: before.version + 1 });
  });

  it('keeps the search index in step: the new wording is found, the old is not', () => {
    const id = newClaim();
    const old = claimRow(id).statement;
    expect(search('harbour')).toContain(id);
    editClaim(db, actors.editor, { ...unchanged(id), statement: 'Zanzibarian lighthouses number seventeen.' });
    expect(search('Zanzibarian')).toEqual([id]);
    expect(search('light')).toContain(id);
    expect(search(old)).not.toContain(id);
  });

  it('moves the claim to another claimant: the claim counts and the search by claimant name follow', () => {
    const id = newClaim();
    const counts = () => db.select({ id: sources.id, n: sources.claimCount }).from(sources).where(inArray(sources.id, [pentagonId, zelenskyId])).all();
    const [pentagonBefore, zelenskyBefore] = [pentagonId, zelenskyId].map((s) => counts().find((c) => c.id === s)!.n);
    const since = lastAuditId();
    editClaim(db, actors.reviewer2, { ...unchanged(id), claimant: 'volodymyr zelensky' });
    expect(claimRow(id).claimantId).toBe(zelenskyId);
    expect(counts().find((c) => c.id === pentagonId)!.n).toBe(pentagonBefore! - 1);
    expect(counts().find((c) => c.id === zelenskyId)!.n).toBe(zelenskyBefore! + 1);
    expect(search('Zelensky harbour')).toEqual([id]);
    expect(search('Pentagon harbour')).not.toContain(id);
    const [event] = auditSince(since);
    expect(event!.before).toMatchObject({ claimant: { id: pentagonId, name: 'Pentagon (US Department of Defense)' } });
    expect(event!.after).toMatchObject({ claimant: { id: zelenskyId, name: 'Volodymyr Zelensky' } });
  });

  it('writes a readable history line for the edit', () => {
    const id = newClaim();
    editClaim(db, actors.reviewer1, { ...unchanged(id), statement: 'A reworded statement about ships.', claimant: 'Volodymyr Zelensky', language: 'uk' });
    const lines = loadClaimPage(db, actors.editor, id).history.map((line) => line.text);
    expect(lines.at(-1)).toBe(
      'Rosa Reviewer changed the statement to “A reworded statement about ships.”, changed the claimant from Pentagon (US Department of Defense) to Volodymyr Zelensky and changed the language from en to uk.',
    );
  });

  it('saves nothing and writes no audit event when nothing changed', () => {
    const id = newClaim({ measure: 'Frigates in the harbour', value: 40, unit: 'frigates', bound: 'about', modality: 'estimate' });
    const counts = tableCounts(db);
    const { claim, changed } = editClaim(db, actors.editor, unchanged(id));
    expect(changed).toEqual([]);
    expect(claim.version).toBe(1);
    expect(tableCounts(db)).toEqual(counts);
  });

  it('refuses a claimant name no source has, naming the field, and writes nothing', () => {
    const id = newClaim();
    const counts = tableCounts(db);
    const error = refusal(() => editClaim(db, actors.editor, { ...unchanged(id), claimant: 'Nobody Of This Name' }));
    expect(error.code).toBe('bad_request');
    expect(Object.keys(error.fieldErrors)).toEqual(['claimant']);
    expect(error.fieldErrors.claimant?.[0]).toContain('choose a kind below');
    expect(tableCounts(db)).toEqual(counts);
    expect(claimRow(id).version).toBe(1);
  });

  it('adds a new claimant when a kind is chosen, with its audit event in the same transaction', () => {
    const id = newClaim();
    const since = lastAuditId();
    editClaim(db, actors.reviewer1, { ...unchanged(id), claimant: 'Harbour Master of Quellmouth', claimantKind: 'person' });
    const source = db.select().from(sources).where(eq(sources.name, 'Harbour Master of Quellmouth')).get()!;
    expect(source.kind).toBe('person');
    expect(claimRow(id).claimantId).toBe(source.id);
    expect(auditSince(since).map((event) => event.action)).toEqual(['source.create', 'claim.update']);
  });

  it('keeps the current claimant when its name is shared by another source, and checks the version first', () => {
    const id = newClaim();
    // Another source spelled the same way: the untouched form still saves, keeping the claimant.
    createClaim(db, actors.editor, { ...fixtureClaim('twin'), newClaimant: { name: 'PENTAGON (US Department of Defense)', kind: 'organisation' } });
    expect(editClaim(db, actors.editor, { ...unchanged(id), context: 'Twin names.' }).changed).toEqual(['context']);
    expect(claimRow(id).claimantId).toBe(pentagonId);
    // A stale edit that names a new claimant creates no source.
    const counts = tableCounts(db);
    expect(() => editClaim(db, actors.editor, { ...unchanged(id), version: 1, claimant: 'Stale New Source', claimantKind: 'person' })).toThrow(ConflictError);
    expect(tableCounts(db)).toEqual(counts);
  });

  it('answers not found for a claim that does not exist', () => {
    const error = refusal(() => editClaim(db, actors.editor, { ...unchanged(newClaim()), claimId: 987654 }));
    expect(error.code).toBe('not_found');
  });
});

describe('a stale edit', () => {
  it('is refused with who changed what since, and writes nothing', () => {
    const id = newClaim();
    const stale = unchanged(id);
    editClaim(db, actors.reviewer2, { ...stale, statement: 'First save wins the harbour.' });

    const counts = tableCounts(db);
    const error = refusal(() => editClaim(db, actors.reviewer1, { ...stale, context: 'Second save, made on the old page.' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.code).toBe('conflict');
    expect((error as ConflictError).currentVersion).toBe(2);
    expect(error.message).toContain('This claim was changed after you opened it, so your save was not applied.');
    expect(error.message).toMatch(/Ravi Reviewer changed statement at \d\d:\d\d UTC\./);
    expect(tableCounts(db)).toEqual(counts);
    expect(claimRow(id)).toMatchObject({ statement: 'First save wins the harbour.', context: '', version: 2 });

    // Saving again at the version now current applies, knowingly.
    editClaim(db, actors.reviewer1, { ...unchanged(id), context: 'Second save, made on the old page.' });
    expect(claimRow(id)).toMatchObject({ statement: 'First save wins the harbour.', context: 'Second save, made on the old page.', version: 3 });
  });
});

describe('who may edit a claim', () => {
  const published = () => claimByStatement(db.$client.prepare("SELECT statement FROM claims WHERE status = 'published' ORDER BY id LIMIT 1").pluck().get() as string);

  it.each<[string, Actor | null, ErrorCode]>([
    ['no session', null, 'unauthorized'],
    ['an API key, even one that may submit claims', { kind: 'api_key', id: 1, scopes: ['claims:write', 'verdicts:read', 'export:read'], name: 'CMS' }, 'forbidden'],
  ])('refuses %s, writing nothing', (_who, actor, code) => {
    const id = newClaim();
    const counts = tableCounts(db);
    expect(refusal(() => editClaim(db, actor as Actor, { ...unchanged(id), statement: 'Not allowed.' })).code).toBe(code);
    expect(tableCounts(db)).toEqual(counts);
  });

  it('lets reviewers, editors and admins edit a claim before publication', () => {
    for (const who of ['reviewer1', 'reviewer2', 'editor', 'admin'] as const) {
      const id = newClaim();
      expect(editClaim(db, actors[who], { ...unchanged(id), context: `Edited by ${who}.` }).changed).toEqual(['context']);
    }
  });

  it('refuses a reviewer once the verdict is published, writing nothing', () => {
    const claim = published();
    const counts = tableCounts(db);
    const error = refusal(() => editClaim(db, actors.reviewer1, { ...unchanged(claim.id), context: 'A reviewer edits a published claim.' }));
    expect(error.code).toBe('forbidden');
    expect(tableCounts(db)).toEqual(counts);
    expect(claimRow(claim.id)).toEqual(claim);
  });

  it('lets an editor edit a published claim without touching its published verdict versions', () => {
    const claim = published();
    const versionsBefore = db.select().from(verdicts).where(eq(verdicts.claimId, claim.id)).all();
    expect(versionsBefore.length).toBeGreaterThan(0);
    editClaim(db, actors.editor, { ...unchanged(claim.id), context: 'Clarified by the editor after publication.' });
    expect(claimRow(claim.id)).toMatchObject({ status: 'published', context: 'Clarified by the editor after publication.', version: claim.version + 1 });
    expect(db.select().from(verdicts).where(eq(verdicts.claimId, claim.id)).all()).toEqual(versionsBefore);
  });

  it('refuses a reviewer on a retracted claim and lets the admin edit it', () => {
    const claim = published();
    const draftVersion = db.$client.prepare('SELECT version FROM verdict_drafts WHERE claim_id = ?').pluck().get(claim.id) as number;
    amendVerdict(db, actors.editor, { claimId: claim.id, version: draftVersion, kind: 'retraction', note: 'Withdrawn for this test.' });
    expect(claimRow(claim.id).status).toBe('retracted');
    const counts = tableCounts(db);
    expect(refusal(() => editClaim(db, actors.reviewer2, { ...unchanged(claim.id), language: 'fr' })).code).toBe('forbidden');
    expect(tableCounts(db)).toEqual(counts);
    expect(editClaim(db, actors.admin, { ...unchanged(claim.id), language: 'fr' }).claim).toMatchObject({ status: 'retracted', language: 'fr' });
  });
});

describe('the edit form’s input', () => {
  const schema = formSchema(ClaimUpdate);
  const form = (overrides: Record<string, string> = {}) => ({
    claimId: '1',
    version: '1',
    statement: 'A statement.',
    claimant: 'Volodymyr Zelensky',
    claimantKind: '',
    claimedOn: '2024-12-18',
    language: 'en',
    context: '',
    'quantity.measure': '',
    'quantity.unit': '',
    'quantity.bound': '',
    'quantity.value': '',
    'quantity.low': '',
    'quantity.high': '',
    'quantity.modality': '',
    'quantity.asOf': '',
    ...overrides,
  });
  const errorsOf = (input: Record<string, string>) => {
    const result = schema.safeParse(input);
    expect(result.success, 'expected the input to be refused').toBe(false);
    return result.success ? {} : fieldErrorsFromZod(result.error);
  };

  it('reads a complete form, an empty quantity group as no quantity', () => {
    expect(schema.parse(form())).toEqual({ claimId: 1, version: 1, statement: 'A statement.', claimant: 'Volodymyr Zelensky', claimedOn: '2024-12-18', language: 'en', context: '' });
    expect(schema.parse(form({ 'quantity.measure': 'Ships', 'quantity.unit': 'ships', 'quantity.bound': 'at_most', 'quantity.high': '10,000', 'quantity.modality': 'estimate' })).quantity).toEqual({
      measure: 'Ships',
      unit: 'ships',
      bound: 'at_most',
      high: 10000,
      modality: 'estimate',
    });
  });

  it.each<[string, Record<string, string>, string, string]>([
    ['an empty statement', { statement: '  ' }, 'statement', 'Enter the statement'],
    ['no claimant', { claimant: ' ' }, 'claimant', 'Enter the claimant'],
    ['a kind that is not one', { claimantKind: 'planet' }, 'claimantKind', 'Choose what kind of source this is'],
    ['a date in the future', { claimedOn: '2999-01-01' }, 'claimedOn', 'The date cannot be in the future'],
    ['a language that is not a code', { language: 'English!' }, 'language', 'Use a language code such as en or pt-BR'],
    ['a missing version', { version: '' }, 'version', 'The form is missing its version; reload the page'],
    ['bounds the wrong way round', { 'quantity.measure': 'Ships', 'quantity.unit': 'ships', 'quantity.bound': 'range', 'quantity.low': '9', 'quantity.high': '3', 'quantity.modality': 'estimate' }, 'quantity.low', 'The low bound must not be above the high bound'],
    ['a figure with no measure', { 'quantity.unit': 'ships', 'quantity.bound': 'exact', 'quantity.value': '3', 'quantity.modality': 'estimate' }, 'quantity.measure', 'Enter the measure'],
    ['a value that is not a number', { 'quantity.measure': 'Ships', 'quantity.unit': 'ships', 'quantity.bound': 'exact', 'quantity.value': 'many', 'quantity.modality': 'estimate' }, 'quantity.value', 'Enter a number'],
  ])('refuses %s, naming the field', (_case, overrides, field, message) => {
    const errors = errorsOf(form(overrides));
    expect(errors[field]).toContain(message);
  });
});

describe('a changed quantity', () => {
  const widgets = (value: number, modality: QuantityInput['modality'] = 'estimate'): QuantityInput => ({ measure: 'Widgets in the depot', value, unit: 'widgets', bound: 'about', modality });
  const openSourcesDisagreements = (claimId: number) =>
    db.select().from(disagreements).where(eq(disagreements.claimId, claimId)).all().filter((d) => d.kind === 'sources' && d.status === 'open');

  it('runs disagreement detection again: figures that stop overlapping open a sources’ disagreement', () => {
    const a = newClaim(widgets(100));
    const b = newClaim(widgets(105));
    expect(openSourcesDisagreements(a)).toHaveLength(0);
    expect(claimRow(a).disputed).toBe(false);

    const since = lastAuditId();
    editClaim(db, actors.reviewer1, { ...unchanged(b), quantity: widgets(400) });
    const opened = openSourcesDisagreements(a);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ relatedClaimId: b });
    expect(opened[0]!.reason).toContain('do not overlap');
    expect(claimRow(a).disputed).toBe(true);
    expect(claimRow(b).disputed).toBe(true);
    expect(auditSince(since).map((e) => e.action)).toEqual(['claim.update', 'disagreement.open_auto', 'claim.review_state', 'claim.review_state']);
    expect(db.select().from(quantities).where(eq(quantities.claimId, b)).get()).toMatchObject({ value: 400, version: 2 });
  });

  it('says nothing is comparable when the modality differs, opening no disagreement', () => {
    const a = newClaim({ ...widgets(100), measure: 'Widgets in the shed' });
    const b = newClaim({ ...widgets(100), measure: 'Widgets in the shed' });
    editClaim(db, actors.editor, { ...unchanged(b), quantity: { ...widgets(900, 'projection'), measure: 'Widgets in the shed' } });
    expect(openSourcesDisagreements(a)).toHaveLength(0);
    expect(claimRow(a).disputed).toBe(false);
  });

  it('adds a figure to a claim without one and removes it again, with history lines for both', () => {
    const id = newClaim();
    editClaim(db, actors.editor, { ...unchanged(id), quantity: { measure: 'Frigates in the harbour', high: 40, unit: 'frigates', bound: 'at_most', modality: 'reported_fact' } });
    expect(db.select().from(quantities).where(eq(quantities.claimId, id)).get()).toMatchObject({ high: 40, bound: 'at_most', version: 2 });
    editClaim(db, actors.editor, { ...unchanged(id), quantity: undefined });
    expect(db.select().from(quantities).where(eq(quantities.claimId, id)).get()).toBeUndefined();
    editClaim(db, actors.editor, { ...unchanged(id), quantity: { measure: 'Frigates in the harbour', high: 40, unit: 'frigates', bound: 'at_most', modality: 'reported_fact' } });
    // A figure added again gets a version it never had, so detection compares it afresh.
    expect(db.select().from(quantities).where(eq(quantities.claimId, id)).get()).toMatchObject({ version: 4 });

    const lines = loadClaimPage(db, actors.editor, id).history.map((line) => line.text);
    expect(lines.slice(-3)).toEqual([
      'Edith Editor added the figure at most 40 frigates.',
      'Edith Editor removed the figure at most 40 frigates.',
      'Edith Editor added the figure at most 40 frigates.',
    ]);
  });

  it('describes a changed figure, modality and measure in the history', () => {
    const id = newClaim(widgets(100));
    editClaim(db, actors.editor, { ...unchanged(id), quantity: { ...widgets(120, 'projection'), measure: 'Widgets on the quay' } });
    const [line] = loadClaimPage(db, actors.editor, id).history.slice(-1).map((l) => l.text);
    expect(line).toBe(
      'Edith Editor changed the figure from about 100 widgets to about 120 widgets, changed the modality from estimate to projection and moved the figure from the measure “Widgets in the depot” to “Widgets on the quay”.',
    );
  });
});
