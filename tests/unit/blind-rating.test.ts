import { describe, expect, it } from 'vitest';
import { auditEventAsSeen, carriesRatings, disagreementAsSeen, ratingSight, type RatingSight } from '@/lib/review/blind-rating';
import { describeHistoryEvent, type HistoryEventInput } from '@/lib/history/history-text';
import type { Actor } from '@/lib/auth/permissions';

const person = (role: 'reviewer' | 'editor' | 'admin', id = 7): Actor => ({ kind: 'user', id, role, name: `${role} ${id}`, email: `${role}${id}@example.org` });
const key: Actor = { kind: 'api_key', id: 3, scopes: ['verdicts:read', 'claims:write', 'export:read'], name: 'key' };

const BLIND: RatingSight = { revealed: false, viewerId: 7 };
const SEEING: RatingSight = { revealed: true, viewerId: 7 };

function event(action: string, values: Partial<HistoryEventInput> = {}): HistoryEventInput {
  return { id: 1, action, entityType: 'x', entityId: 1, before: null, after: null, createdAt: '2024-12-18T10:00:00.000Z', actorName: 'Edith Editor', actorUserId: 9, ...values };
}

/** The history line a viewer with this sight reads for an event. */
const lineFor = (e: HistoryEventInput, sight: RatingSight) => describeHistoryEvent(auditEventAsSeen(e, sight)).text;

const reviewers = { kind: 'reviewers' as const, reason: 'Rosa rated it Accurate and Ravi rated it Inaccurate', resolution: 'Settled on Mostly inaccurate' };

describe('who may see others’ ratings of a claim', () => {
  it('lets editors and admins see them always, a reviewer only with a current assessment, an API key never', () => {
    expect(ratingSight(person('editor'), false).revealed).toBe(true);
    expect(ratingSight(person('admin'), false).revealed).toBe(true);
    expect(ratingSight(person('reviewer'), false)).toEqual({ revealed: false, viewerId: 7 });
    expect(ratingSight(person('reviewer'), true)).toEqual({ revealed: true, viewerId: 7 });
    expect(ratingSight(key, true)).toEqual({ revealed: false, viewerId: null });
  });

  it('counts every reviewers’ disagreement as carrying ratings, and no sources’ one', () => {
    expect(carriesRatings({ kind: 'reviewers' })).toBe(true);
    expect(carriesRatings({ kind: 'sources' })).toBe(false);
  });
});

describe('a disagreement as a viewer sees it', () => {
  const comments = [{ id: 1, body: 'I rated it Inaccurate' }];

  it('withholds the reason, resolution and comment bodies of a reviewers’ one from a blind viewer', () => {
    const seen = disagreementAsSeen({ id: 4, ...reviewers }, comments, BLIND);
    expect(seen).toEqual({ id: 4, kind: 'reviewers', reason: '', resolution: null, withheld: true, comments: [{ id: 1, body: '' }] });
  });

  it('keeps all of it for a viewer who may see ratings, and a sources’ one for everyone', () => {
    expect(disagreementAsSeen({ ...reviewers }, comments, SEEING)).toMatchObject({ reason: reviewers.reason, resolution: reviewers.resolution, withheld: false, comments });
    const sources = { kind: 'sources', reason: 'Linked as contradicting claim 4.', resolution: 'Different dates.' } as const;
    expect(disagreementAsSeen(sources, comments, BLIND)).toEqual({ ...sources, withheld: false, comments });
  });
});

describe('history lines for a reviewer who has not rated', () => {
  it('says only that a disagreement between reviewers was resolved, opened or commented on', () => {
    const resolve = event('disagreement.resolve', { before: { ...reviewers, resolution: null }, after: reviewers });
    expect(lineFor(resolve, SEEING)).toBe('Edith Editor resolved the disagreement: Settled on Mostly inaccurate');
    expect(lineFor(resolve, BLIND)).toBe('Edith Editor resolved the disagreement between reviewers (hidden until you submit your assessment).');
    const open = event('disagreement.open', { after: reviewers });
    expect(lineFor(open, BLIND)).toBe('Edith Editor opened a disagreement between reviewers (hidden until you submit your assessment).');
    expect(lineFor(event('disagreement.open_auto', { actorUserId: 7, after: reviewers }), BLIND)).toBe('A disagreement between reviewers opened automatically.');
    expect(lineFor(event('comment.create', { after: { body: 'Inaccurate, surely' } }), BLIND)).toBe('Edith Editor commented on the disagreement.');
  });

  it('says only that the verdict draft was saved', () => {
    const draft = event('verdict_draft.save', { before: {}, after: { label: 'mostly_inaccurate', headline: 'Not so', explanation: 'Because' } });
    expect(lineFor(draft, SEEING)).toBe('Edith Editor set the rating to mostly inaccurate and edited the headline and the explanation of the verdict draft.');
    expect(lineFor(draft, BLIND)).toBe('Edith Editor saved the verdict draft.');
  });

  it('hides others’ ratings but not the viewer’s own', () => {
    const rated = (actorUserId: number) => event('assessment.create', { actorUserId, actorName: 'Rosa Reviewer', after: { label: 'accurate', confidence: 75 } });
    expect(lineFor(rated(8), BLIND)).toBe('Rosa Reviewer submitted an assessment (hidden until you submit yours).');
    expect(lineFor(rated(7), BLIND)).toBe('Rosa Reviewer rated it accurate with confidence 75.');
    expect(lineFor(rated(8), SEEING)).toBe('Rosa Reviewer rated it accurate with confidence 75.');
  });

  it('leaves sources’ disagreements, published verdicts and other events as they are', () => {
    const sources = { kind: 'sources', reason: 'Figures do not overlap.', resolution: 'Different dates.' };
    expect(lineFor(event('disagreement.resolve', { after: sources }), BLIND)).toBe('Edith Editor resolved the disagreement: Different dates.');
    expect(lineFor(event('disagreement.open_auto', { after: sources }), BLIND)).toBe('A disagreement opened automatically: Figures do not overlap.');
    const published = event('verdict.publish', { after: { versionNumber: 1, label: 'inaccurate', headline: 'False' } });
    expect(lineFor(published, BLIND)).toBe('Edith Editor published verdict version 1: inaccurate, “False”.');
  });

  it('passes no before or after of a withheld event on to the history text', () => {
    const seen = auditEventAsSeen(event('disagreement.resolve', { before: reviewers, after: reviewers }), BLIND);
    expect(JSON.stringify(seen)).not.toMatch(/Accurate|Settled|Rosa/);
  });
});
