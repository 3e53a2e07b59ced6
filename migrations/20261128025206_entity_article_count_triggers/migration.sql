-- entities.article_count follows article_entities, so "how many articles mention X" is one row read
-- (facets over all articles, autocomplete ranking, PMI) instead of a count over the link table.
UPDATE `entities` SET `article_count` = (SELECT count(*) FROM `article_entities` WHERE `entity_id` = `entities`.`id`);
--> statement-breakpoint
CREATE TRIGGER `article_entities_count_after_insert` AFTER INSERT ON `article_entities` BEGIN
	UPDATE `entities` SET `article_count` = `article_count` + 1 WHERE `id` = new.entity_id;
END;
--> statement-breakpoint
CREATE TRIGGER `article_entities_count_after_delete` AFTER DELETE ON `article_entities` BEGIN
	UPDATE `entities` SET `article_count` = `article_count` - 1 WHERE `id` = old.entity_id;
END;
