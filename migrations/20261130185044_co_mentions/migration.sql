-- co_mentions: for each ordered pair of entities, how many articles mention both (issue 11).
-- `related` reads an entity's partners from its primary key instead of joining article_entities
-- with itself over every article of the entity (10x faster at 100k). Derived from article_entities
-- and kept by its triggers, like entities.article_count: every path that writes entity links
-- (ingest, re-ingest, the corpus pass, deletes and their cascades) deletes and inserts rows, so
-- the counts follow inside the same statement, hence inside the article's batch.
CREATE TABLE `co_mentions` (
	`entity_id` integer NOT NULL,
	`other_id` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY (`entity_id`, `other_id`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `co_mentions` (`entity_id`, `other_id`, `count`)
	SELECT a.`entity_id`, b.`entity_id`, count(*) FROM `article_entities` a
	JOIN `article_entities` b ON b.`article_id` = a.`article_id` AND b.`entity_id` <> a.`entity_id`
	GROUP BY a.`entity_id`, b.`entity_id`;
--> statement-breakpoint
-- A new link pairs with the article's links already stored, both ways; so each pair of an
-- article counts once, whatever order its rows go in.
CREATE TRIGGER `article_entities_co_mentions_after_insert` AFTER INSERT ON `article_entities` BEGIN
	INSERT INTO `co_mentions` (`entity_id`, `other_id`, `count`)
		SELECT new.`entity_id`, ae.`entity_id`, 1 FROM `article_entities` ae WHERE ae.`article_id` = new.`article_id` AND ae.`entity_id` <> new.`entity_id`
		UNION ALL
		SELECT ae.`entity_id`, new.`entity_id`, 1 FROM `article_entities` ae WHERE ae.`article_id` = new.`article_id` AND ae.`entity_id` <> new.`entity_id`
		ON CONFLICT (`entity_id`, `other_id`) DO UPDATE SET `count` = `count` + 1;
END;
--> statement-breakpoint
-- A removed link unpairs from the article's links still stored; pairs no article holds go. Every
-- statement seeks the primary key with the article's other entities, never scans a popular entity's
-- partners.
CREATE TRIGGER `article_entities_co_mentions_after_delete` AFTER DELETE ON `article_entities` BEGIN
	UPDATE `co_mentions` SET `count` = `count` - 1 WHERE `entity_id` = old.`entity_id`
		AND `other_id` IN (SELECT `entity_id` FROM `article_entities` WHERE `article_id` = old.`article_id` AND `entity_id` <> old.`entity_id`);
	UPDATE `co_mentions` SET `count` = `count` - 1 WHERE `other_id` = old.`entity_id`
		AND `entity_id` IN (SELECT `entity_id` FROM `article_entities` WHERE `article_id` = old.`article_id` AND `entity_id` <> old.`entity_id`);
	DELETE FROM `co_mentions` WHERE `count` <= 0 AND `entity_id` = old.`entity_id`
		AND `other_id` IN (SELECT `entity_id` FROM `article_entities` WHERE `article_id` = old.`article_id` AND `entity_id` <> old.`entity_id`);
	DELETE FROM `co_mentions` WHERE `count` <= 0 AND `other_id` = old.`entity_id`
		AND `entity_id` IN (SELECT `entity_id` FROM `article_entities` WHERE `article_id` = old.`article_id` AND `entity_id` <> old.`entity_id`);
END;
