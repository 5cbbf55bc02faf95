import { relations } from 'drizzle-orm';
import { appearances } from './appearances';
import { assessments } from './assessments';
import { claims, quantities } from './claims';
import { evidence } from './evidence';
import { sources } from './sources';

/**
 * A claim's relations to the rows that belong to it. They sit apart from the claims table because
 * those tables import it: beside it, they would make an import cycle.
 */
export const claimsRelations = relations(claims, ({ one, many }) => ({
  claimant: one(sources, { fields: [claims.claimantId], references: [sources.id] }),
  quantity: one(quantities),
  appearances: many(appearances),
  evidence: many(evidence),
  assessments: many(assessments),
}));
