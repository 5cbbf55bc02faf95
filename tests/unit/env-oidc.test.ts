import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '@/lib/env';

const SSO = { OIDC_ISSUER: 'https://accounts.google.com', OIDC_CLIENT_ID: 'client', OIDC_CLIENT_SECRET: 'secret' };

function envError(source: Record<string, string | undefined>): string {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).message;
  }
  throw new Error('parseEnv accepted an invalid environment');
}

describe('parseEnv: single sign-on', () => {
  it('leaves sign-on off and password sign-in on when OIDC_ISSUER is unset', () => {
    const env = parseEnv({});
    expect(env.OIDC_ISSUER).toBeUndefined();
    expect(env.PASSWORD_SIGNIN).toBe(true);
    expect(env.OIDC_ALLOWED_DOMAINS).toEqual([]);
    expect(env.OIDC_DEFAULT_ROLE).toBe('reviewer');
  });

  it('keeps the issuer exactly as written, trailing slash included', () => {
    expect(parseEnv({ ...SSO, OIDC_ISSUER: 'https://idp.example.org/realms/news/' }).OIDC_ISSUER).toBe('https://idp.example.org/realms/news/');
    expect(parseEnv(SSO).OIDC_ISSUER).toBe('https://accounts.google.com');
  });

  it('reads the allowed domains as a lower-case list and the default role', () => {
    const env = parseEnv({ ...SSO, OIDC_ALLOWED_DOMAINS: ' Newsroom.example , @desk.example.org,newsroom.example', OIDC_DEFAULT_ROLE: 'editor', OIDC_NAME: 'Newsroom Google' });
    expect(env.OIDC_ALLOWED_DOMAINS).toEqual(['newsroom.example', 'desk.example.org']);
    expect(env.OIDC_DEFAULT_ROLE).toBe('editor');
    expect(env.OIDC_NAME).toBe('Newsroom Google');
  });

  it('names the variable that is wrong', () => {
    expect(envError({ ...SSO, OIDC_ISSUER: 'not a url' })).toMatch(/^Invalid environment: OIDC_ISSUER /);
    expect(envError({ ...SSO, OIDC_ISSUER: 'ftp://idp.example' })).toMatch(/OIDC_ISSUER must be an http\(s\) URL/);
    expect(envError({ OIDC_ISSUER: SSO.OIDC_ISSUER, OIDC_CLIENT_SECRET: 'x' })).toBe('Invalid environment: OIDC_CLIENT_ID is required when OIDC_ISSUER is set');
    expect(envError({ OIDC_ISSUER: SSO.OIDC_ISSUER, OIDC_CLIENT_ID: 'x' })).toBe('Invalid environment: OIDC_CLIENT_SECRET is required when OIDC_ISSUER is set');
    expect(envError({ ...SSO, OIDC_ALLOWED_DOMAINS: 'newsroom.example,not a domain' })).toMatch(/^Invalid environment: OIDC_ALLOWED_DOMAINS must be a comma-separated list of email domains/);
    expect(envError({ ...SSO, OIDC_DEFAULT_ROLE: 'admin' })).toBe('Invalid environment: OIDC_DEFAULT_ROLE must be reviewer or editor');
    expect(envError({ ...SSO, PASSWORD_SIGNIN: 'no' })).toMatch(/^Invalid environment: PASSWORD_SIGNIN must be 0 or 1/);
  });

  it('refuses PASSWORD_SIGNIN=0 without sign-on, which would let nobody in', () => {
    expect(envError({ PASSWORD_SIGNIN: '0' })).toBe('Invalid environment: PASSWORD_SIGNIN can be 0 only with OIDC_ISSUER set (nobody could sign in)');
    expect(parseEnv({ ...SSO, PASSWORD_SIGNIN: '0' }).PASSWORD_SIGNIN).toBe(false);
  });
});
