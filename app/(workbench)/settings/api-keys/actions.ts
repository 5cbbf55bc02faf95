'use server';

import { revalidatePath } from 'next/cache';
import { createApiKey, reassignApiKey, revokeApiKey } from '@/lib/api/keys';
import { runAction, type ActionResult } from '@/lib/http/server-action';
import { ApiKeyCreate, ApiKeyReassign, ApiKeyRevoke } from '@/lib/validation/api-key';

export type KeyFormResult = ActionResult<{ message: string; key?: string }> | null;

export async function createApiKeyAction(_: KeyFormResult, formData: FormData): Promise<KeyFormResult> {
  const result = await runAction({
    permission: 'apikey:manage',
    schema: ApiKeyCreate,
    formData,
    run: (actor, input, db) => createApiKey(db, actor, input),
  });
  if (!result.ok) return result;
  revalidatePath('/settings/api-keys');
  const expiry = result.data.apiKey.expiresAt ? ` It expires at ${result.data.apiKey.expiresAt.slice(0, 16).replace('T', ' ')} UTC.` : '';
  return { ok: true, data: { message: `Created “${result.data.apiKey.name}”.${expiry}`, key: result.data.key } };
}

export async function revokeApiKeyAction(_: KeyFormResult, formData: FormData): Promise<KeyFormResult> {
  const result = await runAction({
    permission: 'apikey:manage',
    schema: ApiKeyRevoke,
    formData,
    run: (actor, input, db) => revokeApiKey(db, actor, input),
  });
  if (!result.ok) return result;
  revalidatePath('/settings/api-keys');
  return { ok: true, data: { message: `Revoked “${result.data.name}”. It stops working at its next request.` } };
}

/** An admin gives a key to another editor or admin; a suspended key works again from its next request. */
export async function reassignApiKeyAction(_: KeyFormResult, formData: FormData): Promise<KeyFormResult> {
  const result = await runAction({
    permission: 'apikey:reassign',
    schema: ApiKeyReassign,
    formData,
    run: (actor, input, db) => reassignApiKey(db, actor, input),
  });
  if (!result.ok) return result;
  revalidatePath('/settings/api-keys');
  return { ok: true, data: { message: `Reassigned “${result.data.name}” to ${result.data.ownerName}. It works again from its next request.` } };
}
