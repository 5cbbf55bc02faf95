import 'server-only';
import type { Db, Tx } from '@/db/open';
import { findCredentials, findUserByEmail, getActiveUser, getSessionGeneration, insertUser, type SessionUser } from '@/db/queries/users';
import type { OidcClaims, OidcConfig } from './oidc';
import { recordSecurityEvent } from './security-log';

/**
 * The password hash of an account made by sign-on: not a scrypt hash, so no password ever matches
 * it (lib/auth/password.ts refuses anything else). An admin or `npm run user:reset-password` can
 * give the person a password later.
 */
export const NO_PASSWORD = '!sign-on';

/** Why a sign-on was refused; each has its own sentence on the sign-in page. */
export type SignOnRefusal = 'issuer_mismatch' | 'unverified_email' | 'domain_not_allowed' | 'disabled';

export type SignOnDecision =
  | { ok: true; user: SessionUser; generation: number; created: boolean }
  | { ok: false; reason: SignOnRefusal };

/** Providers send email_verified as a boolean; a few as the string "true". */
function isVerified(value: unknown): boolean {
  return value === true || value === 'true';
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

function displayName(claims: OidcClaims, email: string): string {
  const name = typeof claims.name === 'string' ? claims.name.trim() : '';
  return (name || email.slice(0, email.lastIndexOf('@'))).slice(0, 200);
}

/**
 * Who gets in by sign-on, decided on the ID token's claims and the users table, in one immediate
 * transaction with the security log (and, for a new person, the account and its audit event):
 * - an `iss` other than the configured issuer, exactly, is refused;
 * - an email the provider does not say it verified (or none) is refused: anyone can put any
 *   address on an account at many providers;
 * - an existing user with that email comes in as themself, with their role (a disabled one is
 *   refused);
 * - a new person whose email is in an allowed domain gets an account with the default role,
 *   audited as created by sign-on;
 * - anyone else is refused, and nothing is created.
 * The provider never grants a role. `address` is the client's, for the log.
 */
export function decideSignOn(db: Db, claims: OidcClaims, config: Pick<OidcConfig, 'issuer' | 'allowedDomains' | 'defaultRole'>, address: string | null): SignOnDecision {
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  const refuse = (tx: Tx, reason: SignOnRefusal, userId: number | null = null): SignOnDecision => {
    recordSecurityEvent(tx, { kind: 'sign_in_failed', method: 'oidc', userId, email: email || null, detail: reason, address });
    return { ok: false, reason };
  };
  return db.transaction(
    (tx) => {
      if (claims.iss !== config.issuer) return refuse(tx, 'issuer_mismatch');
      if (!email.includes('@') || email.length > 320 || !isVerified(claims.email_verified)) return refuse(tx, 'unverified_email');
      const existing = findUserByEmail(tx, email);
      if (existing) {
        const active = getActiveUser(tx, existing.id);
        if (!active) return refuse(tx, 'disabled', existing.id);
        recordSecurityEvent(tx, { kind: 'sign_in', method: 'oidc', userId: active.id, email, address });
        return { ok: true, user: active, generation: getSessionGeneration(tx, active.id) ?? 0, created: false };
      }
      if (!config.allowedDomains.includes(domainOf(email))) return refuse(tx, 'domain_not_allowed');
      const user = insertUser(tx, { email, name: displayName(claims, email), role: config.defaultRole, passwordHash: NO_PASSWORD }, null, 'sign_on');
      recordSecurityEvent(tx, { kind: 'sign_on_account_created', method: 'oidc', userId: user.id, email, address });
      recordSecurityEvent(tx, { kind: 'sign_in', method: 'oidc', userId: user.id, email, address });
      return { ok: true, user, generation: getSessionGeneration(tx, user.id) ?? 0, created: true };
    },
    { behavior: 'immediate' },
  );
}

/** Whether a user can sign in with a password at all (an account made by sign-on has none). */
export function hasPassword(db: Db, email: string): boolean {
  return findCredentials(db, email)?.passwordHash.startsWith('scrypt$') ?? false;
}
