import * as crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { signPayload, verifySignature } from '@/lib/webhooks/signature';
import { NODE_VERIFICATION_SNIPPET, PYTHON_VERIFICATION_SNIPPET } from '@/lib/webhooks/verification-snippet';

// Wrap the real timingSafeEqual so the tests can see that verification goes through it.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const SECRET = 'whsec_test-secret-for-signatures';
const BODY = JSON.stringify({ id: 'dlv_1', event: 'verdict.published', data: { claim_id: 7, headline: 'Ça va — “quoted”' } });
const NOW = 1_734_500_000;

type Verify = (secret: string, header: string | null, body: string, toleranceSeconds?: number, nowSeconds?: number) => boolean;
let snippetVerify: Verify;
let snippetDir: string;

beforeAll(async () => {
  snippetDir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-snippet-'));
  const file = path.join(snippetDir, 'verify.mjs');
  fs.writeFileSync(file, NODE_VERIFICATION_SNIPPET);
  ({ verifyClaimbenchSignature: snippetVerify } = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { verifyClaimbenchSignature: Verify });
});
afterAll(() => fs.rmSync(snippetDir, { recursive: true, force: true }));
beforeEach(() => {
  // (In braces: a function returned from beforeEach would be run as its teardown.)
  vi.mocked(crypto.timingSafeEqual).mockClear();
});

describe('signPayload', () => {
  it('is t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const header = signPayload(SECRET, NOW, BODY);
    const expected = crypto.createHmac('sha256', SECRET).update(`${NOW}.${BODY}`, 'utf8').digest('hex');
    expect(header).toBe(`t=${NOW},v1=${expected}`);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  });

  it('refuses a timestamp that is not whole unix seconds', () => {
    expect(() => signPayload(SECRET, 1.5, BODY)).toThrow(RangeError);
    expect(() => signPayload(SECRET, -1, BODY)).toThrow(RangeError);
  });
});

describe('verifySignature', () => {
  const header = signPayload(SECRET, NOW, BODY);

  it('accepts its own signature within the tolerance, either side of now', () => {
    expect(verifySignature(SECRET, header, BODY, 300, NOW)).toBe(true);
    expect(verifySignature(SECRET, header, BODY, 300, NOW + 300)).toBe(true);
    expect(verifySignature(SECRET, header, BODY, 300, NOW - 300)).toBe(true);
    expect(verifySignature(SECRET, signPayload(SECRET, Math.floor(Date.now() / 1000), BODY), BODY)).toBe(true);
  });

  it('refuses a tampered body, even by one character or whitespace', () => {
    expect(verifySignature(SECRET, header, BODY.replace('7', '8'), 300, NOW)).toBe(false);
    expect(verifySignature(SECRET, header, `${BODY} `, 300, NOW)).toBe(false);
    expect(verifySignature(SECRET, header, JSON.stringify(JSON.parse(BODY), null, 2), 300, NOW)).toBe(false);
  });

  it('refuses the wrong secret', () => {
    expect(verifySignature('whsec_another-secret', header, BODY, 300, NOW)).toBe(false);
    expect(verifySignature('', header, BODY, 300, NOW)).toBe(false);
  });

  it('refuses an old (replayed) or far-future timestamp', () => {
    expect(verifySignature(SECRET, header, BODY, 300, NOW + 301)).toBe(false);
    expect(verifySignature(SECRET, header, BODY, 300, NOW - 301)).toBe(false);
    expect(verifySignature(SECRET, header, BODY, 60, NOW + 61)).toBe(false);
  });

  it('refuses a re-timestamped header: the timestamp is signed', () => {
    const moved = header.replace(`t=${NOW}`, `t=${NOW + 100}`);
    expect(verifySignature(SECRET, moved, BODY, 300, NOW + 100)).toBe(false);
  });

  it('refuses malformed headers without throwing', () => {
    const v1 = header.split('v1=')[1]!;
    const malformed = [
      null,
      '',
      'garbage',
      `v1=${v1}`,
      `t=${NOW}`,
      `t=abc,v1=${v1}`,
      `t=${NOW},v1=${v1.slice(0, 63)}`,
      `t=${NOW},v1=${v1}00`,
      `t=${NOW},v1=${v1.toUpperCase()}`,
      `t=${NOW},t=${NOW},v1=${v1}`,
      `t=${NOW},,v1=${v1}`,
      `=${NOW},v1=${v1}`,
      `t=${NOW},v0=${v1}`,
      `t=-${NOW},v1=${v1}`,
    ];
    for (const bad of malformed) {
      expect(() => verifySignature(SECRET, bad, BODY, 300, NOW)).not.toThrow();
      expect(verifySignature(SECRET, bad, BODY, 300, NOW), String(bad)).toBe(false);
    }
  });

  it('accepts any one valid v1 among several (room for secret rotation)', () => {
    const v1 = header.split('v1=')[1]!;
    expect(verifySignature(SECRET, `t=${NOW},v1=${'0'.repeat(64)},v1=${v1}`, BODY, 300, NOW)).toBe(true);
    expect(verifySignature(SECRET, ` t=${NOW} , v1=${v1} `, BODY, 300, NOW)).toBe(true);
  });

  it('compares digests with crypto.timingSafeEqual, never string equality', () => {
    const v1 = header.split('v1=')[1]!;
    const lastDigitFlipped = v1.slice(0, -1) + (v1.endsWith('0') ? '1' : '0');
    expect(verifySignature(SECRET, `t=${NOW},v1=${lastDigitFlipped}`, BODY, 300, NOW)).toBe(false);
    const calls = vi.mocked(crypto.timingSafeEqual).mock.calls;
    expect(calls).toHaveLength(1);
    const [expected, given] = calls[0] as unknown as [Buffer, Buffer];
    expect(expected).toHaveLength(32);
    expect(given).toEqual(Buffer.from(lastDigitFlipped, 'hex'));
  });
});

describe('the verification snippet shown to CMS developers', () => {
  it('is the same text in docs/webhooks.md', () => {
    const docs = fs.readFileSync(path.join(process.cwd(), 'docs', 'webhooks.md'), 'utf8');
    expect(docs).toContain(NODE_VERIFICATION_SNIPPET.trim());
    // The Python version the webhooks guide (/api-docs/webhooks) shows is the one docs/webhooks.md gives.
    expect(docs).toContain(PYTHON_VERIFICATION_SNIPPET.trim());
  });

  it('accepts a real signature and refuses the failures verifySignature refuses', () => {
    const header = signPayload(SECRET, NOW, BODY);
    expect(snippetVerify(SECRET, header, BODY, 300, NOW)).toBe(true);
    expect(snippetVerify(SECRET, header, `${BODY}x`, 300, NOW)).toBe(false);
    expect(snippetVerify('wrong', header, BODY, 300, NOW)).toBe(false);
    expect(snippetVerify(SECRET, header, BODY, 300, NOW + 301)).toBe(false);
    expect(snippetVerify(SECRET, 't=1', BODY, 300, NOW)).toBe(false);
  });

  it('agrees with verifySignature on arbitrary, mangled inputs', () => {
    const part = fc.oneof(
      fc.constantFrom('t', 'v1', 'v0', '', ' t', 'v1 '),
      fc.string({ maxLength: 4 }),
    );
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.string({ maxLength: 200 }),
        fc.integer({ min: 0, max: 2_000_000_000 }),
        fc.integer({ min: -400, max: 400 }),
        fc.array(fc.tuple(part, fc.string({ maxLength: 70 })), { maxLength: 3 }),
        fc.constantFrom('none', 'body', 'secret', 'header'),
        (secret, body, t, skew, extra, tamper) => {
          let header = signPayload(secret, t, body);
          if (tamper === 'header') header += extra.map(([k, v]) => `,${k}=${v}`).join('');
          const checkedBody = tamper === 'body' ? `${body}!` : body;
          const checkedSecret = tamper === 'secret' ? `${secret}!` : secret;
          const ours = verifySignature(checkedSecret, header, checkedBody, 300, t + skew);
          expect(snippetVerify(checkedSecret, header, checkedBody, 300, t + skew)).toBe(ours);
          if (tamper === 'none') expect(ours).toBe(Math.abs(skew) <= 300);
          if (tamper === 'body' || tamper === 'secret') expect(ours).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
