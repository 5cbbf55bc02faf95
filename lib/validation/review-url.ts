/**
 * The identity of a fact-check's review URL: two spellings of one review page give the same key,
 * so an import is idempotent and a pasted link finds the imported row. Pure, for the importer, the
 * claim page's "link by URL" form and the client alike.
 *
 * Normalised: scheme and host lower-cased (the URL parser does both, and drops a default port and
 * the trailing dot of a host name), the fragment dropped, every `utm_*` query parameter dropped
 * (any case), the other parameters kept in their order, and a trailing slash of the path dropped
 * ("https://a.example/x/" and "https://a.example/x" are one page; so are "https://a.example/" and
 * "https://a.example"). The path's case is kept: servers may tell /A from /a.
 */

/** The longest review URL accepted (the same limit as every URL the desk stores). */
export const MAX_REVIEW_URL = 2048;

/** The normalised key of an http(s) review URL, or null when the text is not one. */
export function reviewUrlKey(input: string): string | null {
  const text = input.trim();
  if (text === '' || text.length > MAX_REVIEW_URL) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return null;
  const host = url.hostname.endsWith('.') ? url.hostname.slice(0, -1) : url.hostname;
  const kept = [...url.searchParams].filter(([name]) => !name.toLowerCase().startsWith('utm_'));
  const query = kept.length === 0 ? '' : `?${new URLSearchParams(kept).toString()}`;
  const path = url.pathname.replace(/\/+$/, '');
  const port = url.port === '' ? '' : `:${url.port}`;
  const auth = url.username === '' ? '' : `${url.username}${url.password === '' ? '' : `:${url.password}`}@`;
  return `${url.protocol}//${auth}${host.toLowerCase()}${port}${path}${query}`;
}
