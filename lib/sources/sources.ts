import 'server-only';
import type { Db } from '@/db/open';
import { listEntityHistory, recordAuditEvent } from '@/db/queries/audit';
import {
  findSourceByName,
  getSource,
  listAppearancesByPublisher,
  listClaimsByClaimant,
  listEvidenceByPublisher,
  updateSourceAtVersion,
} from '@/db/queries/sources';
import type { Source } from '@/db/schema';
import { staleVersionError } from '../history/conflicts';
import { AppError } from '../errors';
import { describeHistoryEvent } from '../history/history-text';
import { SOURCE_KIND_LABELS } from '../display/labels';
import { assertCan, auditActor, can, type Actor } from '../auth/permissions';
import type { SourceUpdate } from '../validation/source';

/** How many of a source's claims, appearances and evidence items its page lists. */
export const SOURCE_PAGE_CLAIMS = 50;
export const SOURCE_PAGE_PUBLICATIONS = 20;
export const SOURCE_PAGE_HISTORY = 20;

/** A list read with one row past the limit: the rows to show and whether more exist. */
function shown<T>(rows: T[], limit: number): { items: T[]; more: boolean } {
  return { items: rows.slice(0, limit), more: rows.length > limit };
}

/** Everything a source's page shows: the source, its claims with their verdicts, what it published. */
export function loadSourcePage(db: Db, actor: Actor, sourceId: number) {
  assertCan(actor, 'source:read');
  const source = getSource(db, sourceId);
  if (!source) throw new AppError('not_found', 'Source not found.');
  return {
    source: {
      id: source.id,
      name: source.name,
      kind: source.kind,
      url: source.url,
      notes: source.notes,
      claimCount: source.claimCount,
      createdAt: source.createdAt,
      updatedAt: source.updatedAt,
      version: source.version,
    },
    claims: shown(listClaimsByClaimant(db, sourceId, SOURCE_PAGE_CLAIMS), SOURCE_PAGE_CLAIMS),
    appearances: shown(listAppearancesByPublisher(db, sourceId, SOURCE_PAGE_PUBLICATIONS), SOURCE_PAGE_PUBLICATIONS),
    evidence: shown(listEvidenceByPublisher(db, sourceId, SOURCE_PAGE_PUBLICATIONS), SOURCE_PAGE_PUBLICATIONS),
    // A source's own events (created, edited) carry no one's rating.
    history: listEntityHistory(db, 'source', sourceId, SOURCE_PAGE_HISTORY).map((event) => describeHistoryEvent(event)),
    permissions: { editSource: can(actor, 'source:edit') },
  };
}

export type SourcePageData = ReturnType<typeof loadSourcePage>;

type EditableSource = Pick<Source, 'name' | 'kind' | 'url' | 'notes'>;

/** The fields an edit changes, each as it was and as it becomes. */
function sourceChanges(before: Source, wanted: EditableSource): { before: Partial<EditableSource>; after: Partial<EditableSource> } {
  const out = { before: {} as Record<string, unknown>, after: {} as Record<string, unknown> };
  for (const key of ['name', 'kind', 'url', 'notes'] as const) {
    if (before[key] !== wanted[key]) {
      out.before[key] = before[key];
      out.after[key] = wanted[key];
    }
  }
  return out as { before: Partial<EditableSource>; after: Partial<EditableSource> };
}

/**
 * Edits a source's name, kind, URL and notes at the version the editor read: one transaction, one
 * audit event with the changed fields before and after. Renaming re-indexes its claims for search
 * (the triggers of migration 0001 do that in the same transaction).
 */
export function editSource(db: Db, actor: Actor, input: SourceUpdate): { source: Source; changed: boolean } {
  assertCan(actor, 'source:edit');
  return db.transaction((tx) => {
    const before = getSource(tx, input.sourceId);
    if (!before) throw new AppError('not_found', 'That source does not exist.', { sourceId: ['No such source'] });
    const entity = { type: 'source', id: before.id, label: 'source' };
    if (before.version !== input.version) throw staleVersionError(tx, entity, input.version, before.version);
    const wanted: EditableSource = { name: input.name, kind: input.kind, url: input.url ?? null, notes: input.notes };
    const changes = sourceChanges(before, wanted);
    if (Object.keys(changes.after).length === 0) return { source: before, changed: false };
    const twin = findSourceByName(tx, wanted.name, wanted.kind);
    if (twin && twin.id !== before.id) {
      throw new AppError('bad_request', 'Please fix the highlighted fields.', {
        name: [`Another ${SOURCE_KIND_LABELS[wanted.kind].toLowerCase()} is already called “${wanted.name}”`],
      });
    }
    const after = updateSourceAtVersion(tx, before.id, input.version, changes.after);
    if (!after) throw staleVersionError(tx, entity, input.version, before.version + 1);
    recordAuditEvent(tx, {
      ...auditActor(actor),
      action: 'source.update',
      entityType: 'source',
      entityId: after.id,
      before: { ...changes.before, version: before.version },
      after: { ...changes.after, version: after.version },
    });
    return { source: after, changed: true };
  });
}
