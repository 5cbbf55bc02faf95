import type { Role } from '@/db/schema';
import { AppError } from '../errors';

/** Who is acting: a signed-in person (role read from their row on this request) or an API key. */
export type Actor =
  | { kind: 'user'; id: number; role: Role; name: string; email: string }
  | { kind: 'api_key'; id: number; scopes: readonly string[]; name: string };

/**
 * A command the operator runs on the server with the database file's own permissions (the bulk
 * import). It has no user or key row, so its audit events carry neither, like the seed's.
 */
export type SystemActor = { kind: 'system'; name: SystemActorName };
/** Whoever a domain function that commands may also call acts as. */
export type DomainActor = Actor | SystemActor;

/** Every action the workbench knows, with the roles allowed to take it: each role can do all the one below it can. */
const RULES = {
  'claim:read': ['reviewer', 'editor', 'admin'],
  /** "Checked before?": desk claims (status, published verdict) and external fact-checks like a text. */
  'claim:match': ['reviewer', 'editor', 'admin'],
  'claim:create': ['reviewer', 'editor', 'admin'],
  /** Editing a claim not yet published; a published (or retracted) one needs claim:edit_published too. */
  'claim:edit': ['reviewer', 'editor', 'admin'],
  'claim:edit_published': ['editor', 'admin'],
  'appearance:create': ['reviewer', 'editor', 'admin'],
  'evidence:create': ['reviewer', 'editor', 'admin'],
  /** Own evidence for reviewers; anyone's needs evidence:edit_any too. */
  'evidence:edit': ['reviewer', 'editor', 'admin'],
  'evidence:edit_any': ['editor', 'admin'],
  'assessment:create': ['reviewer', 'editor', 'admin'],
  'link:create': ['reviewer', 'editor', 'admin'],
  /** Linking (and unlinking) a fact-check published elsewhere to a claim: part of a reviewer's research. */
  'factcheck:link': ['reviewer', 'editor', 'admin'],
  'comment:create': ['reviewer', 'editor', 'admin'],
  'disagreement:open': ['reviewer', 'editor', 'admin'],
  /** Editors see every assessment; reviewers only after submitting their own (blind rating). */
  'assessment:see_all': ['editor', 'admin'],
  'verdict:draft': ['editor', 'admin'],
  /** Published verdicts through the API (also open without a key, see lib/http/api-key-route.ts). */
  'verdict:read': ['reviewer', 'editor', 'admin'],
  /** The CMS reports where a verdict was published. */
  'claim:article': ['editor', 'admin'],
  'source:read': ['reviewer', 'editor', 'admin'],
  'source:create': ['reviewer', 'editor', 'admin'],
  'source:edit': ['reviewer', 'editor', 'admin'],
  'verdict:publish': ['editor', 'admin'],
  'disagreement:resolve': ['editor', 'admin'],
  /** Merging a claim into another (its appearances and evidence move), and undoing it. */
  'claim:mark_duplicate': ['editor', 'admin'],
  'export:run': ['editor', 'admin'],
  /** The insights page: a reviewer sees their own calibration there. */
  'insights:read': ['reviewer', 'editor', 'admin'],
  /** The team's agreement and everyone's calibration. */
  'insights:team': ['editor', 'admin'],
  /** Assessments of published claims for researchers (reviewers pseudonymous unless names are asked for). */
  'assessment:export': ['editor', 'admin'],
  'apikey:manage': ['editor', 'admin'],
  /** Giving someone else's key to another editor or admin (it re-activates a suspended key). */
  'apikey:reassign': ['admin'],
  'user:manage': ['admin'],
  /** One's own account: the password and when one last signed in. */
  'account:manage': ['reviewer', 'editor', 'admin'],
  /** The security log (sign-ins, failures, password changes, ended sessions) of everyone. */
  'security_log:read': ['admin'],
  /** The desk's name and URL on verdicts, and how many assessments publishing needs. */
  'organisation:manage': ['admin'],
  /** Fact-checks published elsewhere: importing a file, and mapping publishers' rating labels onto our scale. */
  'factcheck:import': ['editor', 'admin'],
  'factcheck:map': ['editor', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof RULES;

/** API-key scopes that grant a permission to a machine actor. */
const SCOPE_GRANTS: Partial<Record<Permission, string>> = {
  'verdict:read': 'verdicts:read',
  'claim:article': 'claims:write',
  'claim:create': 'claims:write',
  'source:create': 'claims:write',
  'export:run': 'export:read',
  'claim:match': 'claims:read',
};

/** What each system actor may do: only what its command is for. */
const SYSTEM_GRANTS = {
  import: ['claim:create', 'source:create', 'appearance:create', 'factcheck:import'],
} as const satisfies Record<string, readonly Permission[]>;

export type SystemActorName = keyof typeof SYSTEM_GRANTS;

export function can(actor: DomainActor | null, permission: Permission): boolean {
  if (!actor) return false;
  if (actor.kind === 'system') return (SYSTEM_GRANTS[actor.name] as readonly Permission[]).includes(permission);
  if (actor.kind === 'api_key') {
    const scope = SCOPE_GRANTS[permission];
    return scope !== undefined && actor.scopes.includes(scope);
  }
  return (RULES[permission] as readonly Role[]).includes(actor.role);
}

/** Whether a role holds a permission, whoever has it (an API key's owner, for instance). */
export function roleCan(role: Role, permission: Permission): boolean {
  return (RULES[permission] as readonly Role[]).includes(role);
}

/** Throws unauthorized (no actor) or forbidden (actor lacks the permission). */
export function assertCan<A extends DomainActor>(actor: A | null, permission: Permission): asserts actor is A {
  if (!actor) throw new AppError('unauthorized', 'Sign in to continue.');
  if (!can(actor, permission)) throw new AppError('forbidden', 'You do not have permission to do that.');
}

/** The audit columns for an actor. */
export function auditActor(actor: DomainActor): { actorUserId: number | null; actorApiKeyId: number | null } {
  if (actor.kind === 'system') return { actorUserId: null, actorApiKeyId: null };
  return actor.kind === 'user'
    ? { actorUserId: actor.id, actorApiKeyId: null }
    : { actorUserId: null, actorApiKeyId: actor.id };
}
