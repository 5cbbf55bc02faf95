CREATE TABLE `security_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`user_id` integer,
	`email` text,
	`actor_user_id` integer,
	`method` text,
	`detail` text,
	`address` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `security_events_user_idx` ON `security_events` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `security_events_kind_idx` ON `security_events` (`kind`,`id`);--> statement-breakpoint
CREATE INDEX `security_events_user_kind_idx` ON `security_events` (`user_id`,`kind`,`id`);
--> statement-breakpoint
-- hand-written below
-- The security log is append-only, like audit_events.
CREATE TRIGGER `security_events_no_update` BEFORE UPDATE ON `security_events` BEGIN
	SELECT RAISE(ABORT, 'security_events is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `security_events_no_delete` BEFORE DELETE ON `security_events` BEGIN
	SELECT RAISE(ABORT, 'security_events is append-only');
END;
