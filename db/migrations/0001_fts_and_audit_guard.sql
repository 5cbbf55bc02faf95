-- Full-text index over claim statements: an external-content FTS5 table kept in step by triggers,
-- so every write path (app, API, seed, import) updates it in the same transaction.
CREATE VIRTUAL TABLE `claims_fts` USING fts5(
	statement,
	content='claims',
	content_rowid='id',
	tokenize='porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `claims_fts_after_insert` AFTER INSERT ON `claims` BEGIN
	INSERT INTO `claims_fts`(rowid, statement) VALUES (new.id, new.statement);
END;
--> statement-breakpoint
CREATE TRIGGER `claims_fts_after_delete` AFTER DELETE ON `claims` BEGIN
	INSERT INTO `claims_fts`(`claims_fts`, rowid, statement) VALUES ('delete', old.id, old.statement);
END;
--> statement-breakpoint
CREATE TRIGGER `claims_fts_after_update` AFTER UPDATE OF `statement` ON `claims` BEGIN
	INSERT INTO `claims_fts`(`claims_fts`, rowid, statement) VALUES ('delete', old.id, old.statement);
	INSERT INTO `claims_fts`(rowid, statement) VALUES (new.id, new.statement);
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
