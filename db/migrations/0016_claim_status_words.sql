-- hand-written below
-- A claim is "in review" (or "ready") only while it holds a current assessment. Claims
-- that got there by hand or by the old rule (which never fell back to draft) go back to draft,
-- each with the same audit event the workflow writes when it moves a status.
CREATE TEMP TABLE `status_backfill` AS
  SELECT `id`, `status`, `disputed` FROM `claims` c
  WHERE c.`status` IN ('in_review', 'ready')
    AND NOT EXISTS (SELECT 1 FROM `assessments` a WHERE a.`claim_id` = c.`id` AND a.`superseded_at` IS NULL);
--> statement-breakpoint
INSERT INTO `audit_events` (`actor_user_id`, `actor_api_key_id`, `action`, `entity_type`, `entity_id`, `claim_id`, `before`, `after`)
  SELECT NULL, NULL, 'claim.review_state', 'claim', b.`id`, b.`id`,
         json_object('status', b.`status`, 'disputed', json(CASE WHEN b.`disputed` THEN 'true' ELSE 'false' END)),
         json_object('status', 'draft', 'disputed', json(CASE WHEN b.`disputed` THEN 'true' ELSE 'false' END))
  FROM `status_backfill` b ORDER BY b.`id`;
--> statement-breakpoint
UPDATE `claims` SET `status` = 'draft', `updated_at` = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  WHERE `id` IN (SELECT `id` FROM `status_backfill`);
--> statement-breakpoint
DROP TABLE `status_backfill`;
