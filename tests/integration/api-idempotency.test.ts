import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { idempotencyKeys } from '@/db/schema';
import { createApiKey } from '@/lib/api/keys';
import { withIdempotency } from '@/lib/http/idempotency';
import { jsonResponse } from '@/lib/http/json-response';
import { ClaimSubmission } from '@/lib/api/schemas';
import { submitClaim } from '@/lib/api/submissions';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/permissions';
import { createTestDb } from '../helpers/test-db';

/**
 * Idempotent POSTs: the change and the stored answer commit together, so a crash cannot keep one
 * without the other (the crash itself is exercised over HTTP in tests/e2e/crash-safety.test.ts).
 */
let db: Db;
let cleanup: () => void;
let cms: Actor;

beforeAll(() => {
  ({ db, cleanup } = createTestDb());
  const { apiKey } = createApiKey(db, null, { name: 'CMS', scopes: ['claims:write'] });
  cms = { kind: 'api_key', id: apiKey.id, name: apiKey.name, scopes: apiKey.scopes };
});
afterAll(() => cleanup());

const count = (sql: string, ...params: unknown[]) => db.$client.prepare(sql).pluck().get(...params) as number;
const claimsWith = (marker: string) => count('SELECT count(*) FROM claims WHERE statement LIKE ?', `%${marker}%`);
const recordsFor = (key: string) => count('SELECT count(*) FROM idempotency_keys WHERE key = ?', key);

function post(key: string | null, body: object): Request {
  return new Request('http://localhost/api/v1/claims', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key === null ? {} : { 'idempotency-key': key }) },
    body: JSON.stringify(body),
  });
}

/** A submission as the route receives it, after ClaimSubmission parsed the body. */
function submission(marker: string): ClaimSubmission {
  return ClaimSubmission.parse({ statement: `The ministry says ${marker} happened.`, claimant: { name: 'Ministry of Examples', kind: 'government' }, appearance: { url: 'https://news.example/a' } });
}

/** What POST /api/v1/claims does, through withIdempotency as apiKeyRoute calls it. */
async function submit(key: string | null, body: ClaimSubmission, during?: () => void): Promise<Response> {
  const request = post(key, body);
  return withIdempotency(request, db, cms, JSON.stringify(body), () => {
    during?.();
    const created = submitClaim(db, cms, body);
    return jsonResponse({ id: created.id, status: created.status }, { status: 201, headers: { location: `http://localhost/api/v1/claims/${created.id}` } });
  });
}

describe('withIdempotency', () => {
  it('runs the handler inside the transaction that stores its answer', async () => {
    const body = submission('idem-alpha');
    let inTransaction: boolean | undefined;
    const first = await submit('key-alpha', body, () => {
      inTransaction = db.$client.inTransaction;
    });
    expect(inTransaction).toBe(true);
    expect(first.status).toBe(201);
    const created = (await first.json()) as { id: number };
    const record = db.select().from(idempotencyKeys).all().find((row) => row.key === 'key-alpha');
    expect(record).toMatchObject({ responseStatus: 201, responseBody: JSON.stringify({ id: created.id, status: 'draft' }) });
    expect(claimsWith('idem-alpha')).toBe(1);
  });

  it('replays the stored answer for a retry and creates nothing more', async () => {
    const body = submission('idem-beta');
    const first = await submit('key-beta', body);
    const auditBefore = count('SELECT count(*) FROM audit_events');
    const retry = await submit('key-beta', body, () => {
      throw new Error('a retry must not run the handler');
    });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.text()).toBe(await first.text());
    expect(claimsWith('idem-beta')).toBe(1);
    expect(count('SELECT count(*) FROM audit_events')).toBe(auditBefore);
  });

  it('refuses the same key with another body (422) and writes nothing', async () => {
    await submit('key-gamma', submission('idem-gamma'));
    await expect(submit('key-gamma', submission('idem-gamma-other'))).rejects.toMatchObject({ code: 'unprocessable' });
    expect(claimsWith('idem-gamma-other')).toBe(0);
  });

  it('rolls back the change with the key when the handler fails, so a retry starts afresh', async () => {
    const body = submission('idem-delta');
    expect(() =>
      withIdempotency(post('key-delta', body), db, cms, JSON.stringify(body), () => {
        submitClaim(db, cms, body);
        throw new AppError('bad_request', 'Refused after writing.');
      }),
    ).toThrow(AppError);
    expect(claimsWith('idem-delta')).toBe(0);
    expect(recordsFor('key-delta')).toBe(0);
    expect((await submit('key-delta', body)).status).toBe(201);
    expect(claimsWith('idem-delta')).toBe(1);
  });

  it('refuses an asynchronous handler before anything it wrote commits', async () => {
    const body = submission('idem-epsilon');
    expect(() =>
      withIdempotency(post('key-epsilon', body), db, cms, JSON.stringify(body), () => {
        submitClaim(db, cms, body);
        return Promise.resolve(jsonResponse({}, { status: 201 }));
      }),
    ).toThrow(/synchronously/);
    expect(claimsWith('idem-epsilon')).toBe(0);
    expect(recordsFor('key-epsilon')).toBe(0);
  });

  it('does not let a reservation left by an interrupted request block its key forever', async () => {
    db.insert(idempotencyKeys).values({ apiKeyId: cms.id, key: 'key-zeta', requestHash: 'unfinished', responseStatus: 0, responseBody: '' }).run();
    const answer = await submit('key-zeta', submission('idem-zeta'));
    expect(answer.status).toBe(201);
    expect(claimsWith('idem-zeta')).toBe(1);
    expect(recordsFor('key-zeta')).toBe(1);
  });

  it('replays a 201 with its Location header', async () => {
    const body = submission('idem-theta');
    const first = await submit('key-theta', body);
    const location = first.headers.get('location');
    expect(location).toMatch(/^http:\/\/localhost\/api\/v1\/claims\/\d+$/);
    const retry = await submit('key-theta', body, () => {
      throw new Error('a retry must not run the handler');
    });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.headers.get('location')).toBe(location);
  });

  it('forgets a key after 24 hours: the same key then makes a new change, and expired records are deleted', async () => {
    const body = submission('idem-iota');
    await submit('key-iota', body);
    const aged = (key: string, hours: number) =>
      db.$client.prepare('UPDATE idempotency_keys SET created_at = ? WHERE key = ?').run(new Date(Date.now() - hours * 3600_000).toISOString(), key);
    aged('key-iota', 23.9);
    expect((await submit('key-iota', body)).headers.get('idempotent-replayed')).toBe('true');
    expect(claimsWith('idem-iota')).toBe(1);

    aged('key-iota', 24.1);
    const again = await submit('key-iota', body);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(claimsWith('idem-iota')).toBe(2);
    expect(recordsFor('key-iota')).toBe(1);

    // Another key's old record goes when any new record is written.
    await submit('key-kappa', submission('idem-kappa'));
    aged('key-kappa', 30);
    await submit('key-lambda', submission('idem-lambda'));
    expect(recordsFor('key-kappa')).toBe(0);
    expect(recordsFor('key-lambda')).toBe(1);
  });

  it('runs a request without a key as it is', async () => {
    const answer = await submit(null, submission('idem-eta'));
    expect(answer.status).toBe(201);
    expect(claimsWith('idem-eta')).toBe(1);
  });
});
