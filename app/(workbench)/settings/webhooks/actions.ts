'use server';

import { revalidatePath } from 'next/cache';
import { runAction, type ActionResult } from '@/lib/http/server-action';
import { formSchema } from '@/lib/validation/fields';
import { WebhookCreate, WebhookDeactivate } from '@/lib/validation/webhook';
import { createWebhook, deactivateWebhook, WEBHOOK_PERMISSION } from '@/lib/webhooks/webhooks';

const PATH = '/settings/webhooks';

/** The secret travels back only in this one response, to be shown once. */
export type CreateWebhookResult = ActionResult<{ message: string; url: string; secret: string }> | null;
export type WebhookFormResult = ActionResult<{ message: string }> | null;

export async function createWebhookAction(_: CreateWebhookResult, formData: FormData): Promise<CreateWebhookResult> {
  const result = await runAction({
    permission: WEBHOOK_PERMISSION,
    schema: formSchema(WebhookCreate),
    formData,
    run: (actor, input, db) => {
      const { webhook, secret } = createWebhook(db, actor, input);
      return { message: 'Webhook registered.', url: webhook.url, secret };
    },
  });
  if (result.ok) revalidatePath(PATH);
  return result;
}

export async function deactivateWebhookAction(_: WebhookFormResult, formData: FormData): Promise<WebhookFormResult> {
  const result = await runAction({
    permission: WEBHOOK_PERMISSION,
    schema: formSchema(WebhookDeactivate),
    formData,
    run: (actor, input, db) => {
      const webhook = deactivateWebhook(db, actor, input);
      return { message: `Deactivated ${webhook.url}.` };
    },
  });
  if (result.ok) revalidatePath(PATH);
  return result;
}
