-- hand-written below
-- Full-text index over external fact-checks (the claim as reviewed, the review's title, the
-- claimant), for lib/matching's "checked before?". External content kept in step by triggers, so
-- the importer, a re-import that updates a row and any later delete update it in their own
-- transaction. Same tokenizer as claims_fts, so one query's words stem alike in both indexes.
CREATE VIRTUAL TABLE `factchecks_fts` USING fts5(
	claim_text,
	title,
	claimant,
	content='external_factchecks',
	content_rowid='id',
	tokenize='porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `factchecks_fts_after_insert` AFTER INSERT ON `external_factchecks` BEGIN
	INSERT INTO `factchecks_fts`(rowid, claim_text, title, claimant) VALUES (new.id, new.claim_text, new.title, new.claimant);
END;
--> statement-breakpoint
CREATE TRIGGER `factchecks_fts_after_delete` AFTER DELETE ON `external_factchecks` BEGIN
	INSERT INTO `factchecks_fts`(`factchecks_fts`, rowid, claim_text, title, claimant) VALUES ('delete', old.id, old.claim_text, old.title, old.claimant);
END;
--> statement-breakpoint
CREATE TRIGGER `factchecks_fts_after_update` AFTER UPDATE OF `claim_text`, `title`, `claimant` ON `external_factchecks` BEGIN
	INSERT INTO `factchecks_fts`(`factchecks_fts`, rowid, claim_text, title, claimant) VALUES ('delete', old.id, old.claim_text, old.title, old.claimant);
	INSERT INTO `factchecks_fts`(rowid, claim_text, title, claimant) VALUES (new.id, new.claim_text, new.title, new.claimant);
END;
--> statement-breakpoint
-- How many documents hold each (stemmed) term, read by the re-ranker for its IDF weights. fts5vocab
-- tables store nothing; they read the indexes above.
CREATE VIRTUAL TABLE `factchecks_fts_vocab` USING fts5vocab(`factchecks_fts`, 'row');
--> statement-breakpoint
CREATE VIRTUAL TABLE `claims_fts_vocab` USING fts5vocab(`claims_fts`, 'row');
--> statement-breakpoint
-- Fact-checks already present (none on a fresh database; a database that imported before this
-- migration) enter the index.
INSERT INTO `factchecks_fts`(`factchecks_fts`) VALUES ('rebuild');
