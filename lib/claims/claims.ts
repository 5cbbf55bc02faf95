import 'server-only';
import type { Db, Tx } from '@/db/open';
import { recordAuditEvent } from '@/db/queries/audit';
import {
  deleteQuantity,
  getClaimDetail,
  getClaimRow,
  getQuantity,
  insertAppearance,
  insertClaim,
  insertQuantity,
  saveQuantity,
  updateClaimAtVersion,
} from '@/db/queries/claims';
import { findMeasure, getMeasure, insertMeasure } from '@/db/queries/measures';
import { findSourceByName, findSourcesNamed, getSource, insertSource } from '@/db/queries/sources';
import type { BoundKind, Claim, ClaimStatus, Modality } from '@/db/schema';
import { refreshReviewState } from '../review/review-state';
import { staleVersionError } from '../history/conflicts';
import { AppError } from '../errors';
import { assertCan, auditActor, can, type Actor, type DomainActor } from '../auth/permissions';
import type { ClaimCreate, ClaimCreateForm, ClaimUpdate, QuantityInput } from '../validation/claim';
import { resolveSourceRef } from '../sources/source-by-name';

/** "North Korean troops in Russia" → "north-korean-troops-in-russia". */
export function measureKey(name: string): string {
  const key = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
  return key || 'measure';
}

function requireSource(tx: Tx, id: number, field: string): void {
  if (!getSource(tx, id)) throw new AppError('bad_request', 'Please fix the highlighted fields.', { [field]: ['That source no longer exists'] });
}

/** A claim as the API and the import give it (ClaimCreate), or as the new-claim form does (names typed). */
type NewClaim = ClaimCreate | ClaimCreateForm;

function resolveClaimant(tx: Tx, actor: DomainActor, input: NewClaim): number {
  if ('claimant' in input) {
    const id = resolveSourceRef(tx, actor, { name: input.claimant, kind: input.claimantKind }, 'claimant');
    if (id === null) throw new AppError('bad_request', 'Please fix the highlighted fields.', { claimant: ['Enter the claimant'] });
    return id;
  }
  const audit = auditActor(actor);
  if (input.claimantId !== undefined) {
    requireSource(tx, input.claimantId, 'claimantId');
    return input.claimantId;
  }
  const wanted = input.newClaimant;
  if (!wanted) throw new AppError('bad_request', 'Choose a claimant.', { claimantId: ['Choose a claimant'] });
  // Re-using a source of the same name and kind keeps the sources list free of duplicates.
  const existing = findSourceByName(tx, wanted.name, wanted.kind);
  if (existing) return existing.id;
  const source = insertSource(tx, { ...wanted, createdBy: audit.actorUserId });
  recordAuditEvent(tx, { ...audit, action: 'source.create', entityType: 'source', entityId: source.id, after: source });
  return source.id;
}

/** The first appearance's publisher: by id from the API, by the typed name from the form, or none. */
function resolvePublisher(tx: Tx, actor: DomainActor, input: NewClaim): number | null {
  const appearance = input.appearance;
  if ('publisherId' in appearance && appearance.publisherId !== undefined) {
    requireSource(tx, appearance.publisherId, 'appearance.publisherId');
    return appearance.publisherId;
  }
  if ('publisher' in appearance) {
    return resolveSourceRef(tx, actor, { name: appearance.publisher, kind: appearance.publisherKind }, 'appearance.publisher');
  }
  return null;
}

function resolveMeasure(tx: Tx, actor: DomainActor, quantity: QuantityInput): number {
  const key = measureKey(quantity.measure);
  const existing = findMeasure(tx, key, quantity.measure);
  if (existing) return existing.id;
  const measure = insertMeasure(tx, { key, name: quantity.measure, unit: quantity.unit });
  recordAuditEvent(tx, {
    ...auditActor(actor),
    action: 'measure.create',
    entityType: 'measure',
    entityId: measure.id,
    after: measure,
  });
  return measure.id;
}

/**
 * Creates a claim with its claimant, first appearance and optional quantity: one synchronous
 * transaction, one audit event per row written.
 */
export function createClaim(db: Db, actor: DomainActor, input: NewClaim): { id: number } {
  assertCan(actor, 'claim:create');
  return db.transaction((tx) => {
    const audit = auditActor(actor);
    const claimantId = resolveClaimant(tx, actor, input);
    const publisherId = resolvePublisher(tx, actor, input);
    const claim = insertClaim(tx, {
      statement: input.statement,
      claimantId,
      claimedOn: input.claimedOn,
      language: input.language,
      context: input.context,
      createdBy: audit.actorUserId,
    });
    recordAuditEvent(tx, { ...audit, action: 'claim.create', entityType: 'claim', entityId: claim.id, claimId: claim.id, after: claim });

    const appearance = insertAppearance(tx, {
      claimId: claim.id,
      url: input.appearance.url,
      title: input.appearance.title,
      publisherId,
      publishedOn: input.appearance.publishedOn ?? null,
      quote: input.appearance.quote,
      createdBy: audit.actorUserId,
    });
    recordAuditEvent(tx, {
      ...audit,
      action: 'appearance.create',
      entityType: 'appearance',
      entityId: appearance.id,
      claimId: claim.id,
      after: appearance,
    });

    if (input.quantity) {
      const { measure: _measure, ...figures } = input.quantity;
      const quantity = insertQuantity(tx, {
        claimId: claim.id,
        measureId: resolveMeasure(tx, actor, input.quantity),
        value: figures.value ?? null,
        low: figures.low ?? null,
        high: figures.high ?? null,
        unit: figures.unit,
        bound: figures.bound,
        modality: figures.modality,
        asOf: figures.asOf ?? null,
      });
      recordAuditEvent(tx, {
        ...audit,
        action: 'quantity.create',
        entityType: 'quantity',
        entityId: claim.id,
        claimId: claim.id,
        after: quantity,
      });
      // A figure that clashes with another claim's figure for the same measure opens a sources'
      // disagreement now, as it would if the figure were added later.
      refreshReviewState(tx, actor, claim.id);
    }
    return { id: claim.id };
  });
}

/** A claim for the claim page; readers need claim:read. */
export function readClaim(db: Db, actor: Actor | null, id: number) {
  assertCan(actor, 'claim:read');
  const claim = getClaimDetail(db, id);
  if (!claim) throw new AppError('not_found', 'Claim not found.');
  return claim;
}

/**
 * The CMS reports where it published the desk's fact-check; kept on the claim, audited. With the
 * version the CMS read, a claim changed since then is refused rather than overwritten; the same URL
 * again is not a change, so a retried report succeeds.
 */
export function reportArticleUrl(db: Db, actor: Actor, claimId: number, url: string, readVersion?: number): void {
  assertCan(actor, 'claim:article');
  db.transaction((tx) => {
    const before = getClaimRow(tx, claimId);
    if (!before) throw new AppError('not_found', `There is no claim ${claimId}.`, { id: ['Unknown claim'] });
    if (before.status !== 'published') {
      throw new AppError('conflict', 'Only a claim with a published verdict has an article to report.');
    }
    if (before.articleUrl === url) return;
    if (readVersion !== undefined && readVersion !== before.version) {
      throw new AppError(
        'conflict',
        `Claim ${claimId} is at version ${before.version}, not ${readVersion}: it changed since you read it, so the report was not applied. Read the claim again and resend.`,
        { version: [`The claim is now at version ${before.version}`] },
      );
    }
    const after = updateClaimAtVersion(tx, claimId, before.version, { articleUrl: url });
    if (!after) throw new AppError('conflict', 'The claim changed while saving; retry.');
    recordAuditEvent(tx, {
      ...auditActor(actor),
      action: 'claim.article',
      entityType: 'claim',
      entityId: claimId,
      claimId,
      before: { articleUrl: before.articleUrl, version: before.version },
      after: { articleUrl: after.articleUrl, version: after.version },
    });
  });
}

/** A claim whose verdict has been published (and perhaps retracted since) is the editors' to change. */
function isPublished(status: ClaimStatus): boolean {
  return status === 'published' || status === 'retracted';
}

/** Whether this actor may edit a claim in this status: reviewers until publication, editors always. */
export function mayEditClaim(actor: Actor | null, status: ClaimStatus): boolean {
  return can(actor, 'claim:edit') && (!isPublished(status) || can(actor, 'claim:edit_published'));
}

/** A quantity as the claim page and the history speak of it: the measure by name. */
interface QuantityRecord {
  measure: string;
  value: number | null;
  low: number | null;
  high: number | null;
  unit: string;
  bound: BoundKind;
  modality: Modality;
  asOf: string | null;
}

const FIGURE_KEYS = ['value', 'low', 'high', 'unit', 'bound', 'modality', 'asOf'] as const;

function storedQuantity(tx: Tx, claimId: number): { measureId: number; version: number; record: QuantityRecord } | null {
  const row = getQuantity(tx, claimId);
  if (!row) return null;
  const measure = getMeasure(tx, row.measureId);
  const record: QuantityRecord = { measure: measure?.name ?? '', value: row.value, low: row.low, high: row.high, unit: row.unit, bound: row.bound, modality: row.modality, asOf: row.asOf };
  return { measureId: row.measureId, version: row.version, record };
}

function wantedFigures(input: QuantityInput): Omit<QuantityRecord, 'measure'> {
  return { value: input.value ?? null, low: input.low ?? null, high: input.high ?? null, unit: input.unit, bound: input.bound, modality: input.modality, asOf: input.asOf ?? null };
}

/** Whether the quantity asked for differs from the one stored (the measure compared as resolved). */
function quantityDiffers(tx: Tx, stored: ReturnType<typeof storedQuantity>, wanted: QuantityInput | undefined): boolean {
  if (!stored || !wanted) return stored !== null || wanted !== undefined;
  const measure = findMeasure(tx, measureKey(wanted.measure), wanted.measure);
  if (measure?.id !== stored.measureId) return true;
  const figures = wantedFigures(wanted);
  return FIGURE_KEYS.some((key) => figures[key] !== stored.record[key]);
}

/**
 * The claimant an edit names. The current claimant's own name keeps it, even when another source
 * shares that name (otherwise saving an untouched form would ask which one was meant); any other
 * name is resolved as the new-claim form resolves it.
 */
function editedClaimant(tx: Tx, actor: DomainActor, currentId: number, input: ClaimUpdate): number {
  const current = findSourcesNamed(tx, input.claimant.trim()).find((source) => source.id === currentId);
  if (current && (input.claimantKind === undefined || input.claimantKind === current.kind)) return currentId;
  const id = resolveSourceRef(tx, actor, { name: input.claimant, kind: input.claimantKind }, 'claimant');
  if (id === null) throw new AppError('bad_request', 'Please fix the highlighted fields.', { claimant: ['Enter the claimant'] });
  return id;
}

/**
 * Edits a claim at the version the editor read: statement, claimant, date, language, context and
 * quantity, in one transaction with one audit event holding the changed fields before and after.
 * The permission is checked against the claim's status as stored. A changed quantity runs the
 * figure and disagreement rules again, as a new link or assessment does; the search index follows
 * the statement and claimant through its triggers. Published verdict versions are not touched:
 * they are their own rows and never change.
 */
export function editClaim(db: Db, actor: Actor, input: ClaimUpdate): { claim: Claim; changed: string[] } {
  assertCan(actor, 'claim:edit');
  return db.transaction((tx) => {
    const before = getClaimRow(tx, input.claimId);
    if (!before) throw new AppError('not_found', 'That claim does not exist.', { claimId: ['No such claim'] });
    if (!mayEditClaim(actor, before.status)) {
      throw new AppError('forbidden', 'This claim’s verdict is published: only an editor can change the claim now.');
    }
    const entity = { type: 'claim', id: before.id, label: 'claim' };
    if (before.version !== input.version) throw staleVersionError(tx, entity, input.version, before.version);

    const was: Record<string, unknown> = {};
    const now: Record<string, unknown> = {};
    const changes: Parameters<typeof updateClaimAtVersion>[3] = {};
    for (const key of ['statement', 'claimedOn', 'language', 'context'] as const) {
      if (before[key] === input[key]) continue;
      was[key] = before[key];
      now[key] = input[key];
      changes[key] = input[key];
    }
    const claimantId = editedClaimant(tx, actor, before.claimantId, input);
    if (before.claimantId !== claimantId) {
      const claimant = getSource(tx, claimantId);
      if (!claimant) throw new AppError('bad_request', 'Please fix the highlighted fields.', { claimant: ['That source no longer exists'] });
      was.claimant = { id: before.claimantId, name: getSource(tx, before.claimantId)?.name ?? '' };
      now.claimant = { id: claimant.id, name: claimant.name };
      changes.claimantId = claimant.id;
    }
    const stored = storedQuantity(tx, before.id);
    const quantityChanged = quantityDiffers(tx, stored, input.quantity);
    if (Object.keys(now).length === 0 && !quantityChanged) return { claim: before, changed: [] };

    const after = updateClaimAtVersion(tx, before.id, input.version, changes);
    if (!after) throw staleVersionError(tx, entity, input.version, before.version + 1);

    if (quantityChanged) {
      was.quantity = stored?.record ?? null;
      if (input.quantity) {
        const measureId = resolveMeasure(tx, actor, input.quantity);
        // The version names this figure in disagreement trigger keys, so it never repeats for a claim,
        // even after the quantity was removed and added again: a changed figure is compared afresh.
        const version = Math.max((stored?.version ?? 0) + 1, after.version);
        saveQuantity(tx, { claimId: after.id, measureId, ...wantedFigures(input.quantity), version });
        now.quantity = { measure: getMeasure(tx, measureId)?.name ?? input.quantity.measure, ...wantedFigures(input.quantity) };
      } else {
        deleteQuantity(tx, after.id);
        now.quantity = null;
      }
    }

    recordAuditEvent(tx, {
      ...auditActor(actor),
      action: 'claim.update',
      entityType: 'claim',
      entityId: after.id,
      claimId: after.id,
      before: { ...was, version: before.version },
      after: { ...now, version: after.version },
    });
    if (quantityChanged) refreshReviewState(tx, actor, after.id);
    return { claim: after, changed: Object.keys(now) };
  });
}
