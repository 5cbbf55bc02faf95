import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * The one writer of BENCHMARKS.md. Each bench owns a section between `<!-- bench:<name>:start -->`
 * and `<!-- bench:<name>:end -->` and rewrites only that; the text around the sections (notes,
 * earlier measurements) is left as it is. A section not there yet is added at the end.
 */

export const BENCHMARKS_FILE = path.join(process.cwd(), 'BENCHMARKS.md');

export type SectionName = 'claims-list' | 'pages' | 'export' | 'write-rate' | 'import' | 'import-factchecks' | 'api' | 'nginx' | 'matching' | 'insights';

export function writeSection(name: SectionName, body: string): void {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const current = fs.existsSync(BENCHMARKS_FILE) ? fs.readFileSync(BENCHMARKS_FILE, 'utf8') : '# Benchmarks\n';
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const text = `${start}\n${body}\n${end}`;
  const next =
    from !== -1 && to > from ? `${current.slice(0, from)}${text}${current.slice(to + end.length)}` : `${current.trimEnd()}\n\n${text}\n`;
  fs.writeFileSync(BENCHMARKS_FILE, next);
}

/** What the figures were measured on, for the "Machine" line of every section. */
export function machine(): string {
  const sqlite = new Database(':memory:');
  const version = sqlite.prepare('SELECT sqlite_version()').pluck().get() as string;
  sqlite.close();
  return `${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}, SQLite ${version}, ${os.platform()} ${os.release()}`;
}

export const today = () => new Date().toISOString().slice(0, 10);
