import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { DEMO_CLAIMS } from '@/db/seed/demo-claims';
import { seedDemo } from '@/lib/demo/seed';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { recordAssessment } from '@/lib/review/assessments';
import { VerdictPublishForm } from '@/lib/validation/verdict';
import { reviewPublication, saveAndPublishVerdict } from '@/lib/verdicts/publish';
import { createWebhook } from '@/lib/webhooks/webhooks';
import { demoActors } from '../helpers/actors';
import { tableCounts } from '../helpers/table-counts';
import { createTestDb } from '../helpers/test-db';

let db: Db;
let cleanup: () => void;
let desk: ReturnType<typeof demoActors>;
let zelensky: number;
let pentagon: number;
let evidenceIds: number[];

const claimId = (key: string) => {
  const statement = DEMO_CLAIMS.find((c) => c.key === key)?.statement;
  return db.$client.prepare('SELECT id FROM claims WHERE statement = ?').pluck().get(statement) as number;
};

const form = (id: number, values: Partial<Record<string, unknown>> = {}) =>
  VerdictPublishForm.parse({
    claimId: id,
    version: 0,
    label: 'mostly_inaccurate',
    headline: 'Mostly inaccurate: nothing public supports 100,000',
    explanation: 'No intelligence service has estimated more than about 12,000.',
    citedEvidenceIds: evidenceIds,
    ...values,
  });

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  ({ db, cleanup } = createTestDb());
  await seedDemo(db);
  desk = demoActors(db);
  zelensky = claimId('zelensky-troop-projection');
  pentagon = claimId('pentagon-troop-estimate');
  evidenceIds = db.$client.prepare('SELECT id FROM evidence WHERE claim_id = ? AND retracted_at IS NULL ORDER BY id').pluck().all(zelensky) as number[];
  createWebhook(db, desk.editor, { url: 'https://cms.example.org/hooks', events: ['verdict.published', 'verdict.corrected'] });
  createWebhook(db, desk.editor, { url: 'https://other.example.org/hooks', events: ['verdict.retracted'] });
});
afterAll(() => cleanup());

describe('publishing from the verdict form: confirm, then save and publish in one step (issue 14)', () => {
  it('refuses to confirm an unready claim with what it lacks, and publishes nothing, saves nothing', () => {
    const before = tableCounts(db);
    const error = refusal(() => reviewPublication(db, desk.editor, form(zelensky)));
    expect(error.code).toBe('unprocessable');
    expect(error.fieldErrors._form).toEqual(['Needs 2 more assessments by different reviewers (0 of 2).']);
    const publishing = refusal(() => saveAndPublishVerdict(db, desk.editor, form(zelensky, { step: 'publish' })));
    expect(publishing.fieldErrors._form).toEqual(['Needs 2 more assessments by different reviewers (0 of 2).']);
    expect(tableCounts(db)).toEqual(before);
  });

  it('names the verdict text’s own gaps beside their fields, from the form, not the saved draft', () => {
    for (const reviewer of [desk.reviewer1, desk.reviewer2]) {
      recordAssessment(db, reviewer, { claimId: zelensky, label: 'mostly_inaccurate', confidence: 80, rationale: 'No source.', citedEvidenceIds: [evidenceIds[0]!] });
    }
    const error = refusal(() => reviewPublication(db, desk.editor, form(zelensky, { headline: '  ' })));
    expect(error.fieldErrors).toEqual({ headline: ['Write a headline.'] });
  });

  it('confirms where the verdict becomes public and what the CMS will be sent, writing nothing', () => {
    const before = tableCounts(db);
    expect(reviewPublication(db, desk.editor, form(zelensky))).toEqual({
      publicUrl: `${getEnv().PUBLIC_URL}/verdicts/${zelensky}`,
      notifications: [{ event: 'verdict.published', webhooks: 1 }],
    });
    expect(tableCounts(db)).toEqual(before);
  });

  it('is the editors’: a reviewer is refused', () => {
    expect(refusal(() => reviewPublication(db, desk.reviewer1, form(zelensky))).code).toBe('forbidden');
    expect(refusal(() => saveAndPublishVerdict(db, desk.reviewer1, form(zelensky))).code).toBe('forbidden');
  });

  it('saves the form as the draft and publishes version 1 in one transaction, with both audit events and the webhook', () => {
    const lastEvent = db.$client.prepare('SELECT max(id) FROM audit_events').pluck().get() as number;
    const verdict = saveAndPublishVerdict(db, desk.editor, form(zelensky, { step: 'publish' }));
    expect(verdict).toMatchObject({ claimId: zelensky, versionNumber: 1, kind: 'publication', label: 'mostly_inaccurate' });
    const actions = db.$client.prepare('SELECT action FROM audit_events WHERE id > ? ORDER BY id').pluck().all(lastEvent);
    expect(actions).toEqual(['verdict_draft.save', 'verdict.publish']);
    expect(db.$client.prepare('SELECT status FROM claims WHERE id = ?').pluck().get(zelensky)).toBe('published');
    expect(db.$client.prepare('SELECT headline, version FROM verdict_drafts WHERE claim_id = ?').get(zelensky)).toEqual({
      headline: 'Mostly inaccurate: nothing public supports 100,000',
      version: 1,
    });
    expect(db.$client.prepare("SELECT count(*) FROM webhook_deliveries WHERE event = 'verdict.published'").pluck().get()).toBe(1);
  });

  it('refuses a claim with an open disagreement, leaving the draft as it was', () => {
    const before = tableCounts(db);
    const error = refusal(() => saveAndPublishVerdict(db, desk.editor, form(pentagon, { step: 'publish', citedEvidenceIds: [] })));
    expect(error.message).toBe('This claim is not ready to publish.');
    expect(error.fieldErrors._form).toContain('Resolve the 1 open disagreement.');
    expect(tableCounts(db)).toEqual(before);
  });
});
