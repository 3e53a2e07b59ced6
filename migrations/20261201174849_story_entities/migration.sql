-- story_entities: for each story, how many of its articles mention each entity (issue 11,
-- session 13). `stories(where: { countries: [...] })` tested each story against the entity's
-- articles joined to their stories, built twice per request (the page and its total): 115 ms for
-- the United States at 100k. The stories of an entity are now one range of this table's second
-- index. Derived from story_articles and article_entities and kept by their triggers, like
-- co_mentions: filing an article in a story, moving it (a merge), and writing or deleting its
-- entity links, cascades included, change the counts inside the same statement.
CREATE TABLE `story_entities` (
	`story_id` integer NOT NULL,
	`entity_id` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY (`story_id`, `entity_id`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `story_entities` (`story_id`, `entity_id`, `count`)
	SELECT sa.`story_id`, ae.`entity_id`, count(*) FROM `story_articles` sa
	JOIN `article_entities` ae ON ae.`article_id` = sa.`article_id`
	GROUP BY sa.`story_id`, ae.`entity_id`;
--> statement-breakpoint
CREATE INDEX `story_entities_entity_idx` ON `story_entities` (`entity_id`, `story_id`);
--> statement-breakpoint
-- An article filed in a story brings its entities; one moved (a merge) takes them along.
CREATE TRIGGER `story_articles_entities_after_insert` AFTER INSERT ON `story_articles` BEGIN
	INSERT INTO `story_entities` (`story_id`, `entity_id`, `count`)
		SELECT new.`story_id`, `entity_id`, 1 FROM `article_entities` WHERE `article_id` = new.`article_id`
		ON CONFLICT (`story_id`, `entity_id`) DO UPDATE SET `count` = `count` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `story_articles_entities_after_delete` AFTER DELETE ON `story_articles` BEGIN
	UPDATE `story_entities` SET `count` = `count` - 1 WHERE `story_id` = old.`story_id`
		AND `entity_id` IN (SELECT `entity_id` FROM `article_entities` WHERE `article_id` = old.`article_id`);
	DELETE FROM `story_entities` WHERE `count` <= 0 AND `story_id` = old.`story_id`
		AND `entity_id` IN (SELECT `entity_id` FROM `article_entities` WHERE `article_id` = old.`article_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `story_articles_entities_after_update` AFTER UPDATE OF `story_id`, `article_id` ON `story_articles` BEGIN
	UPDATE `story_entities` SET `count` = `count` - 1 WHERE `story_id` = old.`story_id`
		AND `entity_id` IN (SELECT `entity_id` FROM `article_entities` WHERE `article_id` = old.`article_id`);
	DELETE FROM `story_entities` WHERE `count` <= 0 AND `story_id` = old.`story_id`
		AND `entity_id` IN (SELECT `entity_id` FROM `article_entities` WHERE `article_id` = old.`article_id`);
	INSERT INTO `story_entities` (`story_id`, `entity_id`, `count`)
		SELECT new.`story_id`, `entity_id`, 1 FROM `article_entities` WHERE `article_id` = new.`article_id`
		ON CONFLICT (`story_id`, `entity_id`) DO UPDATE SET `count` = `count` + 1;
END;
--> statement-breakpoint
-- An entity link written or deleted for an article already in a story.
CREATE TRIGGER `article_entities_story_entities_after_insert` AFTER INSERT ON `article_entities` BEGIN
	INSERT INTO `story_entities` (`story_id`, `entity_id`, `count`)
		SELECT `story_id`, new.`entity_id`, 1 FROM `story_articles` WHERE `article_id` = new.`article_id`
		ON CONFLICT (`story_id`, `entity_id`) DO UPDATE SET `count` = `count` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `article_entities_story_entities_after_delete` AFTER DELETE ON `article_entities` BEGIN
	UPDATE `story_entities` SET `count` = `count` - 1 WHERE `entity_id` = old.`entity_id`
		AND `story_id` IN (SELECT `story_id` FROM `story_articles` WHERE `article_id` = old.`article_id`);
	DELETE FROM `story_entities` WHERE `count` <= 0 AND `entity_id` = old.`entity_id`
		AND `story_id` IN (SELECT `story_id` FROM `story_articles` WHERE `article_id` = old.`article_id`);
END;
