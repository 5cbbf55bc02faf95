import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { loadOrganisationSettings, organisationDefaults, updateOrganisation } from '@/lib/admin/organisation';
import { createUser, disableUser } from '@/lib/admin/users';
import { createApiKey, loadApiKeySettings } from '@/lib/api/keys';
import type { Actor } from '@/lib/auth/permissions';
import { createTestDb } from '../helpers/test-db';
import { refusal } from '../helpers/refusal';

/**
 * The loaders the API-keys and organisation settings pages read through: each checks the page's
 * permission beside the read, so a page that forgot its own check still shows nothing.
 */

let db: Db;
let cleanup: () => void;
let admin: Actor;
let editor: Actor;
let reviewer: Actor;

beforeAll(async () => {
  ({ db, cleanup } = createTestDb());
  const first = await createUser(db, null, { email: 'admin@example.org', name: 'Ada Admin', role: 'admin', password: 'correct horse battery' });
  admin = { kind: 'user', ...first };
  const made = async (role: 'editor' | 'reviewer', name: string): Promise<Actor> => ({
    kind: 'user',
    ...(await createUser(db, admin, { email: `${role}@example.org`, name, role, password: 'correct horse battery' })),
  });
  editor = await made('editor', 'Ed Editor');
  reviewer = await made('reviewer', 'Rae Reviewer');
});
afterAll(() => cleanup());

describe('loadApiKeySettings', () => {
  it('refuses a reviewer, who may not manage keys', () => {
    expect(refusal(() => loadApiKeySettings(db, reviewer)).code).toBe('forbidden');
  });

  it('gives an editor the keys but not the people to reassign them to', () => {
    const { apiKey } = createApiKey(db, editor, { name: 'Editor CMS', scopes: ['verdicts:read'] });
    const { keys, holders } = loadApiKeySettings(db, editor);
    expect(keys.map((k) => k.id)).toContain(apiKey.id);
    expect(holders).toBeNull();
  });

  it('gives an admin the active editors and admins as holders, and no one else', async () => {
    const gone = await createUser(db, admin, { email: 'gone@example.org', name: 'Gone Editor', role: 'editor', password: 'correct horse battery' });
    disableUser(db, admin, { userId: gone.id, version: 1 });
    const { holders } = loadApiKeySettings(db, admin);
    const ids = holders?.map((h) => h.id) ?? [];
    expect(ids).toEqual(expect.arrayContaining([admin.id, editor.id]));
    expect(ids).not.toContain(reviewer.id);
    expect(ids).not.toContain(gone.id);
    expect(holders?.every((h) => h.role === 'editor' || h.role === 'admin')).toBe(true);
    expect(Object.keys(holders?.[0] ?? {}).sort()).toEqual(['id', 'name', 'role']);
  });
});

describe('loadOrganisationSettings', () => {
  it('refuses an editor and a reviewer: only admins manage the organisation', () => {
    expect(refusal(() => loadOrganisationSettings(db, editor)).code).toBe('forbidden');
    expect(refusal(() => loadOrganisationSettings(db, reviewer)).code).toBe('forbidden');
  });

  it('gives an admin the saved settings with their version, and the defaults', () => {
    const before = loadOrganisationSettings(db, admin);
    expect(before.defaults).toEqual(organisationDefaults());
    updateOrganisation(db, admin, { name: 'Loader Desk', url: 'https://desk.example/', requiredAssessments: 3, version: before.organisation.version });
    const after = loadOrganisationSettings(db, admin);
    expect(after.organisation).toMatchObject({ name: 'Loader Desk', url: 'https://desk.example/', requiredAssessments: 3, version: before.organisation.version + 1 });
  });
});
