/** The events a webhook can subscribe to (docs/webhooks.md); free of server code so forms can import it. */
export const WEBHOOK_EVENTS = ['verdict.published', 'verdict.corrected', 'verdict.retracted'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const WEBHOOK_EVENT_LABELS: Record<WebhookEvent, string> = {
  'verdict.published': 'Verdict published',
  'verdict.corrected': 'Verdict corrected',
  'verdict.retracted': 'Verdict retracted',
};

/** Which event a new verdict version raises, by its kind. */
export const VERDICT_WEBHOOK_EVENTS = {
  publication: 'verdict.published',
  correction: 'verdict.corrected',
  retraction: 'verdict.retracted',
} as const satisfies Record<'publication' | 'correction' | 'retraction', WebhookEvent>;
