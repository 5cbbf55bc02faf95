ALTER TABLE `disagreements` ADD `trigger_key` text;--> statement-breakpoint
CREATE INDEX `disagreements_trigger_idx` ON `disagreements` (`claim_id`,`trigger_key`);--> statement-breakpoint
ALTER TABLE `verdict_drafts` ADD `cited_evidence_ids` text DEFAULT '[]' NOT NULL;