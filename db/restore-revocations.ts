import type Database from 'better-sqlite3';
import { ROLES } from './enums';

/*
 * A backup is older than the database it replaces, and so is its idea of who may get in: restoring
 * it as it is would bring back keys revoked since, accounts disabled or demoted since, and sessions
 * ended since (a session token is valid while its generation matches the user's). A restore
 * restores data, not access: whatever the replaced database had withdrawn stays withdrawn.
 * Rows are matched by id and by what identifies them to people (a user's email, a key's prefix,
 * a webhook's URL), so a row that merely reuses an id is left alone.
 */

interface ReplacedUser {
  id: number;
  email: string;
  role: string;
  disabled_at: string | null;
  session_generation: number;
}

export interface RevocationState {
  users: ReplacedUser[];
  revokedKeys: { id: number; prefix: string; revoked_at: string }[];
  suspendedKeys: { id: number; prefix: string; suspended_at: string }[];
  inactiveWebhooks: { id: number; url: string }[];
}

export interface CarriedRevocations {
  /** Users whose session generation was behind the replaced database's (sessions ended since the backup stay ended). */
  sessionGenerations: { userId: number; email: string; from: number; to: number }[];
  disabledUsers: { userId: number; email: string }[];
  demotedUsers: { userId: number; email: string; from: string; to: string }[];
  revokedKeys: { keyId: number; prefix: string }[];
  /** Keys suspended since the backup (their holder was disabled or demoted) stay suspended. */
  suspendedKeys: { keyId: number; prefix: string }[];
  deactivatedWebhooks: { webhookId: number; url: string }[];
}

/** What the database about to be replaced has withdrawn; read on the restore's exclusive connection. */
export function readRevocations(replaced: Database.Database): RevocationState {
  return {
    users: replaced.prepare('SELECT id, email, role, disabled_at, session_generation FROM users').all() as ReplacedUser[],
    revokedKeys: replaced.prepare('SELECT id, prefix, revoked_at FROM api_keys WHERE revoked_at IS NOT NULL').all() as RevocationState['revokedKeys'],
    suspendedKeys: hasColumn(replaced, 'api_keys', 'suspended_at')
      ? (replaced.prepare('SELECT id, prefix, suspended_at FROM api_keys WHERE suspended_at IS NOT NULL AND revoked_at IS NULL').all() as RevocationState['suspendedKeys'])
      : [],
    inactiveWebhooks: replaced.prepare('SELECT id, url FROM webhooks WHERE active = 0').all() as RevocationState['inactiveWebhooks'],
  };
}

function hasColumn(sqlite: Database.Database, table: string, column: string): boolean {
  return (sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).includes(column);
}

const rank = (role: string) => ROLES.indexOf(role as (typeof ROLES)[number]);

/**
 * Applies the replaced database's revocations to the restored one, in one transaction with an
 * audit event listing what was carried. Returns what changed.
 */
export function carryRevocations(restored: Database.Database, replaced: RevocationState): CarriedRevocations {
  const carried: CarriedRevocations = { sessionGenerations: [], disabledUsers: [], demotedUsers: [], revokedKeys: [], suspendedKeys: [], deactivatedWebhooks: [] };
  const findUser = restored.prepare('SELECT id, email, role, disabled_at, session_generation FROM users WHERE id = ? AND email = ?');
  const setGeneration = restored.prepare('UPDATE users SET session_generation = ? WHERE id = ?');
  const disable = restored.prepare('UPDATE users SET disabled_at = ?, version = version + 1 WHERE id = ?');
  const demote = restored.prepare('UPDATE users SET role = ?, version = version + 1 WHERE id = ?');
  const revokeKey = restored.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND prefix = ? AND revoked_at IS NULL');
  const suspendKey = restored.prepare('UPDATE api_keys SET suspended_at = ?, version = version + 1 WHERE id = ? AND prefix = ? AND suspended_at IS NULL AND revoked_at IS NULL');
  const deactivateWebhook = restored.prepare('UPDATE webhooks SET active = 0, version = version + 1 WHERE id = ? AND url = ? AND active = 1');
  const audit = restored.prepare(
    "INSERT INTO audit_events (actor_user_id, actor_api_key_id, action, entity_type, entity_id, before, after) VALUES (NULL, NULL, 'database.restore', 'database', 0, NULL, ?)",
  );

  restored.transaction(() => {
    for (const user of replaced.users) {
      const current = findUser.get(user.id, user.email) as ReplacedUser | undefined;
      if (!current) continue;
      if (user.session_generation > current.session_generation) {
        setGeneration.run(user.session_generation, user.id);
        carried.sessionGenerations.push({ userId: user.id, email: user.email, from: current.session_generation, to: user.session_generation });
      }
      if (user.disabled_at !== null && current.disabled_at === null) {
        disable.run(user.disabled_at, user.id);
        carried.disabledUsers.push({ userId: user.id, email: user.email });
      }
      if (rank(user.role) >= 0 && rank(user.role) < rank(current.role)) {
        demote.run(user.role, user.id);
        carried.demotedUsers.push({ userId: user.id, email: user.email, from: current.role, to: user.role });
      }
    }
    for (const key of replaced.revokedKeys) {
      if (revokeKey.run(key.revoked_at, key.id, key.prefix).changes === 1) carried.revokedKeys.push({ keyId: key.id, prefix: key.prefix });
    }
    for (const key of replaced.suspendedKeys) {
      if (suspendKey.run(key.suspended_at, key.id, key.prefix).changes === 1) carried.suspendedKeys.push({ keyId: key.id, prefix: key.prefix });
    }
    for (const webhook of replaced.inactiveWebhooks) {
      if (deactivateWebhook.run(webhook.id, webhook.url).changes === 1) carried.deactivatedWebhooks.push({ webhookId: webhook.id, url: webhook.url });
    }
    if (Object.values(carried).some((list: unknown[]) => list.length > 0)) audit.run(JSON.stringify({ carriedForward: carried }));
  })();
  return carried;
}

/** One line per kind of revocation carried, for db:restore to print. */
export function describeCarried(carried: CarriedRevocations): string[] {
  const lines: string[] = [];
  const emails = (list: { email: string }[]) => list.map((u) => u.email).join(', ');
  if (carried.sessionGenerations.length > 0) lines.push(`Sessions ended since the backup stay ended for ${carried.sessionGenerations.length} user(s): ${emails(carried.sessionGenerations)}.`);
  if (carried.disabledUsers.length > 0) lines.push(`Kept disabled ${carried.disabledUsers.length} user(s): ${emails(carried.disabledUsers)}.`);
  if (carried.demotedUsers.length > 0) lines.push(`Kept the lower role of ${carried.demotedUsers.length} user(s): ${carried.demotedUsers.map((u) => `${u.email} (${u.to})`).join(', ')}.`);
  if (carried.revokedKeys.length > 0) lines.push(`Kept revoked ${carried.revokedKeys.length} API key(s): ${carried.revokedKeys.map((k) => k.prefix).join(', ')}.`);
  if (carried.suspendedKeys.length > 0) lines.push(`Kept suspended ${carried.suspendedKeys.length} API key(s): ${carried.suspendedKeys.map((k) => k.prefix).join(', ')}.`);
  if (carried.deactivatedWebhooks.length > 0) lines.push(`Kept deactivated ${carried.deactivatedWebhooks.length} webhook(s): ${carried.deactivatedWebhooks.map((w) => w.url).join(', ')}.`);
  return lines;
}
