import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { DEMO_CLAIMS } from '@/db/seed/demo-claims';
import { seedDemo } from '@/lib/demo/seed';
import { loadClaimSuggestions } from '@/lib/claims/suggestions';
import { demoActors } from '../helpers/actors';
import { createTestDb } from '../helpers/test-db';

let db: Db;
let cleanup: () => void;
let actors: ReturnType<typeof demoActors>;

const claimId = (key: string) => {
  const statement = DEMO_CLAIMS.find((c) => c.key === key)!.statement;
  return db.$client.prepare('SELECT id FROM claims WHERE statement = ?').pluck().get(statement) as number;
};

beforeAll(async () => {
  ({ db, cleanup } = createTestDb());
  await seedDemo(db);
  actors = demoActors(db);
});
afterAll(() => cleanup());

describe('the claim page’s suggestions (Checked elsewhere, Possible duplicates)', () => {
  it('suggests the fact-checks and desk claims about the same troops, never the claim itself', async () => {
    const id = claimId('zelensky-troop-projection');
    const { factchecks, duplicates } = await loadClaimSuggestions(db, actors.editor, id);
    expect(factchecks.length).toBeGreaterThan(0);
    expect(factchecks.some((item) => /100,?000/.test(`${item.claimText} ${item.title}`))).toBe(true);
    expect(duplicates.map((card) => card.id)).not.toContain(id);
    expect(duplicates.map((card) => card.id)).toContain(claimId('pentagon-troop-estimate'));
  });

  it('shows a reviewer who has not rated the claim no rating on our scale, and the same suggestions otherwise', async () => {
    const id = claimId('zelensky-troop-projection');
    const rated = db.$client.prepare('SELECT count(*) FROM assessments WHERE claim_id = ? AND reviewer_id = ?').pluck().get(id, actors.reviewer1.id);
    expect(rated).toBe(0);
    // Every suggested fact-check carries a label on our scale (as an editor's mapping would give it).
    const suggested = (await loadClaimSuggestions(db, actors.editor, id)).factchecks.map((item) => item.id);
    for (const factcheck of suggested) db.$client.prepare("UPDATE external_factchecks SET mapped_label = 'inaccurate' WHERE id = ?").run(factcheck);
    const editor = await loadClaimSuggestions(db, actors.editor, id);
    const blind = await loadClaimSuggestions(db, actors.reviewer1, id);
    expect(editor.factchecks.some((item) => item.mappedLabel !== null) || editor.duplicates.some((card) => card.verdictLabel !== null)).toBe(true);
    expect(blind.factchecks.map((item) => item.mappedLabel)).toEqual(blind.factchecks.map(() => null));
    expect(blind.duplicates.map((card) => card.verdictLabel)).toEqual(blind.duplicates.map(() => null));
    expect(blind.factchecks.map((item) => item.id)).toEqual(editor.factchecks.map((item) => item.id));
    expect(blind.duplicates.map((card) => card.id)).toEqual(editor.duplicates.map((card) => card.id));
  });

  it('answers a repeat from its cache, and any write to the data is seen at the next call', async () => {
    const id = claimId('pentagon-troop-estimate');
    const first = await loadClaimSuggestions(db, actors.editor, id);
    // The same viewer, no write in between: the same answer object, not a new ranking.
    expect(await loadClaimSuggestions(db, actors.editor, id)).toBe(first);
    // Another viewer has their own entry (what they may see differs).
    expect(await loadClaimSuggestions(db, actors.reviewer1, id)).not.toBe(first);
    const [factcheck] = first.factchecks;
    expect(factcheck).toBeDefined();
    db.$client.prepare("UPDATE external_factchecks SET mapped_label = 'mixed' WHERE id = ?").run(factcheck!.id);
    const after = await loadClaimSuggestions(db, actors.editor, id);
    expect(after).not.toBe(first);
    expect(after.factchecks.find((item) => item.id === factcheck!.id)?.mappedLabel).toBe('mixed');
  });
});
