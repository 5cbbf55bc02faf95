import { z } from 'zod';
import { getEnv } from '@/lib/env';
import { literalAddressRefusal, type WebhookAddressPolicy } from '@/lib/webhooks/address-policy';
import { WEBHOOK_EVENTS, type WebhookEvent } from '@/lib/webhooks/events';
import { httpUrl, positiveId } from './fields';

/*
 * A webhook URL must be http(s), must not point at this app (a delivery to ourselves would be a
 * loop, or a way to make the server POST to its own endpoints), and must not be an IP address
 * outside the public internet — loopback, private, link-local and the rest, in any notation —
 * unless the operator allows it (WEBHOOK_ALLOW_PRIVATE, WEBHOOK_ALLOWED_HOSTS; lib/webhooks/address-policy.ts).
 * A host name is checked at every delivery instead, against what it resolves to then.
 */

const LOOPBACK_HOST = /^(localhost|.+\.localhost|127(\.\d{1,3}){3}|0\.0\.0\.0|\[::1?\]|\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\])$/;

function hostOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/\.+$/, '');
}

function portOf(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

/**
 * True when `value` reaches this app: PUBLIC_URL's origin, PUBLIC_URL's host and port under either
 * scheme, or a loopback address at PUBLIC_URL's port (when that is local) or the port we listen on.
 */
export function pointsAtThisApp(value: string, app: { publicUrl: string; port: number }): boolean {
  let url: URL;
  let own: URL;
  try {
    url = new URL(value);
    own = new URL(app.publicUrl);
  } catch {
    return false;
  }
  if (url.origin === own.origin) return true;
  const host = hostOf(url);
  const port = portOf(url);
  if (host === hostOf(own) && port === portOf(own)) return true;
  if (!LOOPBACK_HOST.test(host)) return false;
  return port === String(app.port) || (LOOPBACK_HOST.test(hostOf(own)) && port === portOf(own));
}

function isWebhookEvent(value: string): value is WebhookEvent {
  return (WEBHOOK_EVENTS as readonly string[]).includes(value);
}

/**
 * Why `value` may not receive webhooks, as the message shown beside the URL field, or null. Pure
 * (the app and policy are arguments) so every case can be tested without changing the environment.
 */
export function webhookUrlProblem(value: string, app: { publicUrl: string; port: number; policy: WebhookAddressPolicy }): string | null {
  if (pointsAtThisApp(value, app)) return 'This address is Claimbench itself; use the address of the system that should receive the events';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  const refusal = literalAddressRefusal(url, app.policy);
  if (!refusal) return null;
  return `The ${refusal.message}: webhooks may only go to public addresses unless the administrator allows this host (WEBHOOK_ALLOWED_HOSTS)`;
}

export const webhookUrl = httpUrl.superRefine((value, ctx) => {
  const env = getEnv();
  const problem = webhookUrlProblem(value, {
    publicUrl: env.PUBLIC_URL,
    port: env.PORT,
    policy: { allowPrivate: env.WEBHOOK_ALLOW_PRIVATE, allowedHosts: env.WEBHOOK_ALLOWED_HOSTS },
  });
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** Checkboxes arrive as repeated fields (joined with commas by formValues) or as an array. */
export const webhookEvents = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter((s) => s !== '') : value),
  z
    .array(z.string(), { error: 'Choose at least one event' })
    .min(1, 'Choose at least one event')
    .refine((list) => list.every(isWebhookEvent), `Choose from ${WEBHOOK_EVENTS.join(', ')}`)
    // Canonical order, no duplicates.
    .transform((list) => WEBHOOK_EVENTS.filter((event) => list.includes(event))),
);

export const WebhookCreate = z.object({ url: webhookUrl, events: webhookEvents });
export type WebhookCreate = z.infer<typeof WebhookCreate>;

export const WebhookDeactivate = z.object({ webhookId: positiveId });
export type WebhookDeactivate = z.infer<typeof WebhookDeactivate>;
