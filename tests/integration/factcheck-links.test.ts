import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { DEMO_CLAIMS } from '@/db/seed/demo-claims';
import { DEMO_FACTCHECKS } from '@/db/seed/demo-factchecks';
import { seedDemo } from '@/lib/demo/seed';
import { linkFactcheck, loadCheckedElsewhere, unlinkFactcheck } from '@/lib/claims/factcheck-links';
import { loadClaimPage } from '@/lib/claims/claim-page';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/permissions';
import { FactcheckLink } from '@/lib/validation/factcheck-link';
import { demoActors } from '../helpers/actors';
import { tableCounts } from '../helpers/table-counts';
import { createTestDb } from '../helpers/test-db';

let db: Db;
let cleanup: () => void;
let actors: ReturnType<typeof demoActors>;
const apiKey: Actor = { kind: 'api_key', id: 1, scopes: ['verdicts:read', 'claims:write', 'export:read'], name: 'k' };

const claimId = (key: string) => {
  const statement = DEMO_CLAIMS.find((c) => c.key === key)!.statement;
  return (db.$client.prepare('SELECT id FROM claims WHERE statement = ?').get(statement) as { id: number }).id;
};
const factcheckId = (n: number) =>
  (db.$client.prepare('SELECT id FROM external_factchecks WHERE url = ?').get(DEMO_FACTCHECKS[n]!.url) as { id: number }).id;
const links = (claim: number) => db.$client.prepare('SELECT factcheck_id AS id FROM claim_factcheck_links WHERE claim_id = ? ORDER BY factcheck_id').all(claim);

function refusal(run: () => unknown): AppError {
  const before = tableCounts(db);
  try {
    run();
  } catch (error) {
    expect(tableCounts(db)).toEqual(before);
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  ({ db, cleanup } = createTestDb());
  await seedDemo(db);
  actors = demoActors(db);
});
afterAll(() => cleanup());

describe('the demo’s fact-checks published elsewhere', () => {
  it('seeds three, one linked to the Pentagon’s estimate by the editor, with its mapped label', () => {
    expect(db.$client.prepare('SELECT count(*) FROM external_factchecks').pluck().get()).toBe(3);
    const section = loadCheckedElsewhere(db, actors.reviewer1, claimId('pentagon-troop-estimate'));
    expect(section.linked).toHaveLength(1);
    expect(section.linked[0]).toMatchObject({ publisherName: 'Demo Fact Desk', ratingText: 'Mostly true', mappedLabel: 'mostly_accurate', linkedBy: 'Edith Editor' });
  });
});

describe('linkFactcheck and unlinkFactcheck', () => {
  it('links by pasted URL (any spelling of it), idempotently, with one audit event; unlinking keeps the history', () => {
    const claim = claimId('zelensky-troop-projection');
    const pasted = 'HTTPS://ClaimWatch.example/reviews/100000-north-korean-soldiers-ukraine/?utm_source=newsletter#verdict';
    const audit = () => db.$client.prepare("SELECT action, entity_id AS id, claim_id AS claimId, actor_user_id AS actor FROM audit_events WHERE action LIKE 'factcheck_link.%' AND claim_id = ?").all(claim);

    const first = linkFactcheck(db, actors.reviewer1, FactcheckLink.parse({ claimId: claim, url: pasted }));
    expect(first).toMatchObject({ linked: true, factcheck: { id: factcheckId(1), publisherName: 'Claim Watch (demo)' } });
    expect(links(claim)).toEqual([{ id: factcheckId(1) }]);
    expect(audit()).toEqual([{ action: 'factcheck_link.create', id: factcheckId(1), claimId: claim, actor: actors.reviewer1.id }]);

    const before = tableCounts(db);
    expect(linkFactcheck(db, actors.editor, { claimId: claim, factcheckId: factcheckId(1) }).linked).toBe(false);
    expect(tableCounts(db)).toEqual(before);

    expect(unlinkFactcheck(db, actors.reviewer2, { claimId: claim, factcheckId: factcheckId(1) }).unlinked).toBe(true);
    expect(links(claim)).toEqual([]);
    expect(unlinkFactcheck(db, actors.reviewer2, { claimId: claim, factcheckId: factcheckId(1) }).unlinked).toBe(false);
    expect(audit()).toEqual([
      { action: 'factcheck_link.create', id: factcheckId(1), claimId: claim, actor: actors.reviewer1.id },
      { action: 'factcheck_link.delete', id: factcheckId(1), claimId: claim, actor: actors.reviewer2.id },
    ]);
    const history = loadClaimPage(db, actors.editor, claim).history.map((line) => line.text);
    expect(history).toContain('Rita Reviewer linked the fact-check “No evidence that 100,000 North Korean soldiers are already fighting in Ukraine” by Claim Watch (demo).'.replace('Rita Reviewer', actors.reviewer1.name));
    expect(history.some((text) => text.startsWith(`${actors.reviewer2.name} unlinked the fact-check`))).toBe(true);
  });

  it('refuses a missing fact-check or claim with a 4xx naming the field, writing nothing', () => {
    const claim = claimId('g7-joint-statement');
    expect(refusal(() => linkFactcheck(db, actors.editor, { claimId: claim, factcheckId: 999_999 }))).toMatchObject({ status: 400, fieldErrors: { factcheckId: [expect.stringMatching(/no fact-check 999999/)] } });
    expect(refusal(() => linkFactcheck(db, actors.editor, { claimId: claim, url: 'https://unknown.example/review' }))).toMatchObject({ status: 400, fieldErrors: { url: [expect.stringMatching(/No imported fact-check/)] } });
    expect(refusal(() => linkFactcheck(db, actors.editor, { claimId: 999_999, factcheckId: factcheckId(0) }))).toMatchObject({ status: 404, fieldErrors: { claimId: expect.any(Array) } });
    expect(refusal(() => unlinkFactcheck(db, actors.editor, { claimId: 999_999, factcheckId: factcheckId(0) }))).toMatchObject({ status: 404 });
    expect(refusal(() => unlinkFactcheck(db, actors.editor, { claimId: claim, factcheckId: 999_999 }))).toMatchObject({ status: 400, fieldErrors: { factcheckId: expect.any(Array) } });
  });

  it('the schema names the field: neither id nor URL, or a URL that is not a web address', () => {
    const problems = (input: unknown) => [...new Set(FactcheckLink.safeParse(input).error?.issues.map((issue) => issue.path.join('.')))];
    expect(problems({ claimId: 1 })).toEqual(['url']);
    expect(problems({ claimId: 1, url: 'javascript:alert(1)' })).toEqual(['url']);
    expect(problems({ claimId: 1, url: `https://a.example/${'x'.repeat(3000)}` })).toEqual(['url']);
    expect(problems({ claimId: 1, url: 'https://a.example/\u0000' })).toEqual(['url']);
    expect(problems({ claimId: 'x', factcheckId: 2 })).toEqual(['claimId']);
  });

  it('lets every signed-in role link, and nobody else', () => {
    const claim = claimId('eu-no-kwang-chol');
    for (const actor of [null, apiKey]) {
      const error = refusal(() => linkFactcheck(db, actor as Actor, { claimId: claim, factcheckId: factcheckId(2) }));
      expect(error.code).toBe(actor === null ? 'unauthorized' : 'forbidden');
      expect(refusal(() => unlinkFactcheck(db, actor as Actor, { claimId: claim, factcheckId: factcheckId(0) })).code).toBe(actor === null ? 'unauthorized' : 'forbidden');
    }
    for (const actor of [actors.reviewer1, actors.editor, actors.admin]) {
      expect(linkFactcheck(db, actor, { claimId: claim, factcheckId: factcheckId(2) }).linked).toBe(true);
      expect(unlinkFactcheck(db, actor, { claimId: claim, factcheckId: factcheckId(2) }).unlinked).toBe(true);
    }
  });

  it('shows a blind reviewer the fact-checks of others, which carry no rating of the desk', () => {
    const claim = claimId('pentagon-troop-estimate');
    // reviewer2 may not have rated this claim: fact-checks by others are public material all the same.
    const seen = loadCheckedElsewhere(db, actors.reviewer2, claim);
    expect(seen.linked.map((item) => item.ratingText)).toEqual(['Mostly true']);
    expect(Object.keys(seen.linked[0]!).sort()).toEqual(
      ['claimText', 'claimant', 'id', 'language', 'linkedAt', 'linkedBy', 'mappedLabel', 'publisherName', 'publisherSite', 'ratingText', 'reviewDate', 'title', 'url'].sort(),
    );
  });
});
