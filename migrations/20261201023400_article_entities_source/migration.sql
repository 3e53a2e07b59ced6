-- article_entities.source: a copy of the article's source, as published_at was copied (migration
-- 20261130225513), so the source facet of one entity groups one range of
-- article_entities_entity_source_idx, in index order, instead of seeking each of the entity's
-- articles in the narrow article index (issue 11: 5,690 seeks for North Korea at 100k articles).
-- summarizeArticleEntities (src/ingest/article-entities.ts) writes it with every link; the trigger
-- below follows a later change of the article's source. Backfilled before the index is built.
ALTER TABLE `article_entities` ADD `source` text;--> statement-breakpoint
UPDATE `article_entities` SET `source` = (SELECT a.`source` FROM `articles` a WHERE a.`id` = `article_entities`.`article_id`);--> statement-breakpoint
CREATE INDEX `article_entities_entity_source_idx` ON `article_entities` (`entity_id`,`source`);--> statement-breakpoint
CREATE TRIGGER `articles_source_to_article_entities` AFTER UPDATE OF `source` ON `articles`
	WHEN old.`source` IS NOT new.`source` BEGIN
	UPDATE `article_entities` SET `source` = new.`source` WHERE `article_id` = new.`id`;
END;
