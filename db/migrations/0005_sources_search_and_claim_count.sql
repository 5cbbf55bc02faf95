-- The sources list (SPEC section 5) at 100,000 sources: a word search over source names, and each
-- source's claim count without counting its claims on every page.
--
-- Full-text index over source names, external content kept in step by triggers (as claims_fts in
-- 0001), so every write path updates it in the same transaction. No stemmer: these are names.
CREATE VIRTUAL TABLE `sources_fts` USING fts5(
	name,
	content='sources',
	content_rowid='id',
	tokenize='unicode61 remove_diacritics 2',
	prefix='2 3'
);
--> statement-breakpoint
INSERT INTO `sources_fts`(`sources_fts`) VALUES ('rebuild');
--> statement-breakpoint
CREATE TRIGGER `sources_fts_after_insert` AFTER INSERT ON `sources` BEGIN
	INSERT INTO `sources_fts`(rowid, name) VALUES (new.id, new.name);
END;
--> statement-breakpoint
CREATE TRIGGER `sources_fts_after_delete` AFTER DELETE ON `sources` BEGIN
	INSERT INTO `sources_fts`(`sources_fts`, rowid, name) VALUES ('delete', old.id, old.name);
END;
--> statement-breakpoint
CREATE TRIGGER `sources_fts_after_rename` AFTER UPDATE OF `name` ON `sources` BEGIN
	INSERT INTO `sources_fts`(`sources_fts`, rowid, name) VALUES ('delete', old.id, old.name);
	INSERT INTO `sources_fts`(rowid, name) VALUES (new.id, new.name);
END;
--> statement-breakpoint
-- sources.claim_count follows every insert, delete and change of claimant of a claim. Only that
-- column is set, so neither the source's version nor its search index is touched.
UPDATE `sources` SET `claim_count` = (SELECT count(*) FROM `claims` WHERE `claims`.`claimant_id` = `sources`.`id`);
--> statement-breakpoint
CREATE TRIGGER `sources_claim_count_after_insert` AFTER INSERT ON `claims` BEGIN
	UPDATE `sources` SET `claim_count` = `claim_count` + 1 WHERE `id` = new.claimant_id;
END;
--> statement-breakpoint
CREATE TRIGGER `sources_claim_count_after_delete` AFTER DELETE ON `claims` BEGIN
	UPDATE `sources` SET `claim_count` = `claim_count` - 1 WHERE `id` = old.claimant_id;
END;
--> statement-breakpoint
CREATE TRIGGER `sources_claim_count_after_reassign` AFTER UPDATE OF `claimant_id` ON `claims`
	WHEN old.claimant_id IS NOT new.claimant_id BEGIN
	UPDATE `sources` SET `claim_count` = `claim_count` - 1 WHERE `id` = old.claimant_id;
	UPDATE `sources` SET `claim_count` = `claim_count` + 1 WHERE `id` = new.claimant_id;
END;
