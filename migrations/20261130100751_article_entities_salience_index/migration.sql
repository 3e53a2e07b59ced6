DROP INDEX IF EXISTS `article_entities_entity_idx`;--> statement-breakpoint
CREATE INDEX `article_entities_entity_salience_idx` ON `article_entities` (`entity_id`,`article_id`,`salience`);