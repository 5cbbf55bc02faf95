import { asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { countExportRows } from '@/db/queries/export';
import { listVerdictVersions } from '@/db/queries/verdicts';
import type { Db } from '@/db/open';
import { appearances, claims, sources, type ClaimStatus } from '@/db/schema';
import { seedDemo } from '@/lib/demo/seed';
import { AppError } from '@/lib/errors';
import { loadExportPage } from '@/lib/export/export-page';
import { exportPreview, PREVIEW_ROWS } from '@/lib/export/preview';
import { EXPORT_COLUMNS, ExportRecordSchema, type ExportRecord } from '@/lib/export/records';
import { exportFilter, exportStream } from '@/lib/export/stream';
import type { Actor } from '@/lib/auth/permissions';
import { ratingStep } from '@/lib/review/rating-scale';
import { ExportQuery } from '@/lib/validation/export';
import { serializeVerdictSnapshot, takeVerdictSnapshot } from '@/lib/verdicts/snapshot';
import { demoActors } from '../helpers/actors';
import { createTestDb } from '../helpers/test-db';

const PUBLIC_URL = 'https://desk.example';
const ORG = { name: 'Test Desk', url: 'https://desk.example/about' };
const OLD = '2001-01-01T00:00:00.000Z';
const TRICKY = [
  'He said "no", then\r\nleft',
  '=HYPERLINK("http://evil.example","click")',
  '+1 555 0100 is the number',
  '-5% inflation, officials said',
  '@SUM(A1:A9) troops',
  '\tTabbed claim',
  'Київ, 東京 and 😀 in one line',
  'Two\nlines and a bare\rreturn',
];

let db: Db;
let cleanup: () => void;
let editor: Actor;
let reviewer: Actor;
let trickyClaimantId: number;

/** Synthetic claims with awkward text, old update times and every kind of verdict history. */
function addSyntheticRows(): void {
  const client = db.$client;
  trickyClaimantId = Number(
    client.prepare("INSERT INTO sources (name, kind) VALUES ('Tricky, \"Quoted\" Source', 'organisation')").run().lastInsertRowid,
  );
  const insertClaim = client.prepare(
    'INSERT INTO claims (statement, claimant_id, claimed_on, status, disputed, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertVerdict = client.prepare(
    "INSERT INTO verdicts (claim_id, version_number, kind, label, headline, explanation, note, article_url, published_at, snapshot) VALUES (?, ?, ?, ?, ?, 'Because, \"mostly\",\nso.', ?, ?, ?, ?)",
  );
  const snapshotOf = (claimId: number) => serializeVerdictSnapshot(takeVerdictSnapshot(db, claimId, []));
  const statuses: ClaimStatus[] = ['draft', 'in_review', 'published', 'published', 'retracted', 'ready', 'published', 'draft'];
  TRICKY.forEach((statement, i) => {
    const status = statuses[i] ?? 'draft';
    const id = Number(insertClaim.run(statement, trickyClaimantId, '2024-03-0' + (i + 1), status, i % 3 === 0 ? 1 : 0, i < 4 ? OLD : new Date().toISOString()).lastInsertRowid);
    client.prepare('INSERT INTO appearances (claim_id, url, title) VALUES (?, ?, ?)').run(id, `https://news.example/${id}`, `Seen ${id}`);
    if (status === 'draft' || status === 'in_review' || status === 'ready') return;
    insertVerdict.run(id, 1, 'publication', 'mostly_inaccurate', `=Headline, "quoted"\n${id}`, null, null, '2024-04-01T10:00:00.000Z', snapshotOf(id));
    if (status === 'retracted') insertVerdict.run(id, 2, 'retraction', 'mostly_inaccurate', 'Withdrawn', 'Withdrawn: the source retracted it.', null, '2024-04-02T10:00:00.000Z', snapshotOf(id));
    else if (i === 3) insertVerdict.run(id, 2, 'correction', 'unverifiable', 'Corrected', 'The rating was corrected, "see below".', 'https://desk.example/a', '2024-04-03T10:00:00.000Z', snapshotOf(id));
  });
}

beforeAll(async () => {
  ({ db, cleanup } = createTestDb());
  await seedDemo(db);
  addSyntheticRows();
  ({ editor, reviewer1: reviewer } = demoActors(db));
});
afterAll(() => cleanup());

/** What each claim should export as, built claim by claim from the tables (independent of the export query). */
function expectedRecords(where: (c: typeof claims.$inferSelect) => boolean): ExportRecord[] {
  return db
    .select()
    .from(claims)
    .orderBy(asc(claims.id))
    .all()
    .filter(where)
    .map((c) => {
      const versions = listVerdictVersions(db, c.id);
      const first = versions[0];
      const latest = versions.at(-1);
      const claimant = db.select({ name: sources.name }).from(sources).where(eq(sources.id, c.claimantId)).get();
      const appearance = db.select({ url: appearances.url }).from(appearances).where(eq(appearances.claimId, c.id)).orderBy(asc(appearances.id)).get();
      return {
        id: c.id,
        statement: c.statement,
        claimant: claimant?.name ?? '',
        claimed_on: c.claimedOn,
        status: c.status,
        disputed: c.disputed,
        verdict_label: latest?.label ?? null,
        rating_value: latest ? ratingStep(latest.label).value : null,
        headline: latest?.headline ?? null,
        explanation: latest?.explanation ?? null,
        correction_note: latest?.note ?? null,
        verdict_version: latest?.versionNumber ?? null,
        verdict_kind: latest?.kind ?? null,
        published: first?.publishedAt ?? null,
        published_date: first ? first.publishedAt.slice(0, 10) : null,
        modified: latest && latest.versionNumber > 1 ? latest.publishedAt : null,
        modified_date: latest && latest.versionNumber > 1 ? latest.publishedAt.slice(0, 10) : null,
        article_url: latest ? (latest.articleUrl ?? c.articleUrl) : null,
        first_appearance_url: appearance?.url ?? null,
        public_url: latest ? `${PUBLIC_URL}/verdicts/${c.id}` : null,
        updated_at: c.updatedAt,
        updated_date: c.updatedAt.slice(0, 10),
        duplicate_of: c.duplicateOf,
      };
    });
}

async function exportText(params: Record<string, string>, actor: Actor = editor, batchSize?: number): Promise<string> {
  const query = ExportQuery.parse(params);
  const { stream } = exportStream(db, actor, query, { publicUrl: PUBLIC_URL, org: ORG, batchSize });
  // Response.text() would drop the byte-order mark; keep it so the test can see it.
  return new TextDecoder('utf-8', { ignoreBOM: true, fatal: true }).decode(await new Response(stream).arrayBuffer());
}

/** A strict RFC 4180 reader: CRLF between records, quotes only around whole fields, "" for a quote. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text.startsWith('""', i)) {
          field += '"';
          i += 2;
        } else if (text[i] === '"') break;
        else field += text[i++];
      }
      i += 1;
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`stray quote at ${i}`);
        field += text[i++];
      }
    }
    record.push(field);
    if (text[i] === ',') i += 1;
    else if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
    } else throw new Error(`expected , or CRLF at ${i}, found ${JSON.stringify(text[i])}`);
  }
  if (record.length > 0) throw new Error('last record lacks its CRLF');
  return records;
}

/** A record as the CSV writes it: text cells that could start a formula carry a leading apostrophe. */
function asCsvCells(record: ExportRecord): string[] {
  return Object.values(record).map((value) => {
    if (value === null) return '';
    if (typeof value !== 'string') return String(value);
    return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  });
}

describe('CSV export', () => {
  it('starts with a BOM and a header, and parses back to one record per claim', async () => {
    const text = await exportText({ format: 'csv' });
    expect([...new TextEncoder().encode(text.slice(0, 1))]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(text.slice(1));
    const expected = expectedRecords(() => true);
    expect(header).toEqual(Object.keys(expected[0]!));
    expect(rows).toEqual(expected.map(asCsvCells));
    expect(rows.length).toBe(countExportRows(db, exportFilter({ format: 'csv' })));
    // The awkward statements survive: quotes, commas, CRLF, LF, a bare CR and unicode.
    const statements = rows.map((r) => r[1]);
    expect(statements).toContain('He said "no", then\r\nleft');
    expect(statements).toContain('Two\nlines and a bare\rreturn');
    expect(statements).toContain('Київ, 東京 and 😀 in one line');
    expect(statements).toContain(`'=HYPERLINK("http://evil.example","click")`);
  });

  it('writes the same bytes whatever the batch size', async () => {
    const whole = await exportText({ format: 'csv' });
    expect(await exportText({ format: 'csv' }, editor, 3)).toBe(whole);
    expect(await exportText({ format: 'csv' }, editor, 1)).toBe(whole);
  });
});

describe('JSON Lines export', () => {
  it('writes one JSON object per line, typed, equal to the claims', async () => {
    const text = await exportText({ format: 'jsonl' }, editor, 4);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    const records = lines.map((line) => JSON.parse(line) as ExportRecord);
    expect(records).toEqual(expectedRecords(() => true));
    const corrected = records.find((r) => r.statement.startsWith('-5%'));
    expect(corrected).toMatchObject({ verdict_version: 2, verdict_label: 'unverifiable', rating_value: null, disputed: true });
    expect(corrected?.modified).toBe('2024-04-03T10:00:00.000Z');
    // The verdict's own words travel with it, and each timestamp has a date a spreadsheet reads as one.
    expect(corrected?.modified_date).toBe('2024-04-03');
    expect(corrected?.correction_note).toEqual(expect.any(String));
    expect(corrected?.correction_note).not.toBe('');
    expect(corrected?.explanation).toEqual(expect.any(String));
    expect(corrected?.explanation).not.toBe('');
    for (const record of records) expect(ExportRecordSchema.safeParse(record).success, `record ${record.id}`).toBe(true);
  });
});

describe('ClaimReview feed', () => {
  it('is one JSON-LD document with a ClaimReview per live published verdict', async () => {
    const doc = JSON.parse(await exportText({ format: 'claimreview' }, editor, 2)) as { '@context': string; '@graph': Record<string, unknown>[] };
    expect(doc['@context']).toBe('https://schema.org');
    const live = expectedRecords((c) => c.status === 'published').filter((r) => r.verdict_kind !== null && r.verdict_kind !== 'retraction');
    expect(live.length).toBeGreaterThanOrEqual(5);
    expect(doc['@graph'].map((item) => item.claimReviewed)).toEqual(live.map((r) => r.statement));
    expect(doc['@graph'].length).toBe(countExportRows(db, exportFilter({ format: 'claimreview' })));
    for (const item of doc['@graph']) {
      expect(item['@type']).toBe('ClaimReview');
      expect(item['@context']).toBeUndefined();
      expect(item.author).toMatchObject({ '@type': 'Organization', name: ORG.name });
    }
    expect(JSON.stringify(doc)).not.toContain('Withdrawn');
  });

  it('is a valid, empty document when nothing matches', async () => {
    const filters: Record<string, string>[] = [{ status: 'draft' }, { updatedSince: '2999-01-01' }];
    for (const params of filters) {
      const doc = JSON.parse(await exportText({ format: 'claimreview', ...params })) as { '@graph': unknown[] };
      expect(doc['@graph']).toEqual([]);
      expect(countExportRows(db, exportFilter(ExportQuery.parse({ format: 'claimreview', ...params })))).toBe(0);
    }
  });
});

describe('filters', () => {
  const cases: { name: string; params: Record<string, string>; where: (c: typeof claims.$inferSelect) => boolean }[] = [
    { name: 'status', params: { status: 'published' }, where: (c) => c.status === 'published' },
    { name: 'status with no claims', params: { status: 'retracted' }, where: (c) => c.status === 'retracted' },
    { name: 'updated since a date', params: { updatedSince: '2001-06-01' }, where: (c) => c.updatedAt >= '2001-06-01T00:00:00.000Z' },
    { name: 'updated since an instant with an offset', params: { updatedSince: '2001-01-01T02:00:00+02:00' }, where: (c) => c.updatedAt >= OLD },
    { name: 'claimant', params: { claimant: 'CLAIMANT' }, where: (c) => c.claimantId === trickyClaimantId },
    { name: 'all three', params: { claimant: 'CLAIMANT', status: 'draft', updatedSince: '2001-06-01' }, where: (c) => c.claimantId === trickyClaimantId && c.status === 'draft' && c.updatedAt > OLD },
  ];

  it.each(cases)('$name: the export holds the matching claims, as many as countExportRows says', async ({ params, where }) => {
    const resolved = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v === 'CLAIMANT' ? String(trickyClaimantId) : v]));
    const expected = expectedRecords(where);
    const text = await exportText({ format: 'jsonl', ...resolved }, editor, 2);
    const records = text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as ExportRecord);
    expect(records).toEqual(expected);
    const [, ...csvRows] = parseCsv((await exportText({ format: 'csv', ...resolved })).slice(1));
    expect(csvRows.length).toBe(expected.length);
    expect(countExportRows(db, exportFilter(ExportQuery.parse({ format: 'csv', ...resolved })))).toBe(expected.length);
  });

  it('has old claims for the updated-since filters to leave out', () => {
    const old = db.select({ id: claims.id }).from(claims).where(inArray(claims.updatedAt, [OLD])).all();
    expect(old.length).toBe(4);
  });
});

describe('who may export', () => {
  it('refuses a reviewer, nobody and a key without the scope before reading a row', () => {
    // A closed database: any read would fail with a different error, so these prove none is made.
    const closed = createTestDb();
    closed.cleanup();
    const refused = (actor: Actor | null) => () => exportStream(closed.db, actor, ExportQuery.parse({ format: 'csv' }));
    expect(refused(reviewer)).toThrow(expect.objectContaining({ code: 'forbidden' }) as AppError);
    expect(refused(null)).toThrow(expect.objectContaining({ code: 'unauthorized' }) as AppError);
    expect(refused({ kind: 'api_key', id: 1, scopes: ['verdicts:read'], name: 'k' })).toThrow(AppError);
  });

  it('lets an API key with export:read export', async () => {
    const key: Actor = { kind: 'api_key', id: 1, scopes: ['export:read'], name: 'cms' };
    const text = await exportText({ format: 'jsonl' }, key);
    expect(text.split('\n').filter(Boolean).length).toBe(countExportRows(db, {}));
  });

  it('names the file and the content type by format', () => {
    const now = new Date('2025-02-03T12:00:00Z');
    const made = (format: string) => exportStream(db, editor, ExportQuery.parse({ format }), { now, publicUrl: PUBLIC_URL, org: ORG });
    expect(made('csv')).toMatchObject({ contentType: 'text/csv; charset=utf-8', filename: 'claimbench-export-20250203.csv' });
    expect(made('jsonl')).toMatchObject({ contentType: 'application/x-ndjson', filename: 'claimbench-export-20250203.jsonl' });
    expect(made('claimreview')).toMatchObject({ contentType: 'application/ld+json', filename: 'claimbench-export-20250203.jsonld' });
  });
});

describe('a failure part-way', () => {
  it('is logged and ends the stream with an error, not a clean close', async () => {
    const broken = createTestDb();
    await seedDemo(broken.db);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const { stream } = exportStream(broken.db, editor, ExportQuery.parse({ format: 'csv' }), { batchSize: 2, publicUrl: PUBLIC_URL, org: ORG });
      const reader = stream.getReader();
      const first = await reader.read();
      expect(first.done).toBe(false);
      broken.db.$client.close();
      await expect(async () => {
        for (;;) if ((await reader.read()).done) break;
      }).rejects.toThrow(/database connection is not open/);
      expect(logged).toHaveBeenCalledWith(expect.stringContaining('failed part-way'), expect.any(Error));
    } finally {
      logged.mockRestore();
      broken.cleanup();
    }
  });
});

describe('the export page preview', () => {
  it('is the start of the file exactly as the download writes it, for every format', async () => {
    for (const format of ['csv', 'jsonl', 'claimreview'] as const) {
      const whole = await exportText({ format });
      const preview = exportPreview(db, editor, ExportQuery.parse({ format }), { publicUrl: PUBLIC_URL, org: ORG });
      const file = whole.replace(/^\uFEFF/, '');
      expect(preview.truncated, format).toBe(true);
      const shown = format === 'claimreview' ? preview.text.replace(/\n…$/, '') : preview.text;
      expect(file.startsWith(shown), format).toBe(true);
      const lines = format === 'jsonl' ? shown.split('\n').filter(Boolean) : [];
      if (format === 'jsonl') expect(lines).toHaveLength(PREVIEW_ROWS);
      if (format === 'csv') expect(parseCsv(shown)).toHaveLength(PREVIEW_ROWS + 1);
    }
  });

  it('loads every format for the page, with its count, so the card can follow the chosen format', () => {
    const page = loadExportPage(db, editor, { format: 'jsonl', status: 'published' });
    expect(page.query.format).toBe('jsonl');
    expect(page.formats?.jsonl.count).toBe(countExportRows(db, exportFilter({ format: 'jsonl', status: 'published' })));
    expect(page.formats?.claimreview.count).toBe(countExportRows(db, exportFilter({ format: 'claimreview', status: 'published' })));
    expect(page.formats?.csv.preview.text.split('\r\n')[0]).toBe(EXPORT_COLUMNS.join(','));
    expect(page.count).toBe(page.formats?.jsonl.count);
    expect(() => loadExportPage(db, reviewer, {})).toThrow(AppError);
  });
});
