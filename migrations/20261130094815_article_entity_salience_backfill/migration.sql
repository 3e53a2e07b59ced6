-- Fills first_sentence, in_title and salience for articles stored before those columns existed,
-- with the rules of src/search/salience.ts (titleNames, salienceScore) written out; articles
-- ingested from now on get them at ingest. tests/salience.test.ts checks the two agree.
UPDATE `article_entities` SET
	`first_sentence` = coalesce((SELECT min(m.`sentence`) FROM `mentions` m
		WHERE m.`article_id` = `article_entities`.`article_id` AND m.`entity_id` = `article_entities`.`entity_id`), 0),
	`in_title` = EXISTS (SELECT 1 FROM (
			SELECT `surface` AS name FROM `mentions`
			WHERE `article_id` = `article_entities`.`article_id` AND `entity_id` = `article_entities`.`entity_id`
			UNION SELECT `text` FROM `aliases` WHERE `entity_id` = `article_entities`.`entity_id`) names
		WHERE ' ' || (SELECT `title` FROM `articles` WHERE `id` = `article_entities`.`article_id`) || ' '
			GLOB '*[^0-9A-Za-z]' || replace(replace(replace(names.name, '[', '[[]'), '*', '[*]'), '?', '[?]') || '[^0-9A-Za-z]*');
--> statement-breakpoint
UPDATE `article_entities` SET `salience` = round(min(1.0,
	0.45 * (`mention_count` * 1.0 / max(1, (SELECT max(x.`mention_count`) FROM `article_entities` x WHERE x.`article_id` = `article_entities`.`article_id`))
		* `mention_count` * 1.0 / (`mention_count` * 1.0 + 1.0))
	+ 0.25 * max(0.0, 1.0 - `first_start` * 1.0 / max(1, (SELECT length(`body`) FROM `articles` WHERE `id` = `article_entities`.`article_id`)))
	+ 0.3 * (`in_title` <> 0)), 6);
