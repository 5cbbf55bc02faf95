/** The security log: sign-ins, sign-outs, failures, password changes, ended sessions, sign-on accounts. */

import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { SECURITY_EVENT_KINDS } from '../enums';
import { createdAt } from './columns';
import { users } from './users';

/**
 * Append-only (its migration adds triggers that abort any UPDATE or DELETE). `user_id` is the person
 * the event is about, when known; `email` is what was typed or sent by the provider (a failed
 * sign-in of an unknown email has only that); `actor_user_id` is the admin who ended someone's
 * sessions. Never holds a password or a token.
 */
export const securityEvents = sqliteTable(
  'security_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: SECURITY_EVENT_KINDS }).notNull(),
    userId: integer('user_id').references(() => users.id),
    email: text('email'),
    actorUserId: integer('actor_user_id').references(() => users.id),
    /** 'password' or 'oidc' for sign-ins and their failures. */
    method: text('method'),
    /** Why a sign-in failed, in a word (wrong_credentials, unverified_email, domain_not_allowed, …). */
    detail: text('detail'),
    /** The client's address as the rate limiter keys it (lib/http/client-address.ts). */
    address: text('address'),
    createdAt: createdAt(),
  },
  (t) => [
    index('security_events_user_idx').on(t.userId, t.id),
    index('security_events_kind_idx').on(t.kind, t.id),
    index('security_events_user_kind_idx').on(t.userId, t.kind, t.id),
  ],
);

export type SecurityEvent = typeof securityEvents.$inferSelect;
export type NewSecurityEvent = typeof securityEvents.$inferInsert;
