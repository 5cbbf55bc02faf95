import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { seedDemo } from '@/lib/demo/seed';
import { getEnv } from '@/lib/env';
import type { Actor } from '@/lib/auth/permissions';
import { getVerdictDraft } from '@/db/queries/verdicts';
import { VerdictCorrect } from '@/lib/validation/verdict';
import { amendVerdict } from '@/lib/verdicts/verdicts';
import { publishCorrection } from '@/lib/verdicts/correction';
import { createWebhook } from '@/lib/webhooks/webhooks';
import { createTestDb } from '../helpers/test-db';
import { demoActors } from '../helpers/actors';

/**
 * The wiring between verdicts and webhooks: every new verdict version queues its event in the
 * same transaction (lib/verdicts/verdicts.ts publishVersion calls enqueueVerdictEvent).
 */
let db: Db;
let cleanup: () => void;
let editor: Actor;

beforeAll(async () => {
  ({ db, cleanup } = createTestDb());
  await seedDemo(db);
  editor = demoActors(db).editor;
  createWebhook(db, editor, { url: 'https://cms.example.org/hooks', events: ['verdict.published', 'verdict.corrected', 'verdict.retracted'] });
});
afterAll(() => cleanup());

const queued = () =>
  db.$client.prepare('SELECT event, payload, status FROM webhook_deliveries ORDER BY id').all() as { event: string; payload: string; status: string }[];

function publishedClaim(): { claimId: number; draftVersion: number } {
  return db.$client
    .prepare(
      "SELECT c.id AS claimId, d.version AS draftVersion FROM claims c JOIN verdict_drafts d ON d.claim_id = c.id WHERE c.status = 'published' ORDER BY c.id LIMIT 1",
    )
    .get() as { claimId: number; draftVersion: number };
}

describe('verdict versions raise webhook events', () => {
  it('queues verdict.corrected with the new version when a correction is published', () => {
    const { claimId, draftVersion } = publishedClaim();
    const draft = getVerdictDraft(db, claimId)!;
    const correction = publishCorrection(
      db,
      editor,
      VerdictCorrect.parse({ claimId, version: draftVersion, label: draft.label, headline: draft.headline, explanation: `${draft.explanation} (Date clarified.)`, citedEvidenceIds: draft.citedEvidenceIds.join(','), note: 'Clarified the date.', step: 'publish' }),
    );
    const deliveries = queued();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ event: 'verdict.corrected', status: 'pending' });
    expect(JSON.parse(deliveries[0]!.payload)).toMatchObject({
      event: 'verdict.corrected',
      data: {
        claim_id: claimId,
        version: correction.versionNumber,
        kind: 'correction',
        label: correction.label,
        headline: correction.headline,
        note: 'Clarified the date.',
        public_url: `${getEnv().PUBLIC_URL}/verdicts/${claimId}`,
      },
    });
  });

  it('queues verdict.retracted, and nothing for a refused change', () => {
    const { claimId, draftVersion } = publishedClaim();
    expect(() => amendVerdict(db, editor, { claimId, version: draftVersion + 5, kind: 'retraction', note: 'Stale.' })).toThrow();
    expect(queued()).toHaveLength(1);
    amendVerdict(db, editor, { claimId, version: getVerdictDraft(db, claimId)!.version, kind: 'retraction', note: 'Misattributed.' });
    expect(queued().map((d) => d.event)).toEqual(['verdict.corrected', 'verdict.retracted']);
  });
});
