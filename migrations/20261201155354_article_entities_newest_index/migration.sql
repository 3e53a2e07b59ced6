-- An entity's articles newest first (Entity.articles, issue 11, session 12): the connection orders
-- article_entities rows by coalesce(published_at, '') and article_id, so SQLite walks this index from
-- the end and stops when the page is full. It sorted every article of the entity, read through
-- the articles' overflow pages ("United States" at 100k: 156-173 ms, 3.8 s on a cold cache).
CREATE INDEX `article_entities_entity_newest_idx` ON `article_entities` (`entity_id`,coalesce("published_at", ''),`article_id`);
