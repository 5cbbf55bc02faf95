'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { createApiKey, revokeApiKey } from '@/lib/api-keys';
import { runAction, type ActionResult } from '@/lib/server-action';
import { ApiKeyCreate, ApiKeyRevoke } from '@/lib/validation/api-key';

export type KeyFormResult = ActionResult<{ message: string; key?: string }> | null;

export async function createApiKeyAction(_: KeyFormResult, formData: FormData): Promise<KeyFormResult> {
  const result = await runAction({
    permission: 'apikey:manage',
    schema: ApiKeyCreate,
    formData,
    run: (actor, input) => createApiKey(getDb(), actor, input),
  });
  if (!result.ok) return result;
  revalidatePath('/settings/api-keys');
  return { ok: true, data: { message: `Created “${result.data.apiKey.name}”.`, key: result.data.key } };
}

export async function revokeApiKeyAction(_: KeyFormResult, formData: FormData): Promise<KeyFormResult> {
  const result = await runAction({
    permission: 'apikey:manage',
    schema: ApiKeyRevoke,
    formData,
    run: (actor, input) => revokeApiKey(getDb(), actor, input),
  });
  if (!result.ok) return result;
  revalidatePath('/settings/api-keys');
  return { ok: true, data: { message: `Revoked “${result.data.name}”. It stops working at its next request.` } };
}
