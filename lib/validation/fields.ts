import { z } from 'zod';

/** Field builders shared by every entity's schema, so one rule has one wording everywhere. */

/** Control characters other than tab and line breaks: NUL, escape sequences, DEL, C1 controls. */
const CONTROL_CHARACTER = /(?![\t\n\r])\p{Cc}/u;
/** Half of a UTF-16 surrogate pair on its own: not a character, and SQLite would store mangled bytes. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text a person could have typed: no control characters (tab and line breaks aside), no broken Unicode. */
export function isPlainText(value: string): boolean {
  return !CONTROL_CHARACTER.test(value) && !LONE_SURROGATE.test(value);
}

const PLAIN_TEXT_MESSAGE = 'Remove the control characters (such as NUL) or broken characters from this text';

export function requiredText(label: string, max: number) {
  return z
    .string({ error: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .max(max, `Keep the ${label} under ${max.toLocaleString('en')} characters`)
    .refine(isPlainText, PLAIN_TEXT_MESSAGE);
}

export function optionalText(max: number) {
  return z
    .string()
    .trim()
    .max(max, `Keep this under ${max.toLocaleString('en')} characters`)
    .refine(isPlainText, PLAIN_TEXT_MESSAGE)
    .default('');
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

export const httpUrl = z
  .string({ error: 'Enter a URL' })
  .trim()
  .min(1, 'Enter a URL')
  .max(2048, 'Keep the URL under 2,048 characters')
  .refine((value) => isHttpUrl(value) && isPlainText(value), 'Use a web address starting with http:// or https://');

/** Whether YYYY-MM-DD names a day that exists: 2024-02-31 does not survive a round trip through Date. */
export function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** Today as YYYY-MM-DD on the date line furthest ahead (UTC+14), so no one's "today" is refused. */
export function latestToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 14 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

export const calendarDate = z
  .string({ error: 'Enter a date' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2024-12-18')
  .refine(isCalendarDate, 'That date does not exist')
  .refine((value) => value >= '1800-01-01', 'The date is too far in the past');

export const pastDate = calendarDate.refine((value) => value <= latestToday(), 'The date cannot be in the future');

export const positiveId = z.coerce
  .number({ error: 'Choose an item' })
  .int('Choose an item')
  .positive('Choose an item')
  .max(Number.MAX_SAFE_INTEGER);

/** A number typed by a person: "10,000" and "10 000" read as 10000. */
export const typedNumber = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value;
    const compact = value.replace(/[,\s_]/g, '');
    // Plain decimal notation only: no "", no "0x10", no "1e5" typed by accident.
    return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(compact) ? Number(compact) : Number.NaN;
  },
  z.number({ error: 'Enter a number' }).finite('Enter a number'),
);

/** BCP 47 language tag, loosely: "en", "pt-BR", "zh-Hant". */
export const languageTag = z
  .string()
  .trim()
  .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'Use a language code such as en or pt-BR')
  .default('en');

/** Form posts send "" for untouched fields; treat those (and groups left wholly empty) as absent. */
export function dropEmptyStrings(value: unknown): unknown {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (Array.isArray(value)) return value.map(dropEmptyStrings);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const cleaned = dropEmptyStrings(inner);
      if (cleaned !== undefined) out[key] = cleaned;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return value;
}

/** "appearance.url" → { appearance: { url } }: form field names are the schema's paths. */
export function nestDottedKeys(values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const parts = key.split('.');
    if (parts.some((p) => p === '__proto__' || p === 'constructor' || p === 'prototype')) continue;
    let target = out;
    for (const part of parts.slice(0, -1)) {
      const next = target[part];
      target = (next && typeof next === 'object' ? next : (target[part] = {})) as Record<string, unknown>;
    }
    target[parts[parts.length - 1] as string] = value;
  }
  return out;
}

/** A list of ids; a form sends repeated fields, which formValues joins with commas. */
export const idList = z
  .preprocess(
    (value) => (typeof value === 'string' ? value.split(',').filter((s) => s.trim() !== '') : value),
    z.array(positiveId).max(100, 'Cite at most 100 items'),
  )
  .default([]);

/** Wraps a schema for a form: fields are named by schema path ("quote.exact"); empty means absent. */
export function formSchema<S extends z.ZodType>(schema: S) {
  return z.preprocess((raw) => dropEmptyStrings(nestDottedKeys(raw as Record<string, string>)) ?? {}, schema);
}

/**
 * URL search params arrive as strings, repeated params as arrays, and a form's empty select or
 * text box as "": the first value counts, and blank means absent.
 */
function blankToAbsent(value: unknown): unknown {
  const first = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof first === 'string' && first.trim() === '' ? undefined : first;
}

/** One search param of a list page or API query (see blankToAbsent). */
export const searchParam = <T extends z.ZodType>(schema: T) => z.preprocess(blankToAbsent, schema);

/** The version of the row a form was filled in from; a stale one is refused with a conflict. */
export const Version = z.coerce
  .number({ error: 'The form is missing its version; reload the page' })
  .int()
  .positive('The form is missing its version; reload the page');

const MISSING_VERSION = 'The form is missing its version; reload the page';

/**
 * The version of the row a form was filled in from, or 0 where the form creates the row (a queue
 * entry that had no mapping yet). Blank is missing, not 0: z.coerce alone would read " " as 0.
 */
export const VersionOrNew = z
  .string({ error: MISSING_VERSION })
  .trim()
  .min(1, MISSING_VERSION)
  .transform(Number)
  .pipe(z.number({ error: MISSING_VERSION }).int(MISSING_VERSION).min(0, MISSING_VERSION));
