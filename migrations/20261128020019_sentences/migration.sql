CREATE TABLE `sentences` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`article_id` integer NOT NULL,
	`idx` integer NOT NULL,
	`start` integer NOT NULL,
	`end` integer NOT NULL,
	CONSTRAINT `fk_sentences_article_id_articles_id_fk` FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sentences_article_idx` ON `sentences` (`article_id`,`idx`);