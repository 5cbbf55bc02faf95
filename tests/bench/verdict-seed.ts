import type { Db } from '@/db/open';
import { RATING_LABELS } from '@/db/schema';
import { ratingStep } from '@/lib/review/rating-scale';
import { createRng } from './seed-claims';
import { prepareSnapshotOf } from './verdict-snapshot-sql';

/**
 * Published verdicts for a share of the synthetic claims of seedClaims, so the API's reads have real
 * rows to join: the chosen claims get a publication (one in ten also a correction, one in fifty a
 * retraction instead), their status becomes published (or retracted) and updated_at moves to the
 * latest version. Claims seedClaims marked published or retracted without being chosen go back to
 * ready, so every claim in the public feed's partial index has a verdict, as in a real desk.
 */

export interface VerdictSeedResult {
  publicClaims: number;
  retracted: number;
  verdicts: number;
  seconds: number;
}

const DAY = 86_400_000;

function explanation(statement: string, label: string): string {
  return [
    `The claim that "${statement}" was checked against official records, satellite imagery and three independent reports.`,
    `We rated it ${label}: the figure given does not match the best available counts for the period, and the source it cites does not support the wording used.`,
    'We asked the claimant for comment and include their response where one was given. Sources are linked in the article.',
  ].join(' ');
}

export function seedVerdicts(db: Db, options: { share?: number; seed?: number; batchSize?: number } = {}): VerdictSeedResult {
  const { share = 0.3, seed = 1, batchSize = 5000 } = options;
  const started = performance.now();
  const client = db.$client;
  const rng = createRng(seed + 303);
  const page = client.prepare('SELECT id, statement, claimed_on AS claimedOn, status FROM claims WHERE id > ? ORDER BY id LIMIT ?');
  const insertVerdict = client.prepare(
    'INSERT INTO verdicts (claim_id, version_number, kind, label, headline, explanation, article_url, note, published_at, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const snapshotOf = prepareSnapshotOf(client);
  const publish = client.prepare('UPDATE claims SET status = ?, updated_at = ? WHERE id = ?');
  const unpublish = client.prepare("UPDATE claims SET status = 'ready' WHERE id = ?");

  type ClaimRow = { id: number; statement: string; claimedOn: string; status: string };
  const result: VerdictSeedResult = { publicClaims: 0, retracted: 0, verdicts: 0, seconds: 0 };

  const seedBatch = client.transaction((rows: ClaimRow[]) => {
    for (const row of rows) {
      if (rng() >= share) {
        if (row.status === 'published' || row.status === 'retracted') unpublish.run(row.id);
        continue;
      }
      const label = RATING_LABELS[Math.floor(rng() * RATING_LABELS.length)] ?? 'mixed';
      const name = ratingStep(label).name;
      const articleUrl = rng() < 0.8 ? `https://desk.example/fact-checks/${row.id}` : null;
      // seedClaims creates each claim at noon on its claimed_on date; the verdict follows within two weeks.
      const firstAt = new Date(Date.parse(`${row.claimedOn}T12:00:00.000Z`) + Math.floor((0.1 + rng() * 14) * DAY)).toISOString();
      const headline = `${name}: ${row.statement.slice(0, 80)}`;
      insertVerdict.run(row.id, 1, 'publication', label, headline, explanation(row.statement, name.toLowerCase()), articleUrl, null, firstAt, snapshotOf(row.id));
      result.verdicts += 1;
      result.publicClaims += 1;

      let status = 'published';
      let latestAt = firstAt;
      const roll = rng();
      if (roll < 0.12) {
        latestAt = new Date(Date.parse(firstAt) + Math.floor((1 + rng() * 30) * DAY)).toISOString();
        const retraction = roll < 0.02;
        const nextLabel = retraction ? label : (RATING_LABELS[Math.floor(rng() * RATING_LABELS.length)] ?? 'mixed');
        const nextName = ratingStep(nextLabel).name;
        insertVerdict.run(
          row.id,
          2,
          retraction ? 'retraction' : 'correction',
          nextLabel,
          retraction ? `Withdrawn: ${headline}` : `${nextName}: ${row.statement.slice(0, 80)}`,
          explanation(row.statement, nextName.toLowerCase()),
          articleUrl,
          retraction ? 'We withdrew this fact-check: a source turned out to be unreliable.' : 'Corrected a figure in the second paragraph.',
          latestAt,
          snapshotOf(row.id),
        );
        result.verdicts += 1;
        if (retraction) {
          status = 'retracted';
          result.retracted += 1;
        }
      }
      publish.run(status, latestAt, row.id);
    }
  });

  let afterId = 0;
  for (;;) {
    const rows = page.all(afterId, batchSize) as ClaimRow[];
    const last = rows.at(-1);
    if (!last) break;
    seedBatch(rows);
    afterId = last.id;
  }
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
