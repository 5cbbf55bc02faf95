import 'server-only';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { getEnv, type Env } from '@/lib/env';

/** next-auth's id of the sign-on provider: the redirect URI to register is {PUBLIC_URL}/api/auth/callback/oidc. */
export const OIDC_PROVIDER_ID = 'oidc';

/**
 * How long discovery, the token request and the JWKS fetch may take. next-auth's default (3.5 s,
 * openid-client's) is too short for a provider on the other side of the world on a bad day.
 */
export const OIDC_HTTP_TIMEOUT_MS = 10_000;

export interface OidcConfig {
  /** Exactly as configured: the ID token's `iss` must equal it. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The button reads "Sign in with {name}". */
  name: string;
  /** Lower-case email domains whose people get an account at their first sign-on. */
  allowedDomains: readonly string[];
  /** The role of an account created by sign-on (never admin; lib/env.ts refuses it). */
  defaultRole: 'reviewer' | 'editor';
}

/** Sign-on as the environment configures it, or null when OIDC_ISSUER is unset (nothing changes). */
export function oidcConfig(env: Env): OidcConfig | null {
  if (!env.OIDC_ISSUER || !env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET) return null;
  return {
    issuer: env.OIDC_ISSUER,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    name: env.OIDC_NAME,
    allowedDomains: env.OIDC_ALLOWED_DOMAINS,
    defaultRole: env.OIDC_DEFAULT_ROLE,
  };
}

/**
 * OpenID Connect Discovery's address of the provider's configuration: the issuer without a trailing
 * slash, then /.well-known/openid-configuration (Discovery 1.0, section 4).
 */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/** The ID token's claims as next-auth hands them to the profile and signIn callbacks. */
export interface OidcClaims {
  iss?: unknown;
  sub?: unknown;
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
}

/**
 * next-auth's generic OAuth provider set up for OpenID Connect: endpoints from discovery, the
 * authorization code flow with PKCE and state, the profile read from the ID token (which
 * openid-client checks: signature from the provider's JWKS, audience, expiry, issuer as
 * discovered). That the discovered issuer is the configured one is checked in the signIn callback
 * (lib/auth/oidc-sign-in.ts), with who may come in. The profile grants no role: roles are
 * Claimbench's.
 */
export function oidcProvider(config: OidcConfig): OAuthConfig<OidcClaims & Record<string, unknown>> {
  return {
    id: OIDC_PROVIDER_ID,
    name: config.name,
    type: 'oauth',
    wellKnown: discoveryUrl(config.issuer),
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorization: { params: { scope: 'openid email profile' } },
    checks: ['pkce', 'state'],
    idToken: true,
    httpOptions: { timeout: OIDC_HTTP_TIMEOUT_MS },
    profile(claims) {
      const email = typeof claims.email === 'string' ? claims.email : null;
      const name = typeof claims.name === 'string' && claims.name.trim() !== '' ? claims.name : email;
      return { id: String(claims.sub), name, email };
    },
  };
}

/** What the sign-in page offers: the sign-on button (with its label) and whether the password form shows. */
export function signInChoices(): { signOn: { name: string } | null; password: boolean } {
  const env = getEnv();
  const config = oidcConfig(env);
  return { signOn: config ? { name: config.name } : null, password: env.PASSWORD_SIGNIN };
}
