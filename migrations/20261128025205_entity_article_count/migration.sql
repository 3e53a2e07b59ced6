ALTER TABLE `entities` ADD `article_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `entities_kind_article_count_idx` ON `entities` (`kind`,`article_count`);