import { describe, expect, it } from 'vitest';
import { getDummyHash, hashPassword, verifyPassword } from '@/lib/auth/password';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

describe('hashPassword', () => {
  it('writes scrypt$N$r$p$salt$hash with a 16-byte salt and 32-byte key in base64url', async () => {
    const stored = await hashPassword('correct horse battery staple');
    const parts = stored.split('$');
    expect(parts).toHaveLength(6);
    const [scheme, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
    expect(scheme).toBe('scrypt');
    expect(Number(n)).toBeGreaterThanOrEqual(32768);
    expect(Math.log2(Number(n)) % 1).toBe(0);
    expect(Number(r)).toBe(8);
    expect(Number(p)).toBe(1);
    expect(salt).toMatch(BASE64URL);
    expect(hash).toMatch(BASE64URL);
    expect(Buffer.from(salt, 'base64url')).toHaveLength(16);
    expect(Buffer.from(hash, 'base64url')).toHaveLength(32);
    expect(stored).not.toContain('correct horse');
  });

  it('uses a fresh salt for every hash of the same password', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(a).not.toBe(b);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
    expect(await verifyPassword('same password', a)).toBe(true);
    expect(await verifyPassword('same password', b)).toBe(true);
  });
});

describe('verifyPassword', () => {
  it('accepts the right password and refuses others', async () => {
    const stored = await hashPassword('s3cret-pass-phrase');
    expect(await verifyPassword('s3cret-pass-phrase', stored)).toBe(true);
    expect(await verifyPassword('s3cret-pass-phrasE', stored)).toBe(false);
    expect(await verifyPassword('s3cret-pass-phrase ', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('refuses when the stored hash has been tampered with', async () => {
    const stored = await hashPassword('tamper-test');
    const parts = stored.split('$');
    const hash = Buffer.from(parts[5] as string, 'base64url');
    hash[0] = (hash[0] as number) ^ 1;
    parts[5] = hash.toString('base64url');
    expect(await verifyPassword('tamper-test', parts.join('$'))).toBe(false);
  });

  it('returns false, without throwing, for structurally malformed stored strings', async () => {
    for (const stored of ['', 'garbage', 'scrypt', 'scrypt$', 'scrypt$$$$$', 'bcrypt$16384$8$1$c2FsdA$aGFzaA', 'scrypt$16384$8$1$c2FsdA$']) {
      await expect(verifyPassword('password', stored), stored).resolves.toBe(false);
    }
  });

  it.each([
    'scrypt$abc$8$1$c2FsdA$aGFzaA',
    'scrypt$1000$8$1$c2FsdA$aGFzaA',
    'scrypt$16384$8$-1$c2FsdA$aGFzaA',
    'scrypt$16384$8$1.5$c2FsdA$aGFzaA',
    'scrypt$16384$8$1$c2FsdA$!!!',
    'scrypt$16384$8$1$!!!$!!!',
    'scrypt$16384$8$1$c2FsdA$===',
  ])('refuses the malformed stored hash %s without throwing', async (stored) => {
    await expect(verifyPassword('anything', stored)).resolves.toBe(false);
    await expect(verifyPassword('', stored)).resolves.toBe(false);
  });

  it('refuses a valid hash with extra segments appended', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', `${stored}$extra`)).toBe(false);
  });

  it('normalises unicode with NFKC, so the ligature ﬁ matches fi', async () => {
    const stored = await hashPassword('ﬁnancial-report');
    expect(await verifyPassword('financial-report', stored)).toBe(true);
    expect(await verifyPassword('ﬁnancial-report', stored)).toBe(true);
    // Composed and decomposed é are the same password.
    const accented = await hashPassword('caf\u00e9-au-lait!');
    expect(await verifyPassword('cafe\u0301-au-lait!', accented)).toBe(true);
    expect(await verifyPassword('cafe-au-lait!', accented)).toBe(false);
  });

  it('handles non-Latin passwords', async () => {
    const stored = await hashPassword('пароль-密码-🔑');
    expect(await verifyPassword('пароль-密码-🔑', stored)).toBe(true);
    expect(await verifyPassword('пароль-密码-🔒', stored)).toBe(false);
  });
});

describe('getDummyHash', () => {
  it('is a well-formed hash computed once and matching no ordinary password', async () => {
    const a = await getDummyHash();
    expect(await getDummyHash()).toBe(a);
    expect(a.startsWith('scrypt$')).toBe(true);
    expect(await verifyPassword('', a)).toBe(false);
    expect(await verifyPassword('password', a)).toBe(false);
  });
});
