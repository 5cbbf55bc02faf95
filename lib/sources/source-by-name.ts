import 'server-only';
import type { Tx } from '@/db/open';
import { recordAuditEvent } from '@/db/queries/audit';
import { findSourcesNamed, getSource, insertSource } from '@/db/queries/sources';
import type { SourceKind } from '@/db/schema';
import { AppError } from '../errors';
import { assertCan, auditActor, type DomainActor } from '../auth/permissions';

/** A source as a form names it: by id (a script, the API), or by the name a person typed. */
export interface SourceRef {
  id?: number;
  name?: string;
  /** Set when the person chose a kind: the source of that name and kind, created if it is new. */
  kind?: SourceKind;
}

const fix = (field: string, message: string) => new AppError('bad_request', 'Please fix the highlighted fields.', { [field]: [message] });

/**
 * The id of the source a form refers to, or null when it names none. A typed name matches an
 * existing source ignoring case; a name no source has is an error next to the field, unless a kind
 * was chosen, which creates the source (with its audit event, in the caller's transaction). Forms
 * show the kind select with that error, so creating a source is one deliberate step, never a typo.
 */
export function resolveSourceRef(tx: Tx, actor: DomainActor, ref: SourceRef, field: string): number | null {
  if (ref.id !== undefined) {
    if (!getSource(tx, ref.id)) throw fix(field, 'That source no longer exists');
    return ref.id;
  }
  const name = ref.name?.trim();
  if (!name) return null;
  const named = findSourcesNamed(tx, name);
  if (ref.kind !== undefined) {
    const sameKind = named.find((source) => source.kind === ref.kind);
    if (sameKind) return sameKind.id;
    assertCan(actor, 'source:create');
    const audit = auditActor(actor);
    const source = insertSource(tx, { name, kind: ref.kind, createdBy: audit.actorUserId });
    recordAuditEvent(tx, { ...audit, action: 'source.create', entityType: 'source', entityId: source.id, after: source });
    return source.id;
  }
  const exact = named.filter((source) => source.name === name);
  const only = named.length === 1 ? named[0] : exact.length === 1 ? exact[0] : undefined;
  if (only) return only.id;
  if (named.length === 0) throw fix(field, `No source is named “${name}”. Check the spelling, or choose a kind below to add it as a new source.`);
  throw fix(field, `Several sources are named “${name}”; choose which kind below.`);
}
