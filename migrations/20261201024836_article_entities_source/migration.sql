-- article_entities.source: a copy of the article's source, as published_at was copied (migration
-- 20261130225513), for the source facet (issue 11):
-- - of one entity: one range of article_entities_entity_source_idx, grouped in index order,
--   instead of a seek per article of the entity into the narrow article index (5,690 for North
--   Korea at 100k articles);
-- - of text and an entity: read from the entity's row each text match already joins in
--   article_entities_entity_ranking_idx, rebuilt here with the source last, instead of a seek
--   per match into the narrow article index.
-- summarizeArticleEntities (src/ingest/article-entities.ts) writes it with every link; the trigger
-- below follows a later change of the article's source. Backfilled before the indexes are built.
ALTER TABLE `article_entities` ADD `source` text;--> statement-breakpoint
UPDATE `article_entities` SET `source` = (SELECT a.`source` FROM `articles` a WHERE a.`id` = `article_entities`.`article_id`);--> statement-breakpoint
CREATE INDEX `article_entities_entity_source_idx` ON `article_entities` (`entity_id`,`source`);--> statement-breakpoint
DROP INDEX IF EXISTS `article_entities_entity_ranking_idx`;--> statement-breakpoint
CREATE INDEX `article_entities_entity_ranking_idx` ON `article_entities` (`entity_id`,`article_id`,`salience`,`mention_count`,`in_title`,`source`);--> statement-breakpoint
CREATE TRIGGER `articles_source_to_article_entities` AFTER UPDATE OF `source` ON `articles`
	WHEN old.`source` IS NOT new.`source` BEGIN
	UPDATE `article_entities` SET `source` = new.`source` WHERE `article_id` = new.`id`;
END;
