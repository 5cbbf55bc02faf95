import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '@/db/open';
import { createApiKey } from '@/lib/api/keys';
import { startNginx, type RunningNginx } from '../helpers/nginx';
import { startApp, type RunningApp } from './support/harness';

/**
 * The deployment of docs/deploy/README.md: the built app with TRUST_PROXY=1 behind Debian's nginx
 * running docs/deploy/nginx.conf. Public verdict reads are answered from nginx's cache; nothing
 * that carries credentials is, and a client cannot pick the address the app rate-limits it by.
 * Needs nginx installed (apt-get install nginx), as the other end-to-end tests need Chromium.
 */

const RATE_LIMIT = 30;
let app: RunningApp;
let nginx: RunningNginx;
let publishedId = 0;
let draftId = 0;
let readKey = '';
const saved = { TRUST_PROXY: process.env.TRUST_PROXY, API_RATE_LIMIT: process.env.API_RATE_LIMIT };

beforeAll(async () => {
  process.env.TRUST_PROXY = '1';
  process.env.API_RATE_LIMIT = String(RATE_LIMIT);
  app = await startApp();
  const db = openDatabase(app.dbFile, { migrate: false });
  try {
    readKey = createApiKey(db, null, { name: 'nginx deployment test', scopes: ['verdicts:read'] }).key;
  } finally {
    db.$client.close();
  }
  const sqlite = new Database(app.dbFile, { readonly: true });
  try {
    const idWith = (status: string) => (sqlite.prepare('SELECT id FROM claims WHERE status = ? ORDER BY id LIMIT 1').pluck().get(status) as number | undefined) ?? 0;
    publishedId = idWith('published');
    draftId = idWith('draft');
  } finally {
    sqlite.close();
  }
  nginx = await startNginx({ appPort: Number(new URL(app.baseUrl).port) });
});

afterAll(async () => {
  await nginx?.stop();
  await app?.stop();
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${nginx.base}${path}`, { headers, redirect: 'manual' });
  return { status: response.status, headers: response.headers, cache: response.headers.get('x-cache-status'), text: await response.text() };
}

describe('behind nginx', () => {
  test('the data set has what the checks below need', () => {
    expect(publishedId).toBeGreaterThan(0);
    expect(draftId).toBeGreaterThan(0);
  });

  test('an anonymous API read is stored once and then answered by nginx, with the app’s ETag and Cache-Control', async () => {
    const path = `/api/v1/claims/${publishedId}`;
    const first = await get(path);
    expect(first.status).toBe(200);
    expect(first.cache).toBe('MISS');
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=60\b/);
    const again = await get(path);
    expect(again.cache).toBe('HIT');
    expect(again.text).toBe(first.text);
    const direct = await fetch(`${app.baseUrl}${path}`);
    expect(direct.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await direct.text()).toBe(first.text);
    const revalidated = await get(path, { 'if-none-match': first.headers.get('etag') as string });
    expect(revalidated.status).toBe(304);
    expect(revalidated.cache).toBe('HIT');
  });

  test('a read with an API key goes to the app every time and is never stored for anyone else', async () => {
    const hidden = `/api/v1/claims/${draftId}`;
    const keyed = await get(hidden, { authorization: `Bearer ${readKey}` });
    expect(keyed.status).toBe(200);
    expect(keyed.cache).toBe('BYPASS');
    expect(keyed.headers.get('cache-control')).toBe('no-store');
    // The draft claim is visible with the key only: an anonymous reader gets the app's 404, not a copy.
    const anonymous = await get(hidden);
    expect(anonymous.status).toBe(404);
    expect(anonymous.text).not.toContain('"status":"draft"');

    const shown = `/api/v1/claims/${publishedId}/claimreview`;
    for (let i = 0; i < 2; i += 1) expect((await get(shown, { authorization: `Bearer ${readKey}` })).cache).toBe('BYPASS');
    expect((await get(shown)).cache).toBe('MISS');
  });

  test('the public verdict page is stored for anonymous readers, not for signed-in ones or app navigations', async () => {
    const path = `/verdicts/${publishedId}`;
    const first = await get(path);
    expect(first.status).toBe(200);
    expect(first.text).toContain('application/ld+json');
    expect((await get(path)).cache).toBe('HIT');
    expect((await get(`${path}?utm_source=feed`)).cache).toBe('HIT');
    expect((await get(path, { cookie: 'next-auth.session-token=anything' })).cache).toBe('BYPASS');
    expect((await get(path, { cookie: '__Secure-next-auth.session-token=anything' })).cache).toBe('BYPASS');
    expect((await get(path, { rsc: '1' })).cache).toBe('BYPASS');
  });

  test('every answer carries HSTS, the cached locations’ included', async () => {
    for (const path of ['/signin', '/api/health', `/verdicts/${publishedId}`, '/api/v1/verdicts', '/api/v1/no-such-endpoint']) {
      const answer = await get(path);
      expect(answer.headers.get('strict-transport-security'), path).toBe('max-age=31536000');
    }
  });

  test('everything else passes through uncached', async () => {
    for (const path of ['/api/health', '/signin', '/api/v1/export?format=csv']) {
      const answer = await get(path);
      expect(answer.cache, path).toBeNull();
    }
  });

  test('a client cannot choose the address it is rate-limited by', async () => {
    // Uncached requests (an unknown claim is a 404, which is never stored), each claiming to come
    // from a different address. nginx replaces X-Forwarded-For, so they all count against one.
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT + 10; i += 1) {
      statuses.push((await get('/api/v1/claims/999999', { 'x-forwarded-for': `198.51.100.${i}` })).status);
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((status) => status === 404).length).toBeLessThanOrEqual(RATE_LIMIT);
  });
});
