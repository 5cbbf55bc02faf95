/** Links between claims (contradicts, supports, same claim, …). */

import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { LINK_KINDS } from '../enums';
import { createdAt } from './columns';
import { claims } from './claims';
import { users } from './users';

export const claimLinks = sqliteTable(
  'claim_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    fromClaimId: integer('from_claim_id')
      .notNull()
      .references(() => claims.id),
    toClaimId: integer('to_claim_id')
      .notNull()
      .references(() => claims.id),
    kind: text('kind', { enum: LINK_KINDS }).notNull(),
    note: text('note').notNull().default(''),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('claim_links_unique').on(t.fromClaimId, t.toClaimId, t.kind),
    index('claim_links_to_idx').on(t.toClaimId),
    check('claim_links_not_self', sql`${t.fromClaimId} <> ${t.toClaimId}`),
  ],
);

export type ClaimLink = typeof claimLinks.$inferSelect;
