import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { sources } from '@/db/schema';
import { createApiKey } from '@/lib/api/keys';
import { ArticleReport } from '@/lib/api/schemas';
import { readApiClaim } from '@/lib/api/verdicts';
import { createClaim, reportArticleUrl } from '@/lib/claims/claims';
import type { Actor } from '@/lib/auth/permissions';
import { createTestDb } from '../helpers/test-db';
import { refusal } from '../helpers/refusal';

/**
 * PUT /api/v1/claims/{id}/article with the claim's version: a report made against a version that
 * is no longer current is refused (409) instead of overwriting the newer article URL.
 */
let db: Db;
let cleanup: () => void;
let cms: Actor;
let claimId: number;

beforeAll(() => {
  ({ db, cleanup } = createTestDb());
  const { apiKey } = createApiKey(db, null, { name: 'CMS', scopes: ['claims:write'] });
  cms = { kind: 'api_key', id: apiKey.id, name: apiKey.name, scopes: apiKey.scopes };
  const claimantId = db.insert(sources).values({ name: 'Pentagon', kind: 'government' }).returning().get().id;
  claimId = createClaim(db, cms, {
    statement: 'As many as 10,000 North Korean troops have been sent to Russia.',
    claimantId,
    claimedOn: '2024-12-18',
    language: 'en',
    context: '',
    appearance: { url: 'https://example.org/briefing', title: 'Briefing', quote: '' },
  }).id;
  // Publication itself is covered by the review-workflow tests; here only its status matters.
  db.$client.prepare("UPDATE claims SET status = 'published' WHERE id = ?").run(claimId);
});
afterAll(() => cleanup());

const claim = () => db.$client.prepare('SELECT version, article_url AS articleUrl FROM claims WHERE id = ?').get(claimId) as { version: number; articleUrl: string | null };
const articleEvents = () => db.$client.prepare("SELECT count(*) FROM audit_events WHERE action = 'claim.article' AND entity_id = ?").pluck().get(claimId) as number;

describe('reportArticleUrl at a version', () => {
  it('shows the claim’s version in the API representation', () => {
    expect(readApiClaim(db, 'http://localhost', claimId, true).version).toBe(claim().version);
  });

  it('applies a report made at the current version, once, and moves the version on by one', () => {
    const { version } = claim();
    const events = articleEvents();
    reportArticleUrl(db, cms, claimId, 'https://news.example/first', version);
    expect(claim()).toEqual({ version: version + 1, articleUrl: 'https://news.example/first' });
    expect(articleEvents()).toBe(events + 1);
  });

  it('refuses a report made at an older version with a conflict naming the version, changing nothing', () => {
    const current = claim();
    const events = articleEvents();
    const error = refusal(() => reportArticleUrl(db, cms, claimId, 'https://news.example/stale', current.version - 1));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain(`version ${current.version}`);
    expect(Object.keys(error.fieldErrors)).toEqual(['version']);
    expect(claim()).toEqual(current);
    expect(articleEvents()).toBe(events);
  });

  it('answers a retried report of the URL already recorded as done, whatever version it carries', () => {
    const current = claim();
    const events = articleEvents();
    reportArticleUrl(db, cms, claimId, current.articleUrl!, current.version - 1);
    expect(claim()).toEqual(current);
    expect(articleEvents()).toBe(events);
  });

  it('still takes a report without a version (last report wins)', () => {
    const { version } = claim();
    reportArticleUrl(db, cms, claimId, 'https://news.example/unversioned');
    expect(claim()).toEqual({ version: version + 1, articleUrl: 'https://news.example/unversioned' });
  });

  it('validates the version field of the request body', () => {
    expect(ArticleReport.safeParse({ url: 'https://news.example/a', version: 3 }).success).toBe(true);
    for (const version of [0, -1, 1.5, '3', null]) {
      const parsed = ArticleReport.safeParse({ url: 'https://news.example/a', version });
      expect(parsed.success, String(version)).toBe(false);
      expect(parsed.error?.issues[0]?.path, String(version)).toEqual(['version']);
    }
  });
});
