-- Sentence-level full-text index for `sameSentence` filters. Contentless: the text already lives in
-- articles.body, and ingest inserts each sentence's text (JS string offsets, so it slices in JS).
CREATE VIRTUAL TABLE `sentences_fts` USING fts5(
	text,
	content = '',
	contentless_delete = 1,
	tokenize = 'porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `sentences_fts_after_delete` AFTER DELETE ON `sentences` BEGIN
	DELETE FROM `sentences_fts` WHERE rowid = old.id;
END;
