ALTER TABLE `api_keys` ADD `owner_id` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `api_keys` ADD `expires_at` text;--> statement-breakpoint
ALTER TABLE `api_keys` ADD `suspended_at` text;--> statement-breakpoint
ALTER TABLE `api_keys` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX `api_keys_owner_idx` ON `api_keys` (`owner_id`);--> statement-breakpoint
-- hand-written below
-- A key acts for its creator until an admin reassigns it.
UPDATE `api_keys` SET `owner_id` = `created_by`;--> statement-breakpoint
-- Keys of people already disabled or no longer editors or admins are suspended from now on.
UPDATE `api_keys` SET `suspended_at` = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE `revoked_at` IS NULL AND `owner_id` IN (SELECT `id` FROM `users` WHERE `disabled_at` IS NOT NULL OR `role` NOT IN ('editor', 'admin'));
