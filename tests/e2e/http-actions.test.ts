import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUser, startApp, type RunningApp } from './support/harness';
import { HttpClient, SecretWatch, appRoutes, serverActions } from './support/http-client';

/**
 * The wire-level path other suites build on (authorisation matrix, hostile input, crash safety):
 * signing in over HTTP and calling server actions without a browser, as React's client does.
 */
let app: RunningApp;
let watch: SecretWatch;

beforeAll(async () => {
  app = await startApp();
  watch = new SecretWatch(app.dbFile, [app.authSecret]);
});

afterAll(async () => {
  await app?.stop();
});

function commentCount(): number {
  const sqlite = new Database(app.dbFile, { readonly: true });
  try {
    return sqlite.prepare('SELECT count(*) FROM disagreement_comments').pluck().get() as number;
  } finally {
    sqlite.close();
  }
}

function openDisagreement(): { id: number; claimId: number } {
  const sqlite = new Database(app.dbFile, { readonly: true });
  try {
    return sqlite.prepare("SELECT id, claim_id AS claimId FROM disagreements WHERE status = 'open' LIMIT 1").get() as { id: number; claimId: number };
  } finally {
    sqlite.close();
  }
}

describe('server actions over HTTP', () => {
  it('lists the build’s actions and routes from its manifests', () => {
    const names = serverActions().map((action) => action.name);
    expect(names).toContain('commentAction');
    expect(new Set(names).size).toBe(names.length);
    expect(appRoutes()).toContain('/api/v1/verdicts/route');
  });

  it('signs in with the credentials callback and posts a comment through the action', async () => {
    const client = new HttpClient(app.baseUrl, watch);
    const reviewer = demoUser('reviewer');
    expect((await client.signIn(reviewer.email, reviewer.password)).ok).toBe(true);
    const disagreement = openDisagreement();
    const before = commentCount();
    const response = await client.action('commentAction', `/claims/${disagreement.claimId}`, {
      disagreementId: String(disagreement.id),
      body: 'Posted over HTTP by the test client.',
    });
    expect(response.status).toBe(200);
    expect(response.result).toMatchObject({ ok: true });
    expect(commentCount()).toBe(before + 1);
  });

  it('answers an action without a session with a form error and writes nothing', async () => {
    const client = new HttpClient(app.baseUrl, watch);
    const disagreement = openDisagreement();
    const before = commentCount();
    const response = await client.action('commentAction', `/claims/${disagreement.claimId}`, {
      disagreementId: String(disagreement.id),
      body: 'Nobody is signed in.',
    });
    expect(response.result).toMatchObject({ ok: false, message: expect.stringMatching(/sign in/i) });
    expect(commentCount()).toBe(before);
  });

  it('refuses a wrong password without setting a session', async () => {
    const client = new HttpClient(app.baseUrl, watch);
    const result = await client.signIn(demoUser('editor').email, 'not-the-password');
    expect(result.ok).toBe(false);
  });

  it('saw no secret in any response', () => {
    expect(watch.bodies).toBeGreaterThan(5);
    expect(watch.findings).toEqual([]);
  });
});
