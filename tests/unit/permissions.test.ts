import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { assertCan, auditActor, can, type Actor, type Permission } from '@/lib/auth/permissions';

const user = (role: 'reviewer' | 'editor' | 'admin'): Actor => ({
  kind: 'user',
  id: 7,
  role,
  name: `${role} person`,
  email: `${role}@example.org`,
});
const apiKey = (scopes: string[]): Actor => ({ kind: 'api_key', id: 3, scopes, name: 'key' });

const ALL: Permission[] = [
  'claim:read',
  'claim:create',
  'claim:edit',
  'claim:edit_published',
  'source:read',
  'source:create',
  'source:edit',
  'verdict:publish',
  'disagreement:resolve',
  'export:run',
  'apikey:manage',
  'user:manage',
  'organisation:manage',
];

function thrown(fn: () => void): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a throw');
}

describe('can', () => {
  it('lets reviewers read, create and edit claims and sources, and nothing editorial', () => {
    const reviewer = user('reviewer');
    for (const p of ['claim:read', 'claim:create', 'claim:edit', 'source:read', 'source:create', 'source:edit'] as const) {
      expect(can(reviewer, p), p).toBe(true);
    }
    for (const p of ['claim:edit_published', 'verdict:publish', 'disagreement:resolve', 'export:run', 'apikey:manage', 'user:manage', 'organisation:manage'] as const) {
      expect(can(reviewer, p), p).toBe(false);
    }
  });

  it('lets editors publish verdicts but not manage users', () => {
    const editor = user('editor');
    expect(can(editor, 'verdict:publish')).toBe(true);
    expect(can(editor, 'disagreement:resolve')).toBe(true);
    expect(can(editor, 'export:run')).toBe(true);
    expect(can(editor, 'claim:create')).toBe(true);
    expect(can(editor, 'claim:edit_published')).toBe(true);
    expect(can(editor, 'user:manage')).toBe(false);
    expect(can(editor, 'organisation:manage')).toBe(false);
  });

  it('lets admins do everything', () => {
    for (const p of ALL) expect(can(user('admin'), p), p).toBe(true);
  });

  it('gives API keys only what their scopes grant', () => {
    expect(ALL.filter((p) => can(apiKey([]), p))).toEqual([]);
    expect(ALL.filter((p) => can(apiKey(['claims:write']), p))).toEqual(['claim:create', 'source:create']);
    expect(ALL.filter((p) => can(apiKey(['export:read']), p))).toEqual(['export:run']);
    // verdicts:read grants no workbench permission; unknown scopes grant nothing.
    expect(ALL.filter((p) => can(apiKey(['verdicts:read', 'admin', 'user:manage']), p))).toEqual([]);
  });

  it('refuses everything to nobody', () => {
    for (const p of ALL) expect(can(null, p), p).toBe(false);
  });
});

describe('assertCan', () => {
  it('throws unauthorized without an actor', () => {
    const error = thrown(() => assertCan(null, 'claim:read'));
    expect(error.code).toBe('unauthorized');
    expect(error.status).toBe(401);
  });

  it('throws forbidden for the wrong role or scope', () => {
    expect(thrown(() => assertCan(user('reviewer'), 'verdict:publish')).code).toBe('forbidden');
    expect(thrown(() => assertCan(user('editor'), 'user:manage')).code).toBe('forbidden');
    const error = thrown(() => assertCan(apiKey([]), 'claim:create'));
    expect(error.code).toBe('forbidden');
    expect(error.status).toBe(403);
  });

  it('returns quietly when allowed', () => {
    expect(() => assertCan(user('editor'), 'verdict:publish')).not.toThrow();
    expect(() => assertCan(apiKey(['claims:write']), 'claim:create')).not.toThrow();
  });
});

describe('auditActor', () => {
  it('fills the user or the API key column, never both', () => {
    expect(auditActor(user('reviewer'))).toEqual({ actorUserId: 7, actorApiKeyId: null });
    expect(auditActor(apiKey([]))).toEqual({ actorUserId: null, actorApiKeyId: 3 });
  });
});
