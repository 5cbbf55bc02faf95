import 'server-only';
import fs from 'node:fs';
import readline from 'node:readline';
import { parseClaimLine, type LineError, type PreparedClaim } from './claim-line';

/** A longer line is refused rather than parsed: no claim with its appearances needs this much. */
export const MAX_LINE_CHARS = 200_000;

export interface ClaimsFile {
  claims: PreparedClaim[];
  errors: LineError[];
  /** Lines that were not blank. */
  records: number;
  /** Lines with at least one error. */
  invalidLines: number;
}

/**
 * Reads and validates a JSON Lines file of claims, one claim per line, before anything is
 * written. Blank lines are skipped; line numbers count every line, from 1.
 */
export async function readClaimsFile(file: string): Promise<ClaimsFile> {
  const input = fs.createReadStream(file, { encoding: 'utf8' });
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  const result: ClaimsFile = { claims: [], errors: [], records: 0, invalidLines: 0 };
  let number = 0;
  for await (const rawLine of lines) {
    number++;
    const text = number === 1 ? rawLine.replace(/^\uFEFF/, '') : rawLine;
    if (text.trim() === '') continue;
    result.records++;
    const parsed =
      text.length > MAX_LINE_CHARS
        ? [{ line: number, field: '(line)', message: `Longer than ${MAX_LINE_CHARS.toLocaleString('en')} characters` }]
        : parseClaimLine(number, text);
    if (Array.isArray(parsed)) {
      result.errors.push(...parsed);
      result.invalidLines++;
    } else {
      result.claims.push(parsed);
    }
  }
  return result;
}
