import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The webhook signature scheme (docs/webhooks.md): `Claimbench-Signature: t=<unix seconds>,v1=<hex>`
 * where hex is HMAC-SHA256, keyed with the webhook's secret, of "<t>.<raw body>". Signing the
 * timestamp with the body lets a receiver refuse replays of an old delivery.
 */
export const SIGNATURE_HEADER = 'Claimbench-Signature';
export const EVENT_HEADER = 'Claimbench-Event';
export const DELIVERY_HEADER = 'Claimbench-Delivery';
export const DEFAULT_TOLERANCE_SECONDS = 300;

function hmacHex(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The Claimbench-Signature header value for one delivery attempt. */
export function signPayload(secret: string, timestamp: number, body: string): string {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new RangeError('timestamp must be unix seconds');
  return `t=${timestamp},v1=${hmacHex(secret, String(timestamp), body)}`;
}

/**
 * The reference check a receiver runs (the snippet on the settings page and in docs/webhooks.md is
 * this function in plain JavaScript; a test keeps them in step). `body` is the raw request body,
 * exactly as received: re-serialised JSON would not match. Several v1 values may be present.
 */
export function verifySignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  toleranceSeconds: number = DEFAULT_TOLERANCE_SECONDS,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): boolean {
  let timestamp: string | null = null;
  const signatures: string[] = [];
  for (const part of String(header ?? '').split(',')) {
    const at = part.indexOf('=');
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (at <= 0) return false;
    if (key === 't') {
      if (timestamp !== null || !/^\d{1,12}$/.test(value)) return false;
      timestamp = value;
    } else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) {
      signatures.push(value);
    }
  }
  if (timestamp === null || signatures.length === 0) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacHex(secret, timestamp, body), 'hex');
  // Constant-time: comparing with === would leak how many leading characters matched.
  return signatures.some((signature) => timingSafeEqual(expected, Buffer.from(signature, 'hex')));
}
