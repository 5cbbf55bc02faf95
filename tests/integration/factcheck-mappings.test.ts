import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { createUser } from '@/lib/admin/users';
import type { Actor } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { ConflictError } from '@/lib/history/conflicts';
import { importFactchecks } from '@/lib/import/factchecks';
import { importFactcheckUpload, loadFactcheckSettings, setRatingMapping } from '@/lib/import/factchecks/mappings';
import { FACTCHECK_UPLOAD_MAX_BYTES } from '@/lib/validation/factcheck-mapping';
import { createTestDb } from '../helpers/test-db';

let db: Db;
let cleanup: () => void;
let editor: Actor;
let reviewer: Actor;

function review(n: number, rating: Record<string, unknown>, site = 'maps.example') {
  return {
    '@type': 'ClaimReview',
    url: `https://${site}/checks/${n}`,
    claimReviewed: `Mapped claim ${n}.`,
    author: { '@type': 'Organization', name: 'Map Checks', url: `https://${site}/` },
    reviewRating: rating,
    datePublished: `2024-01-${String((n % 28) + 1).padStart(2, '0')}`,
  };
}

const one = (sql: string, ...params: unknown[]) => db.$client.prepare(sql).pluck().get(...params);

beforeAll(async () => {
  ({ db, cleanup } = createTestDb());
  const first = await createUser(db, null, { email: 'admin@example.org', name: 'Ada Admin', role: 'admin', password: 'correct horse battery' });
  const admin: Actor = { kind: 'user', ...first };
  editor = { kind: 'user', ...(await createUser(db, admin, { email: 'editor@example.org', name: 'Ed Editor', role: 'editor', password: 'correct horse battery' })) };
  reviewer = { kind: 'user', ...(await createUser(db, admin, { email: 'rev@example.org', name: 'Rae Reviewer', role: 'reviewer', password: 'correct horse battery' })) };
  await importFactchecks(
    db,
    [
      review(1, { alternateName: 'Pants on Fire!' }),
      review(2, { alternateName: 'pants on fire' }),
      review(3, { alternateName: 'Pants on fire.' }),
      review(4, { alternateName: 'Half True' }),
      review(5, { ratingValue: 1, bestRating: 5, worstRating: 1 }),
      review(6, { alternateName: 'Pants on Fire!' }, 'other.example'),
    ],
    { pauseMs: 0 },
  );
});
afterAll(() => cleanup());

describe('rating mappings (Settings → Fact-checks)', () => {
  it('queues unmapped labels with counts and example claims, and proposes a label for a numeric rating only', () => {
    const { queue } = loadFactcheckSettings(db, editor);
    expect(queue.map((q) => [q.publisherKey, q.ratingKey, q.factchecks, q.proposal])).toEqual([
      ['maps.example', 'pants on fire', 3, null],
      ['maps.example', '1 of 1–5', 1, 'inaccurate'],
      ['maps.example', 'half true', 1, null],
      ['other.example', 'pants on fire', 1, null],
    ]);
    expect(queue[0]?.examples.map((e) => e.claimText)).toEqual(['Mapped claim 3.', 'Mapped claim 2.']);
    // Proposed, not applied.
    expect(one("SELECT mapped_label FROM external_factchecks WHERE url_key = 'https://maps.example/checks/5'")).toBeNull();
  });

  it('mapping a label updates every fact-check carrying it (that publisher only), in one transaction with its audit event', () => {
    expect(setRatingMapping(db, editor, { publisherKey: 'maps.example', ratingKey: 'pants on fire', label: 'inaccurate', version: 0 })).toEqual({ factchecks: 3 });
    expect(one("SELECT count(*) FROM external_factchecks WHERE mapped_label = 'inaccurate'")).toBe(3);
    expect(one("SELECT mapped_label FROM external_factchecks WHERE publisher_key = 'other.example'")).toBeNull();
    expect(db.$client.prepare("SELECT action, json_extract(after, '$.factchecks') AS n FROM audit_events WHERE entity_type = 'rating_mapping'").all()).toEqual([
      { action: 'rating_mapping.create', n: 3 },
    ]);
    const { queue, mappings } = loadFactcheckSettings(db, editor);
    expect(queue.map((q) => q.ratingKey)).not.toContain(undefined);
    expect(queue.some((q) => q.publisherKey === 'maps.example' && q.ratingKey === 'pants on fire')).toBe(false);
    expect(mappings).toEqual([expect.objectContaining({ ratingKey: 'pants on fire', label: 'inaccurate', version: 1, factchecks: 3, updatedByName: 'Ed Editor' })]);
  });

  it('confirming a proposal maps the numeric label; a later import applies the mapping', async () => {
    setRatingMapping(db, editor, { publisherKey: 'maps.example', ratingKey: '1 of 1–5', label: 'inaccurate', version: 0 });
    await importFactchecks(db, [review(7, { ratingValue: '1', bestRating: '5', worstRating: '1' })], { pauseMs: 0 });
    expect(one("SELECT mapped_label FROM external_factchecks WHERE url_key = 'https://maps.example/checks/7'")).toBe('inaccurate');
  });

  it('a stale edit conflicts and changes nothing; so does mapping a queue entry someone mapped meanwhile', () => {
    setRatingMapping(db, editor, { publisherKey: 'maps.example', ratingKey: 'pants on fire', label: 'no_equivalent', version: 1 });
    expect(one("SELECT count(*) FROM external_factchecks WHERE mapped_label = 'no_equivalent'")).toBe(3);
    const before = one('SELECT count(*) FROM audit_events');
    expect(() => setRatingMapping(db, editor, { publisherKey: 'maps.example', ratingKey: 'pants on fire', label: 'mixed', version: 1 })).toThrow(ConflictError);
    expect(() => setRatingMapping(db, editor, { publisherKey: 'maps.example', ratingKey: 'pants on fire', label: 'mixed', version: 0 })).toThrow(ConflictError);
    expect(one("SELECT count(*) FROM external_factchecks WHERE mapped_label = 'mixed'")).toBe(0);
    expect(one('SELECT count(*) FROM audit_events')).toBe(before);
  });

  it('refuses a reviewer, beside the data', async () => {
    expect(() => loadFactcheckSettings(db, reviewer)).toThrow(AppError);
    expect(() => setRatingMapping(db, reviewer, { publisherKey: 'maps.example', ratingKey: 'half true', label: 'mixed', version: 0 })).toThrow(/permission/);
    await expect(importFactcheckUpload(db, reviewer, new File(['{}'], 'x.json'))).rejects.toThrow(/permission/);
  });

  it('an upload goes through the importer; no file, a file too large or in no known format is a clear error naming the field', async () => {
    const good = new File([JSON.stringify([review(20, { alternateName: 'Half True' }), { '@type': 'Thing' }])], 'feed.json');
    const result = await importFactcheckUpload(db, editor, good);
    expect(result.message).toBe('1 added, 0 updated, 0 unchanged, 1 skipped.');
    expect(result.skipped).toEqual([{ where: 'line 1, item 2', reason: 'not a ClaimReview (@type Thing)' }]);
    expect(one("SELECT json_extract(after, '$.url') FROM audit_events WHERE action = 'factcheck.import' AND actor_user_id = ?", editor.id)).toBe(
      'https://maps.example/checks/20',
    );
    const refusals = await Promise.all(
      [null, new File([''], 'empty.json'), new File(['x'.repeat(FACTCHECK_UPLOAD_MAX_BYTES + 1)], 'big.json'), new File(['id,claim\n'], 'a.csv')].map((file) =>
        importFactcheckUpload(db, editor, file).then(
          () => null,
          (error: unknown) => error as AppError,
        ),
      ),
    );
    expect(refusals.map((e) => [e?.code, Object.keys(e?.fieldErrors ?? {})])).toEqual([
      ['bad_request', ['file']],
      ['bad_request', ['file']],
      ['bad_request', ['file']],
      ['bad_request', ['file']],
    ]);
    expect(refusals[3]?.message).toBe('The file is not JSON, JSON Lines or HTML: it starts with "id,claim".');
  });
});
