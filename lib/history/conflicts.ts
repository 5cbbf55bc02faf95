import 'server-only';
import type { DbOrTx } from '@/db/open';
import { listChangesSince } from '@/db/queries/audit';
import { AppError } from '../errors';

/** A stale save: carries the version now current so the form can offer to save over it knowingly. */
export class ConflictError extends AppError {
  constructor(
    message: string,
    readonly currentVersion: number,
    readonly changes: string[],
  ) {
    super('conflict', message);
  }
}

/** Bookkeeping columns, not anything a person edited. */
const IGNORED = new Set(['version', 'updatedAt', 'createdAt', 'id', 'claimId', 'updatedBy', 'addedBy']);

/** null, '' and [] all mean "nothing here": going from one to another is not a change. */
function isBlank(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

export function changedFields(before: unknown, after: unknown): string[] {
  if (!after || typeof after !== 'object') return [];
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  return Object.keys(a).filter((key) => {
    if (IGNORED.has(key)) return false;
    if (isBlank(a[key]) && isBlank(b[key])) return false;
    return JSON.stringify(a[key]) !== JSON.stringify(b[key]);
  });
}

/** "citedEvidenceIds" → "cited evidence ids" */
function words(field: string): string {
  return field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * Builds the refusal for a save made against an old version, saying who changed what since, from
 * the audit log (which records every change with its before and after).
 */
export function staleVersionError(
  db: DbOrTx,
  entity: { type: string; id: number; label: string },
  readVersion: number,
  currentVersion: number,
): ConflictError {
  const changes = listChangesSince(db, entity.type, entity.id, readVersion).map((event) => {
    const fields = changedFields(event.before, event.after);
    const who = event.actorName ?? 'Someone';
    const when = event.createdAt.slice(11, 16);
    return fields.length > 0 ? `${who} changed ${fields.map(words).join(', ')} at ${when} UTC.` : `${who} saved it at ${when} UTC.`;
  });
  const summary = changes.length > 0 ? ` ${changes.join(' ')}` : '';
  return new ConflictError(
    `This ${entity.label} was changed after you opened it, so your save was not applied.${summary} Your input is still in the form: check it against the current version and save again.`,
    currentVersion,
    changes,
  );
}
