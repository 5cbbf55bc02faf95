-- Full-text index over claim statements and their claimants' names, so "Pentagon" finds the
-- Pentagon's claims. External content (a view) kept in step by triggers, so every write path (app,
-- API, seed, import) updates it in the same transaction. The 'delete' rows must repeat exactly
-- what was indexed, hence the old claimant name in the update triggers.
CREATE VIEW `claims_search` AS
	SELECT `claims`.`id` AS `id`, `claims`.`statement` AS `statement`, `sources`.`name` AS `claimant`
	FROM `claims` JOIN `sources` ON `sources`.`id` = `claims`.`claimant_id`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `claims_fts` USING fts5(
	statement,
	claimant,
	content='claims_search',
	content_rowid='id',
	tokenize='porter unicode61 remove_diacritics 2',
	prefix='3 4 5'
);
--> statement-breakpoint
CREATE TRIGGER `claims_fts_after_insert` AFTER INSERT ON `claims` BEGIN
	INSERT INTO `claims_fts`(rowid, statement, claimant)
		SELECT new.id, new.statement, `name` FROM `sources` WHERE `id` = new.claimant_id;
END;
--> statement-breakpoint
CREATE TRIGGER `claims_fts_after_delete` AFTER DELETE ON `claims` BEGIN
	INSERT INTO `claims_fts`(`claims_fts`, rowid, statement, claimant)
		SELECT 'delete', old.id, old.statement, `name` FROM `sources` WHERE `id` = old.claimant_id;
END;
--> statement-breakpoint
CREATE TRIGGER `claims_fts_after_update` AFTER UPDATE OF `statement`, `claimant_id` ON `claims` BEGIN
	INSERT INTO `claims_fts`(`claims_fts`, rowid, statement, claimant)
		SELECT 'delete', old.id, old.statement, `name` FROM `sources` WHERE `id` = old.claimant_id;
	INSERT INTO `claims_fts`(rowid, statement, claimant)
		SELECT new.id, new.statement, `name` FROM `sources` WHERE `id` = new.claimant_id;
END;
--> statement-breakpoint
CREATE TRIGGER `claims_fts_after_source_rename` AFTER UPDATE OF `name` ON `sources` BEGIN
	INSERT INTO `claims_fts`(`claims_fts`, rowid, statement, claimant)
		SELECT 'delete', `id`, `statement`, old.name FROM `claims` WHERE `claimant_id` = old.id;
	INSERT INTO `claims_fts`(rowid, statement, claimant)
		SELECT `id`, `statement`, new.name FROM `claims` WHERE `claimant_id` = new.id;
END;
--> statement-breakpoint
-- History is append-only: nothing may rewrite or remove an audit event.
CREATE TRIGGER `audit_events_no_update` BEFORE UPDATE ON `audit_events` BEGIN
	SELECT RAISE(ABORT, 'audit_events is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_events_no_delete` BEFORE DELETE ON `audit_events` BEGIN
	SELECT RAISE(ABORT, 'audit_events is append-only');
END;
--> statement-breakpoint
-- A published verdict version is never edited; a correction is the next version.
CREATE TRIGGER `verdicts_no_update` BEFORE UPDATE ON `verdicts` BEGIN
	SELECT RAISE(ABORT, 'published verdict versions are immutable');
END;
--> statement-breakpoint
CREATE TRIGGER `verdicts_no_delete` BEFORE DELETE ON `verdicts` BEGIN
	SELECT RAISE(ABORT, 'published verdict versions are immutable');
END;
