import 'server-only';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { parseAllowedHost, type AllowedHost } from './webhooks/address-policy';

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
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.AUTH_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_SECRET'], message: 'is required in production' });
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
