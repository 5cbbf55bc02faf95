ALTER TABLE `idempotency_keys` ADD `response_location` text;--> statement-breakpoint
CREATE INDEX `idempotency_keys_created_idx` ON `idempotency_keys` (`created_at`);--> statement-breakpoint
-- hand-written below
-- Delivery logs used to keep the first 200 characters of a receiver's error response
-- ("HTTP 500: <body>"). The log now keeps only the status code and timing (lib/webhook-delivery.ts):
-- drop the bodies already stored, so what a URL answered is not readable from old rows either.
UPDATE `webhook_deliveries` SET `last_error` = 'HTTP ' || `last_status_code` WHERE `last_error` LIKE 'HTTP %: %' AND `last_status_code` IS NOT NULL;
