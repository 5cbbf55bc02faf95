/**
 * An RFC 4180 CSV writer: CRLF between records, a field quoted when it holds a quote, a comma, a
 * CR or an LF, quotes inside doubled. The file starts with a UTF-8 byte-order mark, without which
 * Excel reads the bytes as the local code page and turns "Zelensky’s" or "Київ" into mojibake;
 * RFC 4180 parsers that do not expect it see it only as part of the first header name.
 */

export type CsvValue = string | number | boolean | null | undefined;

export const CSV_BOM = '\uFEFF';
export const CSV_LINE_END = '\r\n';

/**
 * Characters that make a spreadsheet read a cell as a formula (=, + and - start one, @ calls a
 * function in Excel and Lotus syntax) or that some spreadsheets skip before looking for one (tab,
 * CR). A claim is text typed or pasted by anyone — "=HYPERLINK(…)" in a statement would run on
 * the editor's machine when the export is opened (CSV injection; OWASP). A leading apostrophe
 * makes the spreadsheet show the text as text. The apostrophe is visible to tools that read the
 * CSV as plain data; they should use the JSON Lines export, which is never altered.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

const NEEDS_QUOTES = /[",\r\n]/;

/** A string as a cell: neutralised if it could start a formula, quoted if RFC 4180 requires it. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  // Numbers and booleans are ours, not user text: a negative number stays a number.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, ending with CRLF. */
export function csvRecord(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',') + CSV_LINE_END;
}

/** The start of the file: the byte-order mark and the header record. */
export function csvHeader(names: readonly string[]): string {
  return CSV_BOM + csvRecord(names);
}
