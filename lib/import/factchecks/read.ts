import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { expandItem, isKnownShape, type Unit } from './normalise';

/**
 * Format detection and the readers. A file (or standard input) is recognised from its first line,
 * before anything is yielded, so a file in no known format is refused with nothing written:
 * - JSON Lines (a claims:search answer, a ClaimReview, a DataFeed… per line) is streamed line by
 *   line: memory stays flat however long the file;
 * - one JSON document (a claims:search answer, a DataFeed, ClaimReview as an object, a list or
 *   `@graph`) is read whole, up to MAX_DOCUMENT_CHARS (JSON.parse needs all of it; for larger
 *   feeds, one item per line: `jq -c '.dataFeedElement[]' feed.json`);
 * - an HTML page: its `<script type="application/ld+json">` blocks, each parsed on its own;
 * - a folder: each .html, .htm, .json, .jsonld, .jsonl and .ndjson file in it, in name order.
 */

export const MAX_DOCUMENT_CHARS = 200 * 1024 * 1024;
const FOLDER_FILES = /\.(?:html?|json|jsonld|jsonl|ndjson)$/i;

/** The input is none of the formats: one line says why; nothing has been read past its start. */
export class UnknownFormatError extends Error {}

export type InputFormat = 'json-lines' | 'json' | 'html' | 'folder';

export interface FactcheckInput {
  format: InputFormat;
  units: AsyncIterable<Unit>;
}

/** Opens a file, a folder, or `-` (the given stream, standard input by default), detecting the format. */
export async function openFactcheckInput(source: string, stdin: Readable = process.stdin): Promise<FactcheckInput> {
  if (source === '-') return openStream(stdin, '', 'Standard input');
  const stat = fs.statSync(source, { throwIfNoEntry: false });
  if (!stat) throw new UnknownFormatError(`Cannot read ${source}: there is no such file or folder.`);
  if (stat.isDirectory()) return openFolder(source);
  return openStream(fs.createReadStream(source, { encoding: 'utf8' }), '', source);
}

function openFolder(folder: string): FactcheckInput {
  const files = fs
    .readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && FOLDER_FILES.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  if (files.length === 0) throw new UnknownFormatError(`${folder} holds no .html, .json or .jsonl files.`);
  async function* units(): AsyncGenerator<Unit> {
    for (const name of files) {
      try {
        const input = await openStream(fs.createReadStream(path.join(folder, name), { encoding: 'utf8' }), name, name);
        yield* input.units;
      } catch (error) {
        if (!(error instanceof UnknownFormatError)) throw error;
        yield { where: name, kind: 'skip', reason: error.message };
      }
    }
  }
  return { format: 'folder', units: units() };
}

function at(label: string, where: string): string {
  return label === '' ? where : `${label}, ${where}`;
}

/** `label` prefixes each item's place (a folder's file name); `name` is the input in messages. */
async function openStream(stream: Readable, label: string, name: string): Promise<FactcheckInput> {
  if (typeof stream.setEncoding === 'function') stream.setEncoding('utf8');
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity })[Symbol.asyncIterator]();
  let number = 0;
  let first = '';
  for (;;) {
    const next = await lines.next();
    if (next.done) throw new UnknownFormatError(`${name} is empty.`);
    number++;
    first = number === 1 ? next.value.replace(/^\uFEFF/, '') : next.value;
    if (first.trim() !== '') break;
  }
  const firstNumber = number;
  const start = first.trimStart()[0];
  const rest = async function* (): AsyncGenerator<string> {
    for (;;) {
      const next = await lines.next();
      if (next.done) return;
      yield next.value;
    }
  };
  if (start === '<') return openHtml([first, ...(await collect(rest(), name))].join('\n'), label, name);
  if (start !== '{' && start !== '[') {
    throw new UnknownFormatError(`${name} is not JSON, JSON Lines or HTML: it starts with ${JSON.stringify(first.trim().slice(0, 20))}.`);
  }
  const parsedFirst = tryParse(first);
  if (parsedFirst.ok) {
    const firstValue = parsedFirst.value;
    if (!isKnownShape(firstValue)) throw notAFeed(name);
    async function* units(): AsyncGenerator<Unit> {
      yield* expandItem(firstValue, at(label, `line ${firstNumber}`));
      let line = firstNumber;
      for await (const text of rest()) {
        line++;
        if (text.trim() === '') continue;
        const parsed = tryParse(text);
        if (parsed.ok) yield* expandItem(parsed.value, at(label, `line ${line}`));
        else yield { where: at(label, `line ${line}`), kind: 'skip', reason: `not valid JSON (${parsed.message})` };
      }
    }
    return { format: 'json-lines', units: units() };
  }
  // The first line is not a whole value: one document over several lines, read whole.
  const all = [first, ...(await collect(rest(), name))];
  const document = tryParse(all.join('\n'));
  if (document.ok) {
    if (!isKnownShape(document.value)) throw notAFeed(name);
    return { format: 'json', units: fromIterable(expandItem(document.value, label)) };
  }
  // Not one document either: JSON Lines whose first line is broken, when any later line is a feed item.
  const parsedLines = all.map((text) => (text.trim() === '' ? null : tryParse(text)));
  if (!parsedLines.some((entry) => entry?.ok && isKnownShape(entry.value))) {
    throw new UnknownFormatError(`${name} is not valid JSON: ${document.message}.`);
  }
  async function* lineUnits(): AsyncGenerator<Unit> {
    for (let i = 0; i < parsedLines.length; i++) {
      const entry = parsedLines[i];
      const where = at(label, `line ${firstNumber + i}`);
      if (!entry) continue;
      if (entry.ok) yield* expandItem(entry.value, where);
      else yield { where, kind: 'skip', reason: `not valid JSON (${entry.message})` };
    }
  }
  return { format: 'json-lines', units: lineUnits() };
}

function notAFeed(name: string): UnknownFormatError {
  return new UnknownFormatError(
    `${name} is JSON, but not ClaimReview, a DataFeed or a Fact Check Tools claims:search response.`,
  );
}

async function collect(lines: AsyncIterable<string>, name: string): Promise<string[]> {
  const out: string[] = [];
  let size = 0;
  for await (const line of lines) {
    size += line.length + 1;
    if (size > MAX_DOCUMENT_CHARS) {
      throw new UnknownFormatError(
        `${name} is one document larger than ${MAX_DOCUMENT_CHARS / 1024 / 1024} MB; split it into one item per line (JSON Lines).`,
      );
    }
    out.push(line);
  }
  return out;
}

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

function tryParse(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

async function* fromIterable<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

const LD_JSON_BLOCK = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const LD_JSON_TYPE = /\btype\s*=\s*["']?application\/ld\+json\b/i;

/** The ld+json blocks of a page, each parsed alone: one broken block does not cost the others. */
function openHtml(html: string, label: string, name: string): FactcheckInput {
  const blocks: Parsed[] = [];
  for (const match of html.matchAll(LD_JSON_BLOCK)) {
    if (!LD_JSON_TYPE.test(match[1] ?? '')) continue;
    // Pages escape "</" as "<\/" and wrap blocks in CDATA or HTML comments for old browsers.
    const body = (match[2] ?? '').replace(/^\s*(?:<!--|<!\[CDATA\[)/, '').replace(/(?:-->|\]\]>)\s*$/, '');
    blocks.push(tryParse(body));
  }
  if (blocks.length === 0) throw new UnknownFormatError(`${name} is HTML without any application/ld+json block.`);
  if (!blocks.some((block) => block.ok && isKnownShape(block.value))) {
    const broken = blocks.filter((block) => !block.ok).length;
    throw new UnknownFormatError(
      `${name} has no ClaimReview in its ${blocks.length} ld+json block${blocks.length === 1 ? '' : 's'}${broken > 0 ? ` (${broken} not valid JSON)` : ''}.`,
    );
  }
  function* units(): Generator<Unit> {
    for (let i = 0; i < blocks.length; i++) {
      const block = blocks[i] as Parsed;
      const where = at(label, `block ${i + 1}`);
      if (!block.ok) yield { where, kind: 'skip', reason: `invalid JSON in this ld+json block (${block.message})` };
      // Other blocks (the page's WebSite, BreadcrumbList, Organization) are not fact-checks: passed over quietly.
      else if (isKnownShape(block.value)) yield* expandItem(block.value, where);
    }
  }
  return { format: 'html', units: fromIterable(units()) };
}
