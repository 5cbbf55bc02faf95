import fc from 'fast-check';

/**
 * Generated input for the hostile-input suite: strings no form would send, and a small model of
 * each kind of form field that says when a value must be refused. The model is written from the
 * product's rules (README.md, the labels and limits of the forms), not read off the zod schemas, so
 * a schema that lets something through that a field must not accept shows up as a failure.
 */

/** Control characters other than tab, line feed and carriage return: never part of typed text. */
export const CONTROL_CHARACTERS = /(?![\t\n\r])\p{Cc}/u;

/** A UTF-16 surrogate without its other half: not a character, and not encodable as UTF-8. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isWellFormed(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

/** What a well-formed transport (FormData, encodeURIComponent's callers) makes of a string. */
export function toWellFormed(value: string): string {
  return value.replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');
}

/** Values that have broken web apps before, mixed into every field. */
export const SPECIAL_STRINGS = [
  '',
  ' ',
  '\t\r\n',
  '\u00a0',
  '\u0000',
  'a\u0000b',
  'bell\u0007',
  '\u001b[31mred',
  'del\u007f',
  'nel\u0085csi\u009b',
  '\ud800',
  'x\udc00y',
  '\ufeff',
  '\u202egnp.exe',
  'zero\u200bwidth\u200d',
  '\u2028\u2029',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e308',
  '-1e308',
  '1e-324',
  '9223372036854775807',
  '9223372036854775808',
  '-9223372036854775809',
  '9007199254740993',
  '0x10',
  '0b1',
  '1e3',
  '0',
  '-1',
  '1.5',
  ' 7 ',
  '007',
  '+1',
  '1,2',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '[object Object]',
  '__proto__',
  'constructor',
  '<script>alert(1)</script>',
  '"><svg onload=alert(1)>',
  "'; DROP TABLE claims; --",
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '//evil.example/x',
  'http://',
  'https://',
  'ftp://example.org/x',
  'https://example.org/\u0000',
  '%00',
  '%zz',
  '../../etc/passwd',
  '${7*7}',
  '{{7*7}}',
  '"NEAR(',
  'éé',
  '😀',
  '\ud83d',
  '2024-02-30',
  '2024-12-18',
  '3000-01-01',
  '1799-12-31',
  '18/12/2024',
];

/** Any UTF-16 code unit: controls, lone surrogates, private use, all of it. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

/** A long string (2,000 to `max` units) of one repeated piece. */
function longString(max: number) {
  return fc
    .tuple(fc.integer({ min: Math.min(2_000, max), max }), fc.constantFrom('x', 'é', '<', ' ', '\u202e', '\u0000', '😀', 'ab\r\n'))
    .map(([length, piece]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));
}

/** Up to 100,000 units: bigger than any field allows, small enough for one form post. */
export const hugeString = longString(100_000);

/** Numbers written every way JavaScript and JSON can, and some they cannot. */
export const numberString = fc.oneof(
  fc.double().map(String),
  fc.integer().map(String),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
  fc.constantFrom('NaN', '-0', '1e308', '2e308', '9223372036854775808', '0x7fffffff', '1_000', '1 000', '10,000'),
);

/** Hostile strings up to `max` units (URLs and headers have to stay under Node's 16 KiB limit). */
export function hostile(max = 100_000): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
    { weight: 2, arbitrary: fc.string({ maxLength: 24, unit: codeUnit }) },
    { weight: 2, arbitrary: fc.string({ maxLength: 24, unit: 'binary' }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 24, unit: 'grapheme' }) },
    { weight: 1, arbitrary: longString(max) },
    { weight: 1, arbitrary: numberString },
  );
}

export const hostileString = hostile();

// ---------------------------------------------------------------------------------------------
// What the server receives

/** A form field: absent, one value, or repeated (checkboxes, or someone sending it twice). */
export type FieldValue = string | string[] | undefined;

/**
 * The value the server's form reader sees: FormData turns lone surrogates into U+FFFD and every
 * line break into CRLF on the way, and the server joins a repeated field with commas.
 */
export function received(value: FieldValue): string | undefined {
  if (value === undefined) return undefined;
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) return undefined;
  return items.map((item) => toWellFormed(item).replace(/\r?\n|\r/g, '\r\n')).join(',');
}

/** A form sends "" for an untouched field; blank means absent. */
export function isAbsent(value: string | undefined): value is undefined {
  return value === undefined || value.trim() === '';
}

// ---------------------------------------------------------------------------------------------
// Field kinds: how to generate a value, and when it must be refused

export interface FieldKind {
  /** Values within the field's rules (a domain check may still refuse them). */
  valid: fc.Arbitrary<FieldValue>;
  /** True when the server must refuse this value (as received; undefined = absent). */
  invalid(value: string | undefined): boolean;
}

/** Latest "today" anywhere on Earth, as the product allows dates up to it. */
function latestToday(): string {
  return new Date(Date.now() + 14 * 3600_000).toISOString().slice(0, 10);
}

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const visibleText = (max: number) =>
  fc
    .oneof(
      fc.string({ minLength: 1, maxLength: Math.min(max, 80), unit: 'grapheme' }),
      fc.constantFrom('Ordinary words.', 'Zelensky’s “100,000”', 'Київ', '<b>bold?</b>', "O'Brien & Sons", 'a\nb', '  padded  '),
    )
    .filter((value) => value.trim() !== '' && value.trim().length <= max && !CONTROL_CHARACTERS.test(value));

export function text(max: number, required: boolean): FieldKind {
  return {
    valid: required ? visibleText(max) : fc.oneof(visibleText(max), fc.constant('')),
    invalid: (value) => {
      if (isAbsent(value)) return required;
      const trimmed = value.trim();
      return trimmed.length > max || CONTROL_CHARACTERS.test(trimmed);
    },
  };
}

/** A positive whole number naming a row; `pool` gives ids that exist. */
export function id(pool: readonly number[], required: boolean): FieldKind {
  return {
    valid: fc.constantFrom(...pool).map(String),
    invalid: (value) => {
      if (isAbsent(value)) return required;
      const n = Number(value);
      return !Number.isSafeInteger(n) || n <= 0;
    },
  };
}

export function choice(values: readonly string[], required: boolean): FieldKind {
  return {
    valid: fc.constantFrom(...values),
    invalid: (value) => (isAbsent(value) ? required : !values.includes(value)),
  };
}

export function webUrl(required: boolean): FieldKind {
  return {
    // .invalid hosts: a webhook registered with one can never reach the network.
    valid: fc.oneof(
      fc.webUrl({ withQueryParameters: true, withFragments: true }).map((url) => url.replace(/^(https?:\/\/)[^/?#]+/, '$1hostile-input.invalid')),
      fc.constantFrom('https://news.invalid/a?b=1#c', 'http://hostile-input.invalid/%E2%80%AE'),
    ),
    invalid: (value) => {
      if (isAbsent(value)) return required;
      const trimmed = value.trim();
      return trimmed.length > 2048 || !isWebUrl(trimmed) || CONTROL_CHARACTERS.test(trimmed);
    },
  };
}

export function pastDate(required: boolean): FieldKind {
  return {
    valid: fc.date({ min: new Date('1800-01-01T00:00:00Z'), max: new Date('2024-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    invalid: (value) => {
      if (isAbsent(value)) return required;
      return !isCalendarDate(value) || value < '1800-01-01' || value > latestToday();
    },
  };
}

/** A whole number within bounds, typed into a box (confidence, a form's version). */
export function wholeNumber(min: number, max: number, required: boolean, valid: fc.Arbitrary<string> = fc.integer({ min, max }).map(String)): FieldKind {
  return {
    valid,
    invalid: (value) => {
      if (isAbsent(value)) return required;
      const n = Number(value);
      return !Number.isInteger(n) || n < min || n > max;
    },
  };
}

/** A set of checkboxes (repeated fields), at least one ticked when `required`. */
export function checkboxes(values: readonly string[], required: boolean): FieldKind {
  return {
    valid: fc.uniqueArray(fc.constantFrom(...values), { minLength: required ? 1 : 0, maxLength: values.length }),
    invalid: (value) => {
      const items = (value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
      if (items.length === 0) return required;
      return items.some((item) => !values.includes(item));
    },
  };
}

/** A list of ids as repeated fields (evidence an assessment cites). */
export function idList(pool: readonly number[]): FieldKind {
  return {
    valid: fc.uniqueArray(fc.constantFrom(...pool).map(String), { maxLength: 3 }),
    invalid: (value) => {
      const items = (value ?? '').split(',').filter((item) => item.trim() !== '');
      return items.length > 100 || items.some((item) => !Number.isSafeInteger(Number(item)) || Number(item) <= 0);
    },
  };
}

/** A field's value: mostly valid, often hostile, sometimes absent or repeated. */
export function fieldValue(kind: FieldKind): fc.Arbitrary<FieldValue> {
  return fc.oneof(
    { weight: 5, arbitrary: kind.valid },
    { weight: 3, arbitrary: hostileString },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.array(fc.oneof(kind.valid.map((v) => (Array.isArray(v) ? v.join(',') : (v ?? ''))), hostileString), { minLength: 2, maxLength: 3 }) },
  );
}

/** Names no form uses, to be ignored (or refused) but never to confuse the reader. */
export const unknownFieldName = fc.oneof(
  fc.constantFrom('__proto__', '__proto__.admin', 'constructor', 'constructor.prototype.x', 'prototype', 'toString', 'hasOwnProperty', 'role', 'actorUserId', 'a..b', '.', '$ACTION_KEY', 'x'.repeat(5000)),
  fc.string({ minLength: 1, maxLength: 12 }).map((name) => `zz-${name}`),
);
