import 'server-only';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db, DbOrTx } from '@/db/open';
import { recordAuditEvent } from '@/db/queries/audit';
import {
  findApiKeyByPrefix,
  getApiKeySummary,
  insertApiKey,
  listActiveKeysOwnedBy,
  listApiKeys,
  reassignApiKeyRow,
  revokeApiKeyRow,
  suspendApiKeyRow,
  touchApiKey,
  type ApiKeyCredentials,
} from '@/db/queries/api-keys';
import { getActiveUser, listUserRecords } from '@/db/queries/users';
import type { Role } from '@/db/schema';
import { freshDataVersion } from '../http/response-cache';
import { AppError } from '../errors';
import { assertCan, auditActor, can, roleCan, type Actor } from '../auth/permissions';
import type { ApiKeyCreate, ApiKeyReassign, ApiKeyRevoke } from '../validation/api-key';

/**
 * Keys look like `cbk_<12-char prefix>_<43-char secret>`. The prefix is stored in clear so people
 * can tell keys apart and so lookup is one indexed read; the whole key is stored only as SHA-256.
 * A key carries 256 random bits, so a fast hash is enough (no password stretching needed).
 */
const KEY_PATTERN = /^cbk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}

function newPrefix(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  return Array.from(randomBytes(12), (b) => alphabet[b % alphabet.length]).join('');
}

/** Whether a person in this state may hold keys: active, in a role that manages keys. */
export function mayHoldKeys(user: { role: Role; disabledAt: string | null }): boolean {
  return user.disabledAt === null && roleCan(user.role, 'apikey:manage');
}

/**
 * The API-keys settings page's data: every key with who created and who holds it, and, for a person
 * who may reassign keys (admins), the people a key may be given to: the active editors and admins.
 */
export function loadApiKeySettings(db: DbOrTx, actor: Actor) {
  assertCan(actor, 'apikey:manage');
  const keys = listApiKeys(db);
  const holders = can(actor, 'apikey:reassign') ? listUserRecords(db).filter(mayHoldKeys).map(({ id, name, role }) => ({ id, name, role })) : null;
  return { keys, holders };
}

/**
 * Creates a key, held by its creator (none when made on the command line); optionally it expires
 * after `expiresInDays`. The full key is returned once, here, and never again.
 */
export function createApiKey(db: Db, actor: Actor | null, input: ApiKeyCreate, now = new Date()) {
  if (actor) assertCan(actor, 'apikey:manage');
  const prefix = newPrefix();
  const key = `cbk_${prefix}_${randomBytes(32).toString('base64url')}`;
  const createdBy = actor?.kind === 'user' ? actor.id : null;
  const expiresAt = input.expiresInDays === undefined ? null : new Date(now.getTime() + input.expiresInDays * DAY_MS).toISOString();
  const summary = db.transaction((tx) => {
    const row = insertApiKey(tx, { name: input.name, prefix, keyHash: hashKey(key), scopes: input.scopes, createdBy, ownerId: createdBy, expiresAt });
    recordAuditEvent(tx, { actorUserId: createdBy, action: 'api_key.create', entityType: 'api_key', entityId: row.id, after: row });
    return row;
  });
  return { key, apiKey: summary };
}

/** Revocation takes effect at the key's next request (see authenticateApiKey). */
export function revokeApiKey(db: Db, actor: Actor, input: ApiKeyRevoke) {
  assertCan(actor, 'apikey:manage');
  return db.transaction((tx) => {
    const before = getApiKeySummary(tx, input.apiKeyId);
    if (!before) throw new AppError('not_found', 'That API key does not exist.');
    if (before.revokedAt) throw new AppError('conflict', 'That API key is already revoked.');
    const after = revokeApiKeyRow(tx, input.apiKeyId, new Date().toISOString());
    if (!after) throw new AppError('conflict', 'That API key is already revoked.');
    recordAuditEvent(tx, {
      actorUserId: actor.kind === 'user' ? actor.id : null,
      action: 'api_key.revoke',
      entityType: 'api_key',
      entityId: after.id,
      before,
      after,
    });
    return after;
  });
}

/**
 * Suspends every live key `ownerId` holds, each with its audit event, inside the caller's
 * transaction: lib/admin/users.ts calls it when a person is disabled or loses the role that manages keys.
 */
export function suspendKeysOf(tx: DbOrTx, actor: Actor, ownerId: number): number {
  const at = new Date().toISOString();
  let suspended = 0;
  for (const before of listActiveKeysOwnedBy(tx, ownerId)) {
    const after = suspendApiKeyRow(tx, before.id, at);
    if (!after) continue;
    recordAuditEvent(tx, { ...auditActor(actor), action: 'api_key.suspend', entityType: 'api_key', entityId: after.id, before, after });
    suspended += 1;
  }
  return suspended;
}

/**
 * An admin gives a key to another active editor or admin, at the version they saw; a suspended key
 * works again from its next request. Audited as api_key.reassign.
 */
export function reassignApiKey(db: Db, actor: Actor, input: ApiKeyReassign) {
  assertCan(actor, 'apikey:reassign');
  return db.transaction((tx) => {
    // The role was read at the start of the request; another admin may have demoted this one since.
    const acting = actor.kind === 'user' ? getActiveUser(tx, actor.id) : undefined;
    if (!acting || !roleCan(acting.role, 'apikey:reassign')) throw new AppError('forbidden', 'You do not have permission to do that.');
    const before = getApiKeySummary(tx, input.apiKeyId);
    if (!before) throw new AppError('not_found', 'That API key does not exist.', { apiKeyId: ['Unknown key'] });
    if (before.revokedAt) throw new AppError('conflict', 'That API key is revoked; create a new one instead.');
    if (before.version !== input.version) {
      throw new AppError('conflict', 'This API key changed after you opened the page (it was suspended, reassigned or revoked). Reload and try again.');
    }
    const owner = getActiveUser(tx, input.ownerId);
    if (!owner || !mayHoldKeys({ role: owner.role, disabledAt: null })) {
      throw new AppError('bad_request', 'Choose an active editor or admin to hold the key.', { ownerId: ['Choose an active editor or admin'] });
    }
    if (before.ownerId === owner.id && before.suspendedAt === null) {
      throw new AppError('conflict', `${owner.name} already holds that key.`, { ownerId: ['Already holds it'] });
    }
    const after = reassignApiKeyRow(tx, before.id, input.version, owner.id);
    if (!after) throw new AppError('conflict', 'This API key changed after you opened the page. Reload and try again.');
    recordAuditEvent(tx, { ...auditActor(actor), action: 'api_key.reassign', entityType: 'api_key', entityId: after.id, before, after });
    return { ...after, ownerName: owner.name };
  });
}

// ---------------------------------------------------------------------------------------------
// Authentication, on every keyed API request.

interface VerifiedKey {
  actor: Extract<Actor, { kind: 'api_key' }>;
  /** Epoch ms, or null for a key that never expires. */
  expiresAt: number | null;
  expiresAtText: string | null;
  /** Epoch ms of the last recorded use. */
  lastUsedAt: number | null;
}

/**
 * Keys that passed every check, by the hash of the presented key, for one data version
 * (lib/http/response-cache.ts, read afresh on every request: this process's writes and every other
 * process's commits). Revoking, suspending or reassigning a key, disabling or demoting its owner,
 * or any other write moves the version on, and the next request reads the key's row again, so a
 * key stops working at its next request whoever changed what. Expiry is checked on every request.
 */
const verified = new WeakMap<Db, { version: string; keys: Map<string, VerifiedKey> }>();
const MAX_VERIFIED = 1_000;
/** last_used_at is written at most this often per key: a read must not become a write. */
export const TOUCH_INTERVAL_MS = 60_000;

const DUMMY_HASH = hashKey('cbk_nothing');

function refused(message: string, reason: string): AppError {
  return new AppError('unauthorized', message, { Authorization: [reason] });
}

/** Reads and checks the key's row: unknown, malformed and revoked keys get the same answer. */
function verify(db: Db, presented: string, hash: string, now: number): VerifiedKey {
  const match = KEY_PATTERN.exec(presented);
  const row: ApiKeyCredentials | undefined = match?.[1] ? findApiKeyByPrefix(db, match[1]) : undefined;
  const expected = Buffer.from(row?.keyHash ?? DUMMY_HASH, 'base64url');
  const actual = Buffer.from(hash, 'base64url');
  const same = expected.length === actual.length && timingSafeEqual(expected, actual);
  if (!row || !same || row.revokedAt) throw refused('The API key is not valid.', 'Unknown, malformed or revoked key');
  const ownerMayHold = row.ownerId === null || (row.ownerRole !== null && mayHoldKeys({ role: row.ownerRole, disabledAt: row.ownerDisabledAt }));
  const expiresAt = row.expiresAt === null ? null : Date.parse(row.expiresAt);
  // Expiry first: a key both expired and suspended is told the reason no reassignment can lift.
  if (expiresAt === null || now < expiresAt) {
    if (row.suspendedAt !== null || !ownerMayHold) {
      throw refused(
        'The API key is suspended: the person it belongs to was disabled or no longer manages API keys. An admin can reassign it to an editor or admin in Settings → API keys.',
        'Suspended key',
      );
    }
  }
  return {
    actor: { kind: 'api_key', id: row.id, name: row.name, scopes: row.scopes },
    expiresAt,
    expiresAtText: row.expiresAt,
    lastUsedAt: row.lastUsedAt === null ? null : Date.parse(row.lastUsedAt),
  };
}

/**
 * The actor for a presented key, or a 401 problem naming the Authorization header: unknown,
 * malformed or revoked; expired (saying when); or suspended (its holder was disabled or demoted).
 */
export function authenticateApiKey(db: Db, presented: string, now = Date.now()): Actor {
  const hash = hashKey(presented);
  const version = freshDataVersion(db);
  let memo = verified.get(db);
  if (!memo || memo.version !== version) {
    memo = { version, keys: new Map() };
    verified.set(db, memo);
  }
  let key = memo.keys.get(hash);
  if (!key) {
    key = verify(db, presented, hash, now);
    if (memo.keys.size >= MAX_VERIFIED) memo.keys.clear();
    memo.keys.set(hash, key);
  }
  if (key.expiresAt !== null && now >= key.expiresAt) {
    throw refused(`The API key expired at ${key.expiresAtText ?? ''}. Ask an editor for a new key.`, 'Expired key');
  }
  if (key.lastUsedAt === null || now - key.lastUsedAt >= TOUCH_INTERVAL_MS) {
    // This write moves the data version on: the next request reads the row (and its new time) again.
    touchApiKey(db, key.actor.id, new Date(now).toISOString());
    key.lastUsedAt = now;
  }
  return key.actor;
}
