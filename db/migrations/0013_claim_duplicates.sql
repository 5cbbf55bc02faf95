CREATE TABLE `duplicate_moves` (
	`duplicate_claim_id` integer NOT NULL,
	`kept_claim_id` integer NOT NULL,
	`row_kind` text NOT NULL,
	`row_id` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`row_kind`, `row_id`),
	FOREIGN KEY (`duplicate_claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`kept_claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "duplicate_moves_kind" CHECK("duplicate_moves"."row_kind" IN ('appearance', 'evidence'))
);
--> statement-breakpoint
CREATE INDEX `duplicate_moves_duplicate_idx` ON `duplicate_moves` (`duplicate_claim_id`);--> statement-breakpoint
ALTER TABLE `claims` ADD `duplicate_of` integer REFERENCES claims(id);--> statement-breakpoint
CREATE INDEX `claims_duplicate_of_idx` ON `claims` (`duplicate_of`) WHERE duplicate_of IS NOT NULL;--> statement-breakpoint
-- hand-written below
-- A claim is never a duplicate of itself, whatever writes the row (the domain refuses it first).
CREATE TRIGGER `claims_duplicate_not_self` BEFORE UPDATE OF `duplicate_of` ON `claims`
WHEN NEW.`duplicate_of` = NEW.`id`
BEGIN
  SELECT RAISE(ABORT, 'a claim cannot be a duplicate of itself');
END;
