-- article_entities.published_at: a copy of the article's published_at, so the timeline of one
-- entity reads one range of article_entities_entity_published_idx instead of seeking each of the
-- entity's articles in articles (issue 11: 16 ms → 2 ms for North Korea at 100k articles).
-- summarizeArticleEntities (src/ingest/article-entities.ts) writes it with every link; the trigger
-- below follows a later change of the article's date. Backfilled before the index is built.
ALTER TABLE `article_entities` ADD `published_at` text;--> statement-breakpoint
UPDATE `article_entities` SET `published_at` = (SELECT a.`published_at` FROM `articles` a WHERE a.`id` = `article_entities`.`article_id`);--> statement-breakpoint
CREATE INDEX `article_entities_entity_published_idx` ON `article_entities` (`entity_id`,`published_at`);--> statement-breakpoint
CREATE TRIGGER `articles_published_at_to_article_entities` AFTER UPDATE OF `published_at` ON `articles`
	WHEN old.`published_at` IS NOT new.`published_at` BEGIN
	UPDATE `article_entities` SET `published_at` = new.`published_at` WHERE `article_id` = new.`id`;
END;
