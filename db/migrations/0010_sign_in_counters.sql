CREATE TABLE `sign_in_counters` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sign_in_counters_expires_idx` ON `sign_in_counters` (`expires_at`);