import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countExportRows } from '@/db/queries/export';
import type { Db } from '@/db/open';
import { exportFilter, exportStream } from '@/lib/export/stream';
import type { Actor } from '@/lib/auth/permissions';
import { ExportQuery } from '@/lib/validation/export';
import { seedExportVerdicts } from '../bench/export';
import { seedClaims } from '../bench/seed-claims';
import { createTestDb } from '../helpers/test-db';

const CLAIMS = 200_000;
const HEAP_BOUND_MB = 50;
const MB = 1024 * 1024;
const editor: Actor = { kind: 'user', id: 1, role: 'editor', name: 'Editor', email: 'editor@example.org' };

/** A real collector, so the baseline and the end are measured after garbage is gone. */
function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

let db: Db;
let cleanup: () => void;

beforeAll(() => {
  ({ db, cleanup } = createTestDb());
  // Seeding speed only: the full-text index plays no part in exports, and keeping it up to date
  // is most of the cost of inserting 200,000 claims. The export reads the tables as migrated.
  db.$client.exec('DROP TRIGGER claims_fts_after_insert');
  seedClaims(db, { count: CLAIMS });
  seedExportVerdicts(db);
}, 120_000);
afterAll(() => cleanup());

describe('streaming a large export', () => {
  it.each(['csv', 'claimreview'] as const)(
    '%s: memory stays flat while every row is written',
    async (format) => {
      const gc = collector();
      const query = ExportQuery.parse({ format });
      const rows = countExportRows(db, exportFilter(query));
      gc();
      const base = process.memoryUsage().heapUsed;
      // Live memory, not garbage: V8 lets dead batches pile up until a major collection, so the
      // heap is measured after a collection every few batches, while the stream is half-read.
      let peakLive = base;
      let chunks = 0;
      let bytes = 0;
      let newlines = 0;
      const reader = exportStream(db, editor, query, { publicUrl: 'https://desk.example', org: { name: 'Desk', url: 'https://desk.example' } }).stream.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
        for (const byte of value) if (byte === 0x0a) newlines += 1;
        chunks += 1;
        if (chunks % 20 === 0) {
          gc();
          peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
        }
      }
      gc();
      const retainedMb = (process.memoryUsage().heapUsed - base) / MB;
      const peakMb = (peakLive - base) / MB;

      // Each row ends a line (CSV: CRLF after the header and each row; the feed: one item a line).
      expect(newlines).toBe(format === 'csv' ? rows + 1 : rows + 2);
      expect(rows).toBeGreaterThan(format === 'csv' ? CLAIMS - 1 : CLAIMS / 3);
      // The file is far larger than the bound, so holding it (or its rows) would break the bound.
      expect(bytes / MB).toBeGreaterThan(HEAP_BOUND_MB);
      expect(peakMb).toBeLessThan(HEAP_BOUND_MB);
      expect(retainedMb).toBeLessThan(5);
    },
    60_000,
  );
});
