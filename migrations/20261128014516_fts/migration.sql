-- Full-text index over articles (drizzle-kit has no virtual tables, so this migration is hand-written).
-- External content: the text lives once, in articles; triggers keep the index in step.
CREATE VIRTUAL TABLE `articles_fts` USING fts5(
	title,
	body,
	content = 'articles',
	content_rowid = 'id',
	tokenize = 'porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `articles_fts_after_insert` AFTER INSERT ON `articles` BEGIN
	INSERT INTO `articles_fts` (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `articles_fts_after_delete` AFTER DELETE ON `articles` BEGIN
	INSERT INTO `articles_fts` (`articles_fts`, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
--> statement-breakpoint
CREATE TRIGGER `articles_fts_after_update` AFTER UPDATE OF title, body ON `articles` BEGIN
	INSERT INTO `articles_fts` (`articles_fts`, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
	INSERT INTO `articles_fts` (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
