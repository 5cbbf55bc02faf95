import 'server-only';
import type { Tx } from '@/db/open';
import { recordAuditEvent } from '@/db/queries/audit';
import { listSourceNames } from '@/db/queries/import';
import { insertSource } from '@/db/queries/sources';
import type { SourceKind } from '@/db/schema';
import { assertCan, auditActor, type DomainActor } from '@/lib/auth/permissions';

interface SourceName {
  id: number;
  name: string;
  kind: SourceKind;
}

/** Lower case in every script, so "ministry of health" finds "Ministry of Health" and "МИД" finds "мид". */
export function foldName(name: string): string {
  return name.normalize('NFC').toLocaleLowerCase('und');
}

/**
 * The sources an import batch matches names against, read inside the batch's transaction so a
 * source another writer added is seen. Names match without regard to case.
 */
export class SourceNames {
  private readonly byName = new Map<string, SourceName[]>();

  constructor(rows: SourceName[]) {
    for (const row of rows) this.remember(row);
  }

  static read(tx: Tx): SourceNames {
    return new SourceNames(listSourceNames(tx));
  }

  remember(row: SourceName): void {
    const key = foldName(row.name);
    const list = this.byName.get(key) ?? [];
    if (!list.some((known) => known.id === row.id)) list.push(row);
    this.byName.set(key, list);
  }

  /** A source of this name and kind. */
  find(name: string, kind: SourceKind): SourceName | undefined {
    return this.byName.get(foldName(name))?.find((row) => row.kind === kind);
  }

  /** A publisher: a media source of this name, else any source of this name. */
  findPublisher(name: string): SourceName | undefined {
    const list = this.byName.get(foldName(name));
    return list?.find((row) => row.kind === 'media') ?? list?.[0];
  }

  /** The claimant's source, or a new one recorded with its audit event. */
  claimantId(tx: Tx, actor: DomainActor, name: string, kind: SourceKind): number {
    return this.find(name, kind)?.id ?? this.create(tx, actor, name, kind);
  }

  /** The publisher's source (see findPublisher), or a new media source recorded with its audit event. */
  publisherId(tx: Tx, actor: DomainActor, name: string): number {
    return this.findPublisher(name)?.id ?? this.create(tx, actor, name, 'media');
  }

  private create(tx: Tx, actor: DomainActor, name: string, kind: SourceKind): number {
    assertCan(actor, 'source:create');
    const audit = auditActor(actor);
    const source = insertSource(tx, { name, kind, createdBy: audit.actorUserId });
    recordAuditEvent(tx, { ...audit, action: 'source.create', entityType: 'source', entityId: source.id, after: source });
    this.remember(source);
    return source.id;
  }
}
