CREATE TABLE `claim_sentence_vectors` (
	`claim_id` integer PRIMARY KEY NOT NULL,
	`vector` blob NOT NULL,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `factcheck_sentence_vectors` (
	`factcheck_id` integer PRIMARY KEY NOT NULL,
	`vector` blob NOT NULL,
	FOREIGN KEY (`factcheck_id`) REFERENCES `external_factchecks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- hand-written below: a vector read from text that has changed is dropped, so the next indexing
-- run (lib/matching/sentence-index.ts) reads the new text; until then the matcher ranks that row
-- without it.
CREATE TRIGGER `claim_sentence_vectors_stale` AFTER UPDATE OF `statement` ON `claims` WHEN old.statement IS NOT new.statement BEGIN
	DELETE FROM `claim_sentence_vectors` WHERE `claim_id` = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `factcheck_sentence_vectors_stale` AFTER UPDATE OF `title`, `claim_text` ON `external_factchecks` WHEN old.title IS NOT new.title OR old.claim_text IS NOT new.claim_text BEGIN
	DELETE FROM `factcheck_sentence_vectors` WHERE `factcheck_id` = new.id;
END;
