CREATE TABLE `claim_factcheck_links` (
	`claim_id` integer NOT NULL,
	`factcheck_id` integer NOT NULL,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`claim_id`, `factcheck_id`),
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`factcheck_id`) REFERENCES `external_factchecks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "claim_factcheck_links_ids" CHECK("claim_factcheck_links"."claim_id" > 0 AND "claim_factcheck_links"."factcheck_id" > 0)
);
--> statement-breakpoint
CREATE INDEX `claim_factcheck_links_factcheck_idx` ON `claim_factcheck_links` (`factcheck_id`);--> statement-breakpoint
CREATE TABLE `external_factchecks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`url_key` text NOT NULL,
	`url` text NOT NULL,
	`publisher_name` text DEFAULT '' NOT NULL,
	`publisher_site` text DEFAULT '' NOT NULL,
	`publisher_key` text NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`claim_text` text NOT NULL,
	`claimant` text DEFAULT '' NOT NULL,
	`claim_date` text,
	`review_date` text,
	`rating_text` text DEFAULT '' NOT NULL,
	`rating_key` text DEFAULT '' NOT NULL,
	`rating_value` real,
	`best_rating` real,
	`worst_rating` real,
	`mapped_label` text,
	`language` text DEFAULT '' NOT NULL,
	`raw` text NOT NULL,
	`content_hash` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `external_factchecks_url_key_unique` ON `external_factchecks` (`url_key`);--> statement-breakpoint
CREATE INDEX `external_factchecks_rating_idx` ON `external_factchecks` (`publisher_key`,`rating_key`);--> statement-breakpoint
CREATE INDEX `external_factchecks_review_date_idx` ON `external_factchecks` (`review_date`,`id`);--> statement-breakpoint
CREATE TABLE `rating_mappings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`publisher_key` text NOT NULL,
	`rating_key` text NOT NULL,
	`label` text NOT NULL,
	`updated_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rating_mappings_unique` ON `rating_mappings` (`publisher_key`,`rating_key`);