import type { Db, Tx } from '@/db/open';
import { recordAuditEvent } from '@/db/queries/audit';
import { getClaimDetail, getClaimRow, insertAppearance, insertClaim, insertQuantity, updateClaimAtVersion } from '@/db/queries/claims';
import { findMeasure, insertMeasure } from '@/db/queries/measures';
import { findSourceByName, getSource, insertSource } from '@/db/queries/sources';
import { AppError } from './errors';
import { assertCan, auditActor, type Actor, type DomainActor } from './permissions';
import type { ClaimCreate, QuantityInput } from './validation/claim';

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

function resolveClaimant(tx: Tx, actor: DomainActor, input: ClaimCreate): number {
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
export function createClaim(db: Db, actor: DomainActor, input: ClaimCreate): { id: number } {
  assertCan(actor, 'claim:create');
  return db.transaction((tx) => {
    const audit = auditActor(actor);
    const claimantId = resolveClaimant(tx, actor, input);
    if (input.appearance.publisherId !== undefined) {
      requireSource(tx, input.appearance.publisherId, 'appearance.publisherId');
    }
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
      publisherId: input.appearance.publisherId ?? null,
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

/** The CMS reports where it published the desk's fact-check; kept on the claim, audited. */
export function reportArticleUrl(db: Db, actor: Actor, claimId: number, url: string): void {
  assertCan(actor, 'claim:article');
  db.transaction((tx) => {
    const before = getClaimRow(tx, claimId);
    if (!before) throw new AppError('not_found', `There is no claim ${claimId}.`, { id: ['Unknown claim'] });
    if (before.status !== 'published') {
      throw new AppError('conflict', 'Only a claim with a published verdict has an article to report.');
    }
    if (before.articleUrl === url) return;
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
