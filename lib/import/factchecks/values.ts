/**
 * The small normalisations a fact-check is stored by, pure so that tests, the matching benchmark and
 * the mapping screens agree on them: text out of JSON-LD's many shapes, calendar dates, the review
 * URL's identity (url_key), the publisher's and the rating label's keys in the mapping table.
 */

import { reviewUrlKey } from '../../validation/review-url';

/** A JSON-LD text value: a string, `{ "@value": … }`, or a list of either. */
export function textOf(value: unknown, join = ', '): string {
  if (typeof value === 'string') return collapse(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) {
    const parts = value.map((part) => textOf(part, join)).filter((part) => part !== '');
    return [...new Set(parts)].join(join);
  }
  if (value !== null && typeof value === 'object' && '@value' in value) return textOf((value as { '@value': unknown })['@value'], join);
  return '';
}

/** Whitespace runs (including line breaks and no-break spaces) become one space; control characters go. */
export function collapse(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').replace(/\s+/gu, ' ').trim();
}

/** Text cut to `max` characters on a word boundary where one is near, with an ellipsis. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.8 ? cut.slice(0, space) : cut}…`;
}

const DATE_PREFIX = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ]\d)/;

/**
 * The calendar day a JSON-LD date names, as written: `2019-09-20`, `2020-08-31 17:22:16`,
 * `2019-12-09T15:11:25.619782+00:00`. The day is the publisher's own (their offset is not applied:
 * a review published at 00:03 in Paris was published that day). Anything else is no date.
 */
export function calendarDate(value: unknown): string | null {
  const text = textOf(value);
  const match = DATE_PREFIX.exec(text);
  if (!match) return null;
  const day = `${match[1]}-${match[2]}-${match[3]}`;
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day) ? day : null;
}

/** A host name as people write it in a URL without its scheme: `aosfatos.org/noticias/…`. */
const SCHEMELESS_HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(?:[:/?#]|$)/i;

/**
 * An absolute http(s) URL from what a feed gave, or null. A URL written without its scheme whose
 * first part is a host name (`aosfatos.org/…`, as Aos Fatos publishes) is read as https; a
 * relative path (`/estadao-verifica/…`) names no site and is refused.
 */
export function absoluteUrl(value: unknown): URL | null {
  const text = textOf(value);
  if (text === '' || text.length > 2048) return null;
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : SCHEMELESS_HOST.test(text) ? `https://${text}` : null;
  if (candidate === null) return null;
  try {
    const url = new URL(candidate);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' ? url : null;
  } catch {
    return null;
  }
}

/**
 * The identity of a review (lib/validation/review-url.ts): the one normalisation the importer and
 * the claim page's "link by URL" form share, so a pasted link finds the imported row. A URL longer
 * than that module accepts keeps its full text as its key.
 */
export function urlKey(url: URL): string {
  return reviewUrlKey(url.href) ?? url.href;
}

/** A site as the mapping table keys it: the host, lower-cased, without `www.`. */
export function siteOf(value: unknown): string {
  const url = absoluteUrl(value);
  if (url) return url.hostname.replace(/^www\./, '');
  const text = textOf(value).toLowerCase();
  return /^[a-z0-9.-]+\.[a-z]{2,}$/.test(text) ? text.replace(/^www\./, '') : '';
}

/** Which mapping rows apply: the publisher's site when known, else its name, lower-cased. */
export function publisherKey(site: string, name: string): string {
  return site !== '' ? site : collapse(name).toLowerCase();
}

/** Keys longer than this are cut: a whole sentence used as a label is still one label. */
export const MAX_RATING_KEY = 200;

/**
 * A published label as the mapping table keys it: Unicode-normalised, lower-cased, underscores
 * and runs of spaces as one space, surrounding quotes and final punctuation dropped, so "False",
 * "false." and "FALSE" are one label and "Pants on Fire!" is "pants on fire". "Label: explanation"
 * keys by its label when the label is short (Comprova's "FALSO: As imagens…" is "falso").
 */
export function ratingKey(text: string): string {
  let key = collapse(text.normalize('NFKC').toLowerCase().replace(/_/g, ' '));
  const colon = key.indexOf(':');
  if (colon > 0 && colon <= 40 && key.length > colon + 1) key = key.slice(0, colon);
  key = key.replace(/^["'“”«»„]+|["'“”«»„]+$/g, '').replace(/[\s.!?。！]+$/u, '').trim();
  return key.length > MAX_RATING_KEY ? key.slice(0, MAX_RATING_KEY).trimEnd() : key;
}

/** The key of a rating given only as a number: "1 of 1–5". */
export function numericRatingKey(value: number, worst: number, best: number): string {
  return `${formatNumber(value)} of ${formatNumber(worst)}–${formatNumber(best)}`;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/0+$/, '');
}
