import 'server-only';
import { getEnv } from '../env';

/**
 * PUBLIC_URL left at its default (http://localhost:3000) while people reach the app somewhere else
 * means every verdict link, ClaimReview `url` and export points at localhost (issue 14). The server
 * says so once in its log, and the settings page shows it, from the address a request came to.
 */
export interface PublicUrlWarning {
  publicUrl: string;
  reachedAt: string;
  message: string;
}

const logged = globalThis as unknown as { claimbenchPublicUrlWarned?: boolean };

/** The address a request came to, as `proto://host` (forwarded values only behind a trusted proxy). */
export function requestOrigin(headers: Headers): string | null {
  const env = getEnv();
  const forwardedHost = env.TRUST_PROXY ? headers.get('x-forwarded-host')?.split(',')[0]?.trim() : undefined;
  const host = forwardedHost || headers.get('host');
  if (!host || /[\s/\\@]/.test(host)) return null;
  const forwardedProto = env.TRUST_PROXY ? headers.get('x-forwarded-proto')?.split(',')[0]?.trim() : undefined;
  const proto = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : 'http';
  return `${proto}://${host}`;
}

/** The warning for a request, or null when PUBLIC_URL was set or matches where the app was reached. */
export function publicUrlWarning(headers: Headers): PublicUrlWarning | null {
  const env = getEnv();
  if (!env.PUBLIC_URL_IS_DEFAULT) return null;
  const reachedAt = requestOrigin(headers);
  if (!reachedAt) return null;
  let sameHost: boolean;
  try {
    sameHost = new URL(reachedAt).host === new URL(env.PUBLIC_URL).host;
  } catch {
    return null;
  }
  if (sameHost) return null;
  return {
    publicUrl: env.PUBLIC_URL,
    reachedAt,
    message: `PUBLIC_URL is not set, so verdict links, ClaimReview and exports point at ${env.PUBLIC_URL}, but this app is reached at ${reachedAt}. Set PUBLIC_URL to the address the public uses (for example PUBLIC_URL=${reachedAt}) and restart.`,
  };
}

/** Logs the warning the first time a request shows it; returns it for the page to show. */
export function notePublicUrl(headers: Headers): PublicUrlWarning | null {
  const warning = publicUrlWarning(headers);
  if (warning && !logged.claimbenchPublicUrlWarned) {
    logged.claimbenchPublicUrlWarned = true;
    console.warn(`Warning: ${warning.message}`);
  }
  return warning;
}
