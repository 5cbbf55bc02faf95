import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '@/db/open';
import { recordAuditEvent } from '@/db/queries/audit';
import { findApiKeyByPrefix, getApiKeySummary, insertApiKey, revokeApiKeyRow, touchApiKey } from '@/db/queries/api-keys';
import type { ApiScopeName } from '@/db/schema';
import { AppError } from './errors';
import { assertCan, type Actor } from './permissions';
import type { ApiKeyCreate, ApiKeyRevoke } from './validation/api-key';

/**
 * Keys look like `cbk_<12-char prefix>_<43-char secret>`. The prefix is stored in clear so people
 * can tell keys apart and so lookup is one indexed read; the whole key is stored only as SHA-256.
 * A key carries 256 random bits, so a fast hash is enough (no password stretching needed).
 */
const KEY_PATTERN = /^cbk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}

function newPrefix(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  return Array.from(randomBytes(12), (b) => alphabet[b % alphabet.length]).join('');
}

/** Creates a key; the full key is returned once, here, and never again. */
export function createApiKey(db: Db, actor: Actor | null, input: ApiKeyCreate) {
  if (actor) assertCan(actor, 'apikey:manage');
  const prefix = newPrefix();
  const key = `cbk_${prefix}_${randomBytes(32).toString('base64url')}`;
  const createdBy = actor?.kind === 'user' ? actor.id : null;
  const summary = db.transaction((tx) => {
    const row = insertApiKey(tx, { name: input.name, prefix, keyHash: hashKey(key), scopes: input.scopes, createdBy });
    recordAuditEvent(tx, { actorUserId: createdBy, action: 'api_key.create', entityType: 'api_key', entityId: row.id, after: row });
    return row;
  });
  return { key, apiKey: summary };
}

/** Revocation takes effect at the key's next request: every request reads the key's row. */
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
 * The actor for a presented key, or a 401 naming the Authorization header. Unknown, malformed and
 * revoked keys get the same answer.
 */
export function authenticateApiKey(db: Db, presented: string): Actor {
  const match = KEY_PATTERN.exec(presented);
  const row = match?.[1] ? findApiKeyByPrefix(db, match[1]) : undefined;
  const expected = Buffer.from(row?.keyHash ?? hashKey('cbk_nothing'), 'base64url');
  const actual = Buffer.from(hashKey(presented), 'base64url');
  const same = expected.length === actual.length && timingSafeEqual(expected, actual);
  if (!row || !same || row.revokedAt) {
    throw new AppError('unauthorized', 'The API key is not valid.', { Authorization: ['Unknown, malformed or revoked key'] });
  }
  touchApiKey(db, row.id, new Date().toISOString());
  return { kind: 'api_key', id: row.id, name: row.name, scopes: row.scopes as ApiScopeName[] };
}
