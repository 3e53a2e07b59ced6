-- entity_days and article_days: how many articles were published on each day (UTC), per entity
-- and in all (issue 11, session 16). A timeline of one entity grouped every one of its dated
-- article_entities rows, and the timeline of every article every dated article: one row per
-- article, so it grew with the corpus (100k, every article by month 17 ms, the United States by
-- day 7.5 ms). Every interval a timeline offers (day, ISO week, month, year) is a union of days,
-- so these are read instead: a row per day. Kept by triggers, like co_mentions: a link written or
-- deleted (cascades included), an article written or deleted, and a changed date (the articles
-- trigger copies it to article_entities, whose own trigger follows) move the counts inside the
-- same statement. Dates are ISO-8601 (src/ingest/validate.ts); one date() cannot read is not counted.
CREATE TABLE `entity_days` (
	`entity_id` integer NOT NULL,
	`day` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY (`entity_id`, `day`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `article_days` (
	`day` text PRIMARY KEY NOT NULL,
	`count` integer NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `entity_days` (`entity_id`, `day`, `count`)
	SELECT `entity_id`, date(`published_at`), count(*) FROM `article_entities` WHERE date(`published_at`) IS NOT NULL GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO `article_days` (`day`, `count`)
	SELECT date(`published_at`), count(*) FROM `articles` WHERE date(`published_at`) IS NOT NULL GROUP BY 1;
--> statement-breakpoint
CREATE TRIGGER `article_entities_days_after_insert` AFTER INSERT ON `article_entities` WHEN date(new.`published_at`) IS NOT NULL BEGIN
	INSERT INTO `entity_days` (`entity_id`, `day`, `count`) VALUES (new.`entity_id`, date(new.`published_at`), 1)
		ON CONFLICT (`entity_id`, `day`) DO UPDATE SET `count` = `count` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `article_entities_days_after_delete` AFTER DELETE ON `article_entities` WHEN date(old.`published_at`) IS NOT NULL BEGIN
	UPDATE `entity_days` SET `count` = `count` - 1 WHERE `entity_id` = old.`entity_id` AND `day` = date(old.`published_at`);
	DELETE FROM `entity_days` WHERE `entity_id` = old.`entity_id` AND `day` = date(old.`published_at`) AND `count` <= 0;
END;
--> statement-breakpoint
CREATE TRIGGER `article_entities_days_after_update` AFTER UPDATE OF `entity_id`, `published_at` ON `article_entities`
	WHEN old.`entity_id` <> new.`entity_id` OR date(old.`published_at`) IS NOT date(new.`published_at`) BEGIN
	UPDATE `entity_days` SET `count` = `count` - 1 WHERE `entity_id` = old.`entity_id` AND `day` = date(old.`published_at`);
	DELETE FROM `entity_days` WHERE `entity_id` = old.`entity_id` AND `day` = date(old.`published_at`) AND `count` <= 0;
	INSERT INTO `entity_days` (`entity_id`, `day`, `count`) SELECT new.`entity_id`, date(new.`published_at`), 1 WHERE date(new.`published_at`) IS NOT NULL
		ON CONFLICT (`entity_id`, `day`) DO UPDATE SET `count` = `count` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `articles_days_after_insert` AFTER INSERT ON `articles` WHEN date(new.`published_at`) IS NOT NULL BEGIN
	INSERT INTO `article_days` (`day`, `count`) VALUES (date(new.`published_at`), 1)
		ON CONFLICT (`day`) DO UPDATE SET `count` = `count` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `articles_days_after_delete` AFTER DELETE ON `articles` WHEN date(old.`published_at`) IS NOT NULL BEGIN
	UPDATE `article_days` SET `count` = `count` - 1 WHERE `day` = date(old.`published_at`);
	DELETE FROM `article_days` WHERE `day` = date(old.`published_at`) AND `count` <= 0;
END;
--> statement-breakpoint
CREATE TRIGGER `articles_days_after_update` AFTER UPDATE OF `published_at` ON `articles`
	WHEN date(old.`published_at`) IS NOT date(new.`published_at`) BEGIN
	UPDATE `article_days` SET `count` = `count` - 1 WHERE `day` = date(old.`published_at`);
	DELETE FROM `article_days` WHERE `day` = date(old.`published_at`) AND `count` <= 0;
	INSERT INTO `article_days` (`day`, `count`) SELECT date(new.`published_at`), 1 WHERE date(new.`published_at`) IS NOT NULL
		ON CONFLICT (`day`) DO UPDATE SET `count` = `count` + 1;
END;
