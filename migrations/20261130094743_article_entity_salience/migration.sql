ALTER TABLE `article_entities` ADD `first_sentence` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `article_entities` ADD `in_title` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `article_entities` ADD `salience` real DEFAULT 0 NOT NULL;