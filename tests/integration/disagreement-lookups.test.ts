import { drizzle } from 'drizzle-orm/better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { countOpenDisagreements, listClaimDisagreements } from '@/db/queries/disagreements';
import * as schema from '@/db/schema';
import { createTestDb } from '../helpers/test-db';

// Disagreements about a claim sit on either side (claim_id or related_claim_id); both lookups
// must use an index, since every write and every claim page asks.
let db: Db;
let cleanup: () => void;

beforeAll(() => {
  ({ db, cleanup } = createTestDb());
  const sql = db.$client;
  sql.prepare("INSERT INTO sources (name, kind) VALUES ('S', 'person')").run();
  const claim = sql.prepare("INSERT INTO claims (statement, claimant_id, claimed_on) VALUES (?, 1, '2024-12-18')");
  for (let i = 1; i <= 6; i += 1) claim.run(`Claim ${i}`);
  const open = sql.prepare("INSERT INTO disagreements (claim_id, kind, reason, related_claim_id, status) VALUES (?, ?, 'r', ?, ?)");
  open.run(1, 'reviewers', null, 'open');
  open.run(1, 'sources', 2, 'open');
  open.run(3, 'sources', 1, 'open');
  open.run(4, 'sources', 1, 'resolved');
  open.run(5, 'reviewers', null, 'open');
});
afterAll(() => cleanup());

describe('disagreements about a claim', () => {
  it('counts the open ones on either side, each once', () => {
    expect(countOpenDisagreements(db, 1)).toBe(3);
    expect(countOpenDisagreements(db, 2)).toBe(1);
    expect(countOpenDisagreements(db, 4)).toBe(0);
    expect(countOpenDisagreements(db, 6)).toBe(0);
    expect(listClaimDisagreements(db, 1).map((d) => d.claimId).sort()).toEqual([1, 1, 3, 4]);
  });

  it('finds them through the claim and related-claim indexes, never a scan', () => {
    const plans: string[] = [];
    const logging = drizzle(db.$client, {
      schema,
      logger: {
        logQuery: (query, params) =>
          plans.push((db.$client.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...(params as never[])) as { detail: string }[]).map((r) => r.detail).join('\n')),
      },
    }) as unknown as Db;
    countOpenDisagreements(logging, 1);
    listClaimDisagreements(logging, 1);
    const text = plans.join('\n');
    expect(text).toMatch(/disagreements USING INDEX disagreements_(claim|trigger)_idx \(claim_id=\?\)/);
    expect(text).toMatch(/disagreements USING INDEX disagreements_related_idx \(related_claim_id=\?\)/);
    expect(text).not.toMatch(/SCAN disagreements|disagreements_status_opened_idx/);
  });
});
