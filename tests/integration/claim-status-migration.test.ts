import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '@/db/open';

/** Runs one committed migration file's statements, as drizzle's migrator does. */
function apply(db: Database.Database, tag: string): void {
  const text = fs.readFileSync(path.join(MIGRATIONS_FOLDER, `${tag}.sql`), 'utf8');
  for (const statement of text.split('--> statement-breakpoint')) if (statement.trim()) db.exec(statement);
}

describe('migration claim_status_words: "in review" only with an assessment (issue 14)', () => {
  it('moves unrated claims in review or ready back to draft, audited, and leaves the rest alone', () => {
    const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const tags = journal.entries.map((e) => e.tag);
    const at = tags.findIndex((tag) => tag.endsWith('_claim_status_words'));
    expect(at).toBeGreaterThan(0);
    const db = new Database(':memory:');
    for (const tag of tags.slice(0, at)) apply(db, tag);

    db.exec(`
      INSERT INTO users (id, email, name, role, password_hash) VALUES (1, 'r@x.test', 'R', 'reviewer', 'x');
      INSERT INTO sources (id, name, kind) VALUES (1, 'Jane Minister', 'person');
      INSERT INTO claims (id, statement, claimant_id, claimed_on, status, disputed) VALUES
        (1, 'Unrated in review.', 1, '2024-05-01', 'in_review', 1),
        (2, 'Rated in review.', 1, '2024-05-01', 'in_review', 0),
        (3, 'Only a superseded rating.', 1, '2024-05-01', 'ready', 0),
        (4, 'A draft.', 1, '2024-05-01', 'draft', 0),
        (5, 'Published.', 1, '2024-05-01', 'published', 0);
      INSERT INTO assessments (claim_id, reviewer_id, label, confidence, rationale) VALUES (2, 1, 'accurate', 80, 'Yes.');
      INSERT INTO assessments (claim_id, reviewer_id, label, confidence, rationale, superseded_at) VALUES (3, 1, 'accurate', 80, 'Yes.', '2024-06-01T00:00:00.000Z');
    `);
    apply(db, tags[at]!);

    const statuses = db.prepare('SELECT id, status FROM claims ORDER BY id').all();
    expect(statuses).toEqual([
      { id: 1, status: 'draft' },
      { id: 2, status: 'in_review' },
      { id: 3, status: 'draft' },
      { id: 4, status: 'draft' },
      { id: 5, status: 'published' },
    ]);
    const events = db.prepare("SELECT claim_id AS claimId, before, after FROM audit_events WHERE action = 'claim.review_state' ORDER BY claim_id").all() as {
      claimId: number;
      before: string;
      after: string;
    }[];
    expect(events.map((e) => ({ claimId: e.claimId, before: JSON.parse(e.before) as unknown, after: JSON.parse(e.after) as unknown }))).toEqual([
      { claimId: 1, before: { status: 'in_review', disputed: true }, after: { status: 'draft', disputed: true } },
      { claimId: 3, before: { status: 'ready', disputed: false }, after: { status: 'draft', disputed: false } },
    ]);
  });
});
