import 'server-only';
import type { Db, DbOrTx } from '@/db/open';
import { recordAuditEvent } from '@/db/queries/audit';
import { listSettings, putSetting } from '@/db/queries/settings';
import { freshDataVersion } from '../http/response-cache';
import { staleVersionError } from '../history/conflicts';
import { getEnv } from '../env';
import { validationError } from '../errors';
import { assertCan, auditActor, type Actor } from '../auth/permissions';
import { requireActingAdmin } from './users';
import { OrganisationSettings, OrganisationUpdate } from '../validation/organisation';
import { DEFAULT_REQUIRED_ASSESSMENTS } from '../review/publish-readiness';

/** The settings rows behind each field. `required_assessments` predates this module. */
const KEYS = { name: 'org_name', url: 'org_url', requiredAssessments: 'required_assessments' } as const;
type Field = keyof typeof KEYS;
const FIELDS = Object.keys(KEYS) as Field[];

/** The audit log's name for the organisation's settings: one record, id 1. */
const ENTITY = { type: 'organisation', id: 1, label: 'organisation settings' } as const;

export interface Organisation extends OrganisationSettings {
  /** The version the settings form carries: 1 until an admin first saves them. */
  version: number;
}

/** What applies until an admin saves the settings: ORG_NAME, ORG_URL and two assessments. */
export function organisationDefaults(): OrganisationSettings {
  const env = getEnv();
  return { name: env.ORG_NAME, url: env.ORG_URL, requiredAssessments: DEFAULT_REQUIRED_ASSESSMENTS };
}

/**
 * The organisation settings: each stored value that is still valid, else its default (ORG_NAME,
 * ORG_URL, two assessments). A value written by hand outside the bounds falls back too.
 */
export function getOrganisation(db: DbOrTx): Organisation {
  const rows = listSettings(db, Object.values(KEYS));
  const fallback = organisationDefaults();
  const out: Organisation = { ...fallback, version: 1 };
  for (const field of FIELDS) {
    const row = rows.find((r) => r.key === KEYS[field]);
    if (!row) continue;
    out.version = Math.max(out.version, row.version);
    const parsed = OrganisationSettings.shape[field].safeParse(row.value);
    if (parsed.success) Object.assign(out, { [field]: parsed.data });
  }
  return out;
}

/** How many current assessments by different reviewers publishing needs (a setting; 2 unless an admin changes it). */
export function requiredAssessments(db: DbOrTx): number {
  return getOrganisation(db).requiredAssessments;
}

/** The settings page's data for an admin: the settings with the version the form carries, and what applies unsaved. */
export function loadOrganisationSettings(db: DbOrTx, actor: Actor): { organisation: Organisation; defaults: OrganisationSettings } {
  assertCan(actor, 'organisation:manage');
  return { organisation: getOrganisation(db), defaults: organisationDefaults() };
}

const authors = new WeakMap<object, { version: string; author: { name: string; url: string } }>();

/**
 * The organisation as the author of ClaimReview and the name on public verdict pages. Read on
 * every ClaimReview and verdict page, and changed only by an admin: kept per connection until the
 * data version moves (any commit, here or in another process), so a change shows at once.
 */
export function organisationAuthor(db: DbOrTx): { name: string; url: string } {
  // Inside a transaction (an export's consistent read) the settings are read as of it.
  if (!('$client' in db)) {
    const { name, url } = getOrganisation(db);
    return { name, url };
  }
  const version = freshDataVersion(db);
  const kept = authors.get(db.$client);
  if (kept && kept.version === version) return kept.author;
  const { name, url } = getOrganisation(db);
  const author = { name, url };
  authors.set(db.$client, { version, author });
  return author;
}

/** An admin saves the organisation settings at the version they were shown; one audit event. */
export function updateOrganisation(db: Db, actor: Actor, input: unknown): Organisation {
  assertCan(actor, 'organisation:manage');
  const parsed = OrganisationUpdate.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const { version, ...values } = parsed.data;
  return db.transaction((tx) => {
    requireActingAdmin(tx, actor);
    const before = getOrganisation(tx);
    if (before.version !== version) throw staleVersionError(tx, ENTITY, version, before.version);
    if (FIELDS.every((field) => before[field] === values[field])) return before;
    const after: Organisation = { ...values, version: version + 1 };
    for (const field of FIELDS) putSetting(tx, KEYS[field], String(values[field]), after.version);
    recordAuditEvent(tx, { ...auditActor(actor), action: 'organisation.update', entityType: ENTITY.type, entityId: ENTITY.id, before, after });
    return after;
  });
}
