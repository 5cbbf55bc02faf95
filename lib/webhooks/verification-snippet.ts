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

/**
 * The same check in Python 3, shown in the webhooks guide (/api-docs/webhooks) and docs/webhooks.md;
 * tests/unit/webhook-signature.test.ts keeps the two texts the same.
 */
export const PYTHON_VERIFICATION_SNIPPET = `import hashlib
import hmac
import re
import time


def verify_claimbench_signature(secret: str, header: str | None, body: bytes,
                                tolerance_seconds: int = 300, now_seconds: int | None = None) -> bool:
    """body: the raw request body, exactly as received (bytes)."""
    timestamp = None
    signatures = []
    for part in (header or "").split(","):
        at = part.find("=")
        if at <= 0:
            return False
        key, value = part[:at].strip(), part[at + 1:].strip()
        if key == "t":
            if timestamp is not None or not re.fullmatch(r"[0-9]{1,12}", value):
                return False
            timestamp = value
        elif key == "v1" and re.fullmatch(r"[0-9a-f]{64}", value):
            signatures.append(value)
    if timestamp is None or not signatures:
        return False
    now = int(time.time()) if now_seconds is None else now_seconds
    if abs(now - int(timestamp)) > tolerance_seconds:
        return False
    expected = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256).hexdigest()
    return any(hmac.compare_digest(expected, signature) for signature in signatures)
`;
