import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { appearances } from '../schema';

export function appearanceCount(db: DbOrTx, claimId: number): number {
  return db.select({ n: sql<number>`count(*)` }).from(appearances).where(eq(appearances.claimId, claimId)).get()?.n ?? 0;
}
