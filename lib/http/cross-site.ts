import { AppError, problemResponse } from '../errors';

/** Methods that change nothing: a cross-site GET is an ordinary link and stays allowed. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Sec-Fetch-Site values a browser sends for a request this app's own pages made (or a person typed). */
const OWN_FETCH_SITES = new Set(['same-origin', 'none']);

function firstValue(header: string | null): string | undefined {
  const value = header?.split(',')[0]?.trim();
  return value ? value : undefined;
}

/** A host as `name[:port]` with the scheme's default port left out, or undefined if unreadable. */
function normalHost(protocol: string, host: string): string | undefined {
  try {
    return new URL(`${protocol}//${host}`).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * Why a request must be refused as cross-site, or undefined. A state-changing request (anything
 * but GET, HEAD, OPTIONS) from a browser page of another origin — a foreign `Origin`, an opaque
 * `Origin: null`, or `Sec-Fetch-Site` other than same-origin — is refused: the session cookie
 * would otherwise let that page act as the signed-in person (CSRF; SameSite=Lax does not stop
 * a sibling subdomain). Requests without these headers (curl, the CMS, scripts) are not
 * browsers acting for someone else and pass. Own origins are the request's host (as the proxy in
 * front of us forwarded it) and PUBLIC_URL's.
 */
export function crossSiteReason(
  request: { method: string; headers: Headers },
  publicUrl: () => string,
): string | undefined {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return undefined;
  const fetchSite = request.headers.get('sec-fetch-site')?.trim().toLowerCase();
  if (fetchSite && !OWN_FETCH_SITES.has(fetchSite)) return `Sec-Fetch-Site is ${fetchSite}`;

  const origin = request.headers.get('origin')?.trim();
  if (origin === undefined || origin === '') return undefined;
  if (origin === 'null') return 'the Origin is opaque (null)';
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return 'the Origin header is not a URL';
  }
  const host = url.host.toLowerCase();
  const requestHost = firstValue(request.headers.get('x-forwarded-host')) ?? firstValue(request.headers.get('host'));
  const own = [requestHost && normalHost(url.protocol, requestHost), new URL(publicUrl()).host.toLowerCase()];
  return own.includes(host) ? undefined : `the Origin ${url.origin} is not this site`;
}

/** The answer to a refused cross-site request: 403 problem+json, nothing run. */
export function crossSiteResponse(reason: string): Response {
  const response = problemResponse(
    new AppError('forbidden', `Cross-site requests are not accepted (${reason}); submit the form from Claimbench itself.`),
  );
  response.headers.set('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
  response.headers.set('cache-control', 'no-store');
  return response;
}
