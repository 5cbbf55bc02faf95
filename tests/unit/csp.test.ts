import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, createNonce } from '@/lib/http/csp';

/** The directives of a policy, by name. */
function directives(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name, values);
  }
  return out;
}

describe('createNonce', () => {
  it('is standard base64 of 16 random bytes', () => {
    const nonce = createNonce();
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
  });

  it('differs on every call', () => {
    const nonces = new Set(Array.from({ length: 200 }, () => createNonce()));
    expect(nonces.size).toBe(200);
  });
});

describe('contentSecurityPolicy', () => {
  const nonce = 'AAECAwQFBgcICQoLDA0ODw==';

  it('allows scripts only from self with this nonce, never inline', () => {
    const policy = directives(contentSecurityPolicy(nonce, { development: false }));
    const scriptSrc = policy.get('script-src');
    expect(scriptSrc).toBeDefined();
    expect(scriptSrc).toContain(`'nonce-${nonce}'`);
    expect(scriptSrc).toContain(`'self'`);
    expect(scriptSrc).not.toContain(`'unsafe-inline'`);
    expect(scriptSrc).not.toContain(`'unsafe-eval'`);
    expect(scriptSrc).not.toContain('*');
  });

  it('forbids framing and plugins, and pins base-uri and form-action', () => {
    const policy = directives(contentSecurityPolicy(nonce, { development: false }));
    expect(policy.get('frame-ancestors')).toEqual([`'none'`]);
    expect(policy.get('object-src')).toEqual([`'none'`]);
    expect(policy.get('base-uri')).toEqual([`'self'`]);
    expect(policy.get('form-action')).toEqual([`'self'`]);
    expect(policy.get('default-src')).toEqual([`'self'`]);
  });

  it("adds 'unsafe-eval' only in development", () => {
    const dev = directives(contentSecurityPolicy(nonce, { development: true }));
    expect(dev.get('script-src')).toContain(`'unsafe-eval'`);
    expect(dev.get('script-src')).not.toContain(`'unsafe-inline'`);
    const prod = contentSecurityPolicy(nonce, { development: false });
    expect(prod).not.toContain('unsafe-eval');
  });

  it('is one header line with each directive once', () => {
    const policy = contentSecurityPolicy(createNonce(), { development: false });
    expect(policy).not.toMatch(/[\r\n]/);
    const names = policy.split(';').map((part) => part.trim().split(/\s+/)[0]);
    expect(new Set(names).size).toBe(names.length);
  });
});
