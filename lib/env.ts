import 'server-only';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { parseAllowedHost, type AllowedHost } from './webhooks/address-policy';

const flag = (name: string, fallback: '0' | '1') =>
  z
    .enum(['0', '1', 'true', 'false'], { error: `must be 0 or 1 (${name})` })
    .default(fallback)
    .transform((v) => v === '1' || v === 'true');

/** One email domain of OIDC_ALLOWED_DOMAINS: lower-case labels, at least one dot. */
const EMAIL_DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

/**
 * The one place that reads process.env (lint refuses it elsewhere). Validated once, on first use, so that
 * `next build` (which imports modules but serves nothing) does not demand production secrets.
 */
const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_PATH: z.string().trim().min(1, 'must not be empty').default('data/claimbench.db'),
    /**
     * SQLite's `synchronous` setting in WAL mode. NORMAL: a process crash loses nothing that was
     * acknowledged, but power loss or an OS crash may lose the last transactions (never corrupting
     * the file). FULL: every commit is fsynced before it is acknowledged, at some cost in write speed.
     */
    DATABASE_SYNCHRONOUS: z
      .string()
      .transform((value) => value.trim().toUpperCase())
      .pipe(z.enum(['NORMAL', 'FULL'], { error: 'must be NORMAL or FULL' }))
      .default('NORMAL'),
    AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    ORG_NAME: z.string().trim().min(1, 'must not be empty').max(200).default('Claimbench Desk'),
    ORG_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .default('http://localhost:3000'),
    /** Where this app is reached by the public: verdict pages and ClaimReview URLs are built on it. */
    PUBLIC_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .default('http://localhost:3000')
      .transform((value) => value.replace(/\/+$/, '')),
    /** Requests a minute the API allows one key, and one address without a key. */
    API_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(600),
    /** The app's own URL for next-auth's redirects; with PUBLIC_URL it decides whether session cookies are Secure. */
    NEXTAUTH_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    /**
     * Failed sign-ins a minute the whole app accepts, from every address together; beyond it, sign-in
     * is refused until the minute is over, except from a browser its user signed in from before.
     */
    SIGN_IN_MAX_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(100),
    /** Trust X-Forwarded-For for the client address (only behind a proxy you run). */
    TRUST_PROXY: z.enum(['0', '1', 'true', 'false']).default('0').transform((v) => v === '1' || v === 'true'),
    /** Let webhooks reach loopback, private and other non-public addresses (lib/webhooks/address-policy.ts). */
    WEBHOOK_ALLOW_PRIVATE: z
      .enum(['0', '1', 'true', 'false'], { error: 'must be 0 or 1' })
      .default('0')
      .transform((v) => v === '1' || v === 'true'),
    /**
     * Read sentence vectors of new and edited claims and fact-checks in the server's background
     * (lib/matching/sentence-index.ts). 0 leaves it to `npm run matching:index` (the benchmarks'
     * servers, so it does not take a core from what they measure).
     */
    SENTENCE_INDEXING: z
      .enum(['0', '1', 'true', 'false'], { error: 'must be 0 or 1' })
      .default('1')
      .transform((v) => v === '1' || v === 'true'),
    /** host[:port],… that webhooks may reach whatever address they resolve to (a CMS on the private network). */
    WEBHOOK_ALLOWED_HOSTS: z
      .string()
      .default('')
      .transform((value, ctx): AllowedHost[] => {
        const entries = value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
        return entries.flatMap((entry) => {
          const parsed = parseAllowedHost(entry);
          if (!parsed) ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of host or host:port (not ${JSON.stringify(entry)})` });
          return parsed ? [parsed] : [];
        });
      }),
    /**
     * Single sign-on (OpenID Connect, lib/auth/oidc.ts). Unset OIDC_ISSUER: no sign-on at all. The
     * issuer is kept exactly as written: the ID token's `iss` must equal it character for character.
     */
    OIDC_ISSUER: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    OIDC_CLIENT_ID: z.string().trim().min(1, 'must not be empty').max(500).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1, 'must not be empty').max(2000).optional(),
    /** The provider's name on the sign-in button: "Sign in with {OIDC_NAME}". */
    OIDC_NAME: z.string().trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters').default('single sign-on'),
    /** Email domains whose people get an account at their first sign-on; empty: existing users only. */
    OIDC_ALLOWED_DOMAINS: z
      .string()
      .default('')
      .transform((value, ctx): string[] => {
        const domains = value.split(',').map((entry) => entry.trim().toLowerCase().replace(/^@/, '')).filter((entry) => entry !== '');
        for (const domain of domains) {
          if (!EMAIL_DOMAIN.test(domain)) ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of email domains (not ${JSON.stringify(domain)})` });
        }
        return [...new Set(domains)];
      }),
    /** The role of an account created by sign-on. Never admin: admins are made by an admin. */
    OIDC_DEFAULT_ROLE: z.enum(['reviewer', 'editor'], { error: 'must be reviewer or editor' }).default('reviewer'),
    /** 0 turns password sign-in off (sign-on only); the command line still creates and resets users. */
    PASSWORD_SIGNIN: flag('PASSWORD_SIGNIN', '1'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.AUTH_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_SECRET'], message: 'is required in production' });
    }
    if (env.OIDC_ISSUER !== undefined) {
      for (const name of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const) {
        if (env[name] === undefined) ctx.addIssue({ code: 'custom', path: [name], message: 'is required when OIDC_ISSUER is set' });
      }
    } else if (!env.PASSWORD_SIGNIN) {
      ctx.addIssue({ code: 'custom', path: ['PASSWORD_SIGNIN'], message: 'can be 0 only with OIDC_ISSUER set (nobody could sign in)' });
    }
  });

export type Env = Omit<z.infer<typeof EnvSchema>, 'AUTH_SECRET'> & {
  AUTH_SECRET: string;
  /** PUBLIC_URL was not set: the default (localhost:3000) applies, which the server warns about when reached elsewhere. */
  PUBLIC_URL_IS_DEFAULT: boolean;
};

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvError';
  }
}

/**
 * A random secret for this process, kept on globalThis: Next bundles modules more than once per
 * process (the sign-in action and next-auth's route each have their own copy), and all of them must
 * sign and check sessions with the same secret.
 */
function processSecret(): string {
  const shared = globalThis as unknown as { claimbenchProcessAuthSecret?: string };
  shared.claimbenchProcessAuthSecret ??= randomBytes(32).toString('base64url');
  return shared.claimbenchProcessAuthSecret;
}

/** Parses an environment; the error message is one line naming the variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable (FOO= in a unit file or shell) means "not set": the default applies.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = EnvSchema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = issue?.path.join('.') ?? 'environment';
    throw new EnvError(`Invalid environment: ${name} ${issue?.message ?? 'is invalid'}`);
  }
  const env = result.data;
  return {
    ...env,
    DATABASE_PATH: env.DATABASE_PATH === ':memory:' ? env.DATABASE_PATH : path.resolve(env.DATABASE_PATH),
    // Outside production a missing secret is made up once per process: sessions end when the
    // process does, and nobody can sign a session with a secret they read somewhere.
    AUTH_SECRET: env.AUTH_SECRET ?? processSecret(),
    PUBLIC_URL_IS_DEFAULT: present.PUBLIC_URL === undefined,
  };
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
