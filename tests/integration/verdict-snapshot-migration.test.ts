import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '@/db/open';
import { parseVerdictSnapshot } from '@/db/verdict-snapshot';

/** Runs one committed migration file's statements, as drizzle's migrator does. */
function apply(db: Database.Database, tag: string): void {
  const text = fs.readFileSync(path.join(MIGRATIONS_FOLDER, `${tag}.sql`), 'utf8');
  for (const statement of text.split('--> statement-breakpoint')) if (statement.trim()) db.exec(statement);
}

describe('migration verdict_snapshots: snapshots for verdicts published before it', () => {
  it('builds each version’s snapshot from the rows, keeps a retraction’s evidence and keeps versions immutable', () => {
    const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const tags = journal.entries.map((e) => e.tag);
    const at = tags.findIndex((tag) => tag.endsWith('_verdict_snapshots'));
    expect(at).toBeGreaterThan(0);
    const db = new Database(':memory:');
    for (const tag of tags.slice(0, at)) apply(db, tag);

    db.exec(`
      INSERT INTO users (id, email, name, role, password_hash) VALUES (1, 'e@x.test', 'E', 'editor', 'x');
      INSERT INTO sources (id, name, kind, url) VALUES (1, 'Jane Minister', 'person', 'https://jane.example'), (2, 'Daily', 'media', NULL);
      INSERT INTO claims (id, statement, claimant_id, claimed_on, status) VALUES (1, 'Taxes fell.', 1, '2024-05-01', 'retracted');
      INSERT INTO appearances (id, claim_id, url, title, publisher_id, published_on, quote) VALUES
        (1, 1, 'https://daily.example/a', 'Taxes', 2, '2024-05-02', 'Taxes fell.'), (2, 1, 'https://other.example/b', 'Again', NULL, NULL, '');
      INSERT INTO evidence (id, claim_id, url, title, publisher_id, stance, quote_exact, added_by) VALUES
        (1, 1, 'https://stats.example/t', 'Tax table', NULL, 'refutes', 'Taxes rose 2%', 1), (2, 1, 'https://x.example', 'Not cited', NULL, 'supports', '', 1);
      INSERT INTO verdicts (id, claim_id, version_number, kind, label, headline, explanation) VALUES (1, 1, 1, 'publication', 'inaccurate', 'No', 'Rose.');
      INSERT INTO verdict_citations (verdict_id, evidence_id) VALUES (1, 1);
      INSERT INTO verdicts (id, claim_id, version_number, kind, label, headline, explanation, note) VALUES (2, 1, 2, 'retraction', 'inaccurate', 'No', 'Rose.', 'Withdrawn.');
    `);
    apply(db, tags[at]!);

    const stored = db.prepare('SELECT snapshot FROM verdicts ORDER BY version_number').pluck().all() as string[];
    const [v1, v2] = stored.map(parseVerdictSnapshot);
    expect(v1).toEqual({
      claim: { statement: 'Taxes fell.', claimedOn: '2024-05-01', language: 'en' },
      claimant: { name: 'Jane Minister', kind: 'person', url: 'https://jane.example' },
      appearances: [
        { url: 'https://daily.example/a', title: 'Taxes', publishedOn: '2024-05-02', quote: 'Taxes fell.', publisher: { name: 'Daily', kind: 'media', url: null } },
        { url: 'https://other.example/b', title: 'Again', publishedOn: null, quote: '', publisher: null },
      ],
      evidence: [
        {
          id: 1,
          url: 'https://stats.example/t',
          title: 'Tax table',
          publishedOn: null,
          stance: 'refutes',
          quoteExact: 'Taxes rose 2%',
          quotePrefix: '',
          quoteSuffix: '',
          publisher: null,
        },
      ],
    });
    expect(v2).toEqual(v1);

    expect(() => db.prepare("UPDATE verdicts SET snapshot = '{}' WHERE id = 1").run()).toThrow(/immutable/);
    expect(() =>
      db.prepare("INSERT INTO verdicts (claim_id, version_number, kind, label, headline, explanation) VALUES (1, 3, 'correction', 'mixed', 'H', 'E')").run(),
    ).toThrow(/snapshot/);
    db.close();
  });
});
