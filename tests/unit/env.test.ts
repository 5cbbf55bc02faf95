import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '@/lib/env';

const SECRET = 'a'.repeat(32);

/** The error thrown by parseEnv for source; fails the test when nothing is thrown. */
function envError(source: Record<string, string | undefined>): EnvError {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return error as EnvError;
  }
  throw new Error('parseEnv accepted an invalid environment');
}

describe('parseEnv', () => {
  it('fills every default for an empty environment', () => {
    const env = parseEnv({});
    expect(env.NODE_ENV).toBe('development');
    expect(env.PORT).toBe(3000);
    expect(env.ORG_NAME).toBe('Claimbench Desk');
    expect(env.ORG_URL).toBe('http://localhost:3000');
    expect(env.TRUST_PROXY).toBe(false);
    expect(env.DATABASE_PATH).toBe(path.resolve('data/claimbench.db'));
    expect(env.DATABASE_SYNCHRONOUS).toBe('NORMAL');
    // Outside production a development secret is filled in, long enough for the session layer.
    expect(env.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it('makes up a random AUTH_SECRET per process when none is given, and keeps a given one', () => {
    const secretOf = (environment: Record<string, string>) =>
      execFileSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', '--eval', "import('./lib/env.ts').then((m) => process.stdout.write(m.getEnv().AUTH_SECRET + '|' + m.parseEnv({}).AUTH_SECRET))"], {
        cwd: path.resolve(import.meta.dirname, '..', '..'),
        env: { PATH: process.env.PATH, NODE_ENV: 'development', ...environment },
        encoding: 'utf8',
      }).split('|');
    const [first, firstAgain] = secretOf({});
    const [second] = secretOf({});
    // One secret for the whole process (every copy of the module signs alike) …
    expect(first).toBe(firstAgain);
    expect(first!.length).toBeGreaterThanOrEqual(32);
    // … and another in the next one: no fixed secret anyone could read and sign sessions with.
    expect(second).not.toBe(first);
    expect(parseEnv({}).AUTH_SECRET).not.toBe(first);
    expect(secretOf({ AUTH_SECRET: SECRET })[0]).toBe(SECRET);
  }, 60_000);

  it('serves npm run dev on loopback only', () => {
    const manifest = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(manifest.scripts.dev).toMatch(/\bnext dev\b.*(?:-H|--hostname) 127\.0\.0\.1\b/);
  });

  it('resolves a relative DATABASE_PATH to an absolute one and keeps :memory:', () => {
    const env = parseEnv({ DATABASE_PATH: 'tmp/x.db' });
    expect(path.isAbsolute(env.DATABASE_PATH)).toBe(true);
    expect(env.DATABASE_PATH).toBe(path.join(process.cwd(), 'tmp', 'x.db'));
    expect(parseEnv({ DATABASE_PATH: '/var/lib/cb.db' }).DATABASE_PATH).toBe('/var/lib/cb.db');
    expect(parseEnv({ DATABASE_PATH: ':memory:' }).DATABASE_PATH).toBe(':memory:');
  });

  it('refuses an empty DATABASE_PATH naming it', () => {
    expect(envError({ DATABASE_PATH: '   ' }).message).toContain('DATABASE_PATH');
  });

  it('requires AUTH_SECRET in production, in a one-line message naming it', () => {
    const error = envError({ NODE_ENV: 'production' });
    expect(error.message).toContain('AUTH_SECRET');
    expect(error.message).not.toContain('\n');
    expect(parseEnv({ NODE_ENV: 'production', AUTH_SECRET: SECRET }).AUTH_SECRET).toBe(SECRET);
  });

  it('refuses a secret shorter than 32 characters, in any mode', () => {
    for (const NODE_ENV of ['production', 'development']) {
      const error = envError({ NODE_ENV, AUTH_SECRET: 'a'.repeat(31) });
      expect(error.message).toContain('AUTH_SECRET');
      expect(error.message).toContain('32');
      expect(error.message).not.toContain('\n');
    }
  });

  it('refuses an unknown NODE_ENV naming it', () => {
    expect(envError({ NODE_ENV: 'staging' }).message).toContain('NODE_ENV');
  });

  it('reads PORT as a number and refuses malformed or out-of-range ports naming PORT', () => {
    expect(parseEnv({ PORT: '8080' }).PORT).toBe(8080);
    for (const PORT of ['abc', '70000', '0', '-1', '80.5']) {
      const error = envError({ PORT });
      expect(error.message, PORT).toMatch(/\bPORT\b/);
      expect(error.message).not.toContain('\n');
    }
  });

  it('accepts http(s) ORG_URLs and refuses other schemes naming ORG_URL', () => {
    expect(parseEnv({ ORG_URL: 'https://desk.example.org' }).ORG_URL).toBe('https://desk.example.org');
    expect(parseEnv({ ORG_URL: 'http://localhost:8080/' }).ORG_URL).toBe('http://localhost:8080/');
    for (const ORG_URL of ['javascript:x', 'ftp://x', 'not a url', 'data:text/html,hi']) {
      const error = envError({ ORG_URL });
      expect(error.message, ORG_URL).toContain('ORG_URL');
      expect(error.message).toContain('http(s)');
    }
  });

  it('parses TRUST_PROXY from 1/true/0/false and refuses anything else', () => {
    expect(parseEnv({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(true);
    expect(parseEnv({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(parseEnv({ TRUST_PROXY: '0' }).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(envError({ TRUST_PROXY: 'yes' }).message).toContain('TRUST_PROXY');
  });

  it('reads sentence vectors in the background unless SENTENCE_INDEXING is 0, and refuses anything else naming it', () => {
    expect(parseEnv({}).SENTENCE_INDEXING).toBe(true);
    expect(parseEnv({ SENTENCE_INDEXING: '0' }).SENTENCE_INDEXING).toBe(false);
    expect(parseEnv({ SENTENCE_INDEXING: 'true' }).SENTENCE_INDEXING).toBe(true);
    expect(envError({ SENTENCE_INDEXING: 'off' }).message).toContain('SENTENCE_INDEXING');
  });

  it('trims ORG_NAME and refuses a blank one', () => {
    expect(parseEnv({ ORG_NAME: '  Desk  ' }).ORG_NAME).toBe('Desk');
    expect(envError({ ORG_NAME: '   ' }).message).toContain('ORG_NAME');
  });

  it('reads SIGN_IN_MAX_FAILURES_PER_MINUTE as a positive whole number, 100 by default', () => {
    expect(parseEnv({}).SIGN_IN_MAX_FAILURES_PER_MINUTE).toBe(100);
    expect(parseEnv({ SIGN_IN_MAX_FAILURES_PER_MINUTE: '500' }).SIGN_IN_MAX_FAILURES_PER_MINUTE).toBe(500);
    for (const value of ['0', '-1', '1.5', 'many']) {
      expect(envError({ SIGN_IN_MAX_FAILURES_PER_MINUTE: value }).message, value).toContain('SIGN_IN_MAX_FAILURES_PER_MINUTE');
    }
  });

  it('reads DATABASE_SYNCHRONOUS as NORMAL or FULL in any case and refuses anything else naming it', () => {
    expect(parseEnv({ DATABASE_SYNCHRONOUS: 'FULL' }).DATABASE_SYNCHRONOUS).toBe('FULL');
    expect(parseEnv({ DATABASE_SYNCHRONOUS: ' full ' }).DATABASE_SYNCHRONOUS).toBe('FULL');
    expect(parseEnv({ DATABASE_SYNCHRONOUS: 'normal' }).DATABASE_SYNCHRONOUS).toBe('NORMAL');
    expect(parseEnv({ DATABASE_SYNCHRONOUS: '' }).DATABASE_SYNCHRONOUS).toBe('NORMAL');
    for (const DATABASE_SYNCHRONOUS of ['OFF', 'EXTRA', '2', 'yes']) {
      const error = envError({ DATABASE_SYNCHRONOUS });
      expect(error.message, DATABASE_SYNCHRONOUS).toContain('DATABASE_SYNCHRONOUS');
      expect(error.message).toContain('NORMAL or FULL');
      expect(error.message).not.toContain('\n');
    }
  });
});
