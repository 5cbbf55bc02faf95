/**
 * The receiver-side check shown on the webhooks settings page and in docs/webhooks.md: plain
 * JavaScript for Node, no dependencies. It is lib/webhooks/signature.ts's verifySignature, and
 * tests/unit/webhook-signature.test.ts runs it to prove the two agree.
 */
export const NODE_VERIFICATION_SNIPPET = `import { createHmac, timingSafeEqual } from 'node:crypto';

// secret: the webhook's whsec_… secret; header: the Claimbench-Signature request header;
// body: the raw request body as a string, exactly as received (not re-serialised JSON).
export function verifyClaimbenchSignature(secret, header, body, toleranceSeconds = 300, nowSeconds = Math.floor(Date.now() / 1000)) {
  let timestamp = null;
  const signatures = [];
  for (const part of String(header ?? '').split(',')) {
    const at = part.indexOf('=');
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (at <= 0) return false;
    if (key === 't') {
      if (timestamp !== null || !/^\\d{1,12}$/.test(value)) return false;
      timestamp = value;
    } else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) {
      signatures.push(value);
    }
  }
  if (timestamp === null || signatures.length === 0) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(\`\${timestamp}.\${body}\`).digest();
  return signatures.some((signature) => timingSafeEqual(expected, Buffer.from(signature, 'hex')));
}
`;
