import type Database from 'better-sqlite3';

/**
 * The snapshot a verdict version must carry (db/verdict-snapshot.ts), built in SQL from a claim's
 * rows as they stand, for the bulk data sets that insert verdicts directly: the claim, its claimant
 * and its appearances. The bulk sets cite no evidence in the snapshot (their pages and feeds never
 * show it); the app's publishing path always snapshots what a version cites.
 */
export function prepareSnapshotOf(client: Database.Database): (claimId: number) => string {
  const statement = client
    .prepare(
      `SELECT json_object(
         'claim', json_object('statement', c.statement, 'claimedOn', c.claimed_on, 'language', c.language),
         'claimant', json_object('name', s.name, 'kind', s.kind, 'url', s.url),
         'appearances', (SELECT json_group_array(json_object(
             'url', a.url, 'title', a.title, 'publishedOn', a.published_on, 'quote', a.quote,
             'publisher', CASE WHEN p.id IS NULL THEN json('null') ELSE json_object('name', p.name, 'kind', p.kind, 'url', p.url) END
           ) ORDER BY a.id)
           FROM appearances a LEFT JOIN sources p ON p.id = a.publisher_id WHERE a.claim_id = c.id),
         'evidence', json('[]'))
       FROM claims c JOIN sources s ON s.id = c.claimant_id WHERE c.id = ?`,
    )
    .pluck();
  return (claimId) => statement.get(claimId) as string;
}
