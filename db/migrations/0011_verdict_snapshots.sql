ALTER TABLE `verdicts` ADD `snapshot` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
-- hand-written below
-- Versions published before snapshots existed get one built from the rows as they are now (the
-- closest record of what they showed). A retraction shows the evidence of the last substantive
-- version before it. The no-update guard is lifted for this backfill only.
DROP TRIGGER `verdicts_no_update`;
--> statement-breakpoint
UPDATE `verdicts` SET `snapshot` = json_object(
	'claim', (SELECT json_object('statement', c.statement, 'claimedOn', c.claimed_on, 'language', c.language)
		FROM claims c WHERE c.id = verdicts.claim_id),
	'claimant', (SELECT json_object('name', s.name, 'kind', s.kind, 'url', s.url)
		FROM claims c JOIN sources s ON s.id = c.claimant_id WHERE c.id = verdicts.claim_id),
	'appearances', (SELECT json_group_array(json_object(
			'url', a.url, 'title', a.title, 'publishedOn', a.published_on, 'quote', a.quote,
			'publisher', CASE WHEN p.id IS NULL THEN json('null') ELSE json_object('name', p.name, 'kind', p.kind, 'url', p.url) END
		) ORDER BY a.id)
		FROM appearances a LEFT JOIN sources p ON p.id = a.publisher_id WHERE a.claim_id = verdicts.claim_id),
	'evidence', (SELECT json_group_array(json_object(
			'id', e.id, 'url', e.url, 'title', e.title, 'publishedOn', e.published_on, 'stance', e.stance,
			'quoteExact', e.quote_exact, 'quotePrefix', e.quote_prefix, 'quoteSuffix', e.quote_suffix,
			'publisher', CASE WHEN p.id IS NULL THEN json('null') ELSE json_object('name', p.name, 'kind', p.kind, 'url', p.url) END
		) ORDER BY e.id)
		FROM verdict_citations vc JOIN evidence e ON e.id = vc.evidence_id LEFT JOIN sources p ON p.id = e.publisher_id
		WHERE vc.verdict_id = (SELECT sv.id FROM verdicts sv WHERE sv.claim_id = verdicts.claim_id
			AND sv.version_number <= verdicts.version_number AND sv.kind <> 'retraction'
			ORDER BY sv.version_number DESC LIMIT 1))
);
--> statement-breakpoint
CREATE TRIGGER `verdicts_no_update` BEFORE UPDATE ON `verdicts` BEGIN
	SELECT RAISE(ABORT, 'published verdict versions are immutable');
END;
--> statement-breakpoint
-- Every version is published with the snapshot of what it shows; one without it is refused.
CREATE TRIGGER `verdicts_snapshot_required` BEFORE INSERT ON `verdicts`
WHEN CASE WHEN json_valid(NEW.snapshot) THEN json_type(NEW.snapshot, '$.claim') IS NOT 'object' ELSE 1 END
BEGIN
	SELECT RAISE(ABORT, 'a verdict version needs the snapshot of what it shows');
END;
