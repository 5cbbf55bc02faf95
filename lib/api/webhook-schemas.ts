import { z } from 'zod';
import { RATING_LABELS, VERDICT_KINDS } from '@/db/enums';
import { WEBHOOK_EVENTS, type WebhookEvent } from '@/lib/webhooks/events';

/**
 * What a webhook delivery's body holds (lib/webhooks/webhooks.ts enqueueVerdictEvent and
 * verdictEventData write it), as the OpenAPI document's `webhooks` section and the webhooks guide
 * show it. tests/integration/webhook-payload-schema.test.ts parses real deliveries with it.
 */

export const WebhookVerdictData = z
  .object({
    claim_id: z.number().int().meta({ description: 'The claim; `GET /api/v1/claims/{claim_id}` returns it with its verdict.', example: 7 }),
    version: z.number().int().min(1).meta({ description: 'The verdict version this event is about (1, 2, …); versions only ever grow.', example: 2 }),
    kind: z.enum(VERDICT_KINDS).meta({ description: '`publication`, `correction` or `retraction`.' }),
    label: z.enum(RATING_LABELS).meta({ description: 'The rating.' }),
    headline: z.string().meta({ description: 'The verdict’s headline.', example: 'The Pentagon’s figure is an estimate, not a count' }),
    article_url: z.string().nullable().meta({ description: 'The article where the desk published the verdict, or `null` until the CMS reports it.' }),
    public_url: z.string().meta({ description: 'Claimbench’s public verdict page.', example: 'https://claimbench.example/verdicts/7' }),
    note: z.string().nullable().meta({ description: 'The correction or retraction note; `null` for a publication.' }),
    published_at: z.string().meta({ description: 'When this version was published (ISO 8601, UTC).', example: '2024-12-19T09:41:07.498Z' }),
  })
  .meta({ id: 'WebhookVerdictData' });

/** When each event is sent, in words. */
export const WEBHOOK_EVENT_WHEN: Record<WebhookEvent, string> = {
  'verdict.published': 'A claim’s first verdict (version 1) is published.',
  'verdict.corrected': 'A correction publishes a new version, with a correction note.',
  'verdict.retracted': 'The verdict is retracted (a new version whose `kind` is `retraction`).',
};

const PASCAL: Record<WebhookEvent, string> = {
  'verdict.published': 'VerdictPublished',
  'verdict.corrected': 'VerdictCorrected',
  'verdict.retracted': 'VerdictRetracted',
};

/** The body of one delivery of `event`. */
export function webhookDelivery(event: WebhookEvent) {
  return z
    .object({
      id: z
        .string()
        .regex(/^dlv_[0-9a-f-]{36}$/)
        .meta({ description: 'The delivery id, equal to the `Claimbench-Delivery` header and the same on every retry: deduplicate on it.', example: 'dlv_3f0c6a4e-8d2b-4a53-9d0e-2f3f5f1f6b7a' }),
      event: z.literal(event).meta({ description: 'Equal to the `Claimbench-Event` header.' }),
      occurred_at: z.string().meta({ description: 'When the verdict version was published (ISO 8601, UTC).', example: '2024-12-19T09:41:07.512Z' }),
      data: WebhookVerdictData,
    })
    .meta({ id: `${PASCAL[event] ?? event}Delivery`, description: 'Receivers should ignore fields they do not know: new ones may be added.' });
}

/** Every event's delivery schema, in the order WEBHOOK_EVENTS lists them. */
export const WEBHOOK_DELIVERIES = Object.fromEntries(WEBHOOK_EVENTS.map((event) => [event, webhookDelivery(event)])) as Record<
  WebhookEvent,
  ReturnType<typeof webhookDelivery>
>;
