ALTER TABLE `sources` ADD `claim_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `sources_kind_name_idx` ON `sources` (`kind`,`name`);--> statement-breakpoint
CREATE INDEX `evidence_publisher_idx` ON `evidence` (`publisher_id`);