CREATE TABLE `article_signatures` (
	`article_id` integer PRIMARY KEY,
	`minhash` text NOT NULL,
	`group_id` integer NOT NULL,
	CONSTRAINT `fk_article_signatures_article_id_articles_id_fk` FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE TABLE `feature_counts` (
	`feature` text PRIMARY KEY,
	`articles` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `signature_bands` (
	`band` integer NOT NULL,
	`article_id` integer NOT NULL,
	CONSTRAINT `signature_bands_pk` PRIMARY KEY(`band`, `article_id`),
	CONSTRAINT `fk_signature_bands_article_id_articles_id_fk` FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE TABLE `stories` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`seed_hash` text NOT NULL UNIQUE,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`central_article_id` integer,
	`central_similarity` real DEFAULT 0 NOT NULL,
	`article_count` integer DEFAULT 0 NOT NULL,
	`first_published_at` text NOT NULL,
	`last_published_at` text NOT NULL,
	`centroid` text NOT NULL,
	`merged_into` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `story_articles` (
	`article_id` integer PRIMARY KEY,
	`story_id` integer NOT NULL,
	`similarity` real NOT NULL,
	`published_at` text NOT NULL,
	CONSTRAINT `fk_story_articles_article_id_articles_id_fk` FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_story_articles_story_id_stories_id_fk` FOREIGN KEY (`story_id`) REFERENCES `stories`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE TABLE `story_keys` (
	`key` text NOT NULL,
	`story_id` integer NOT NULL,
	`last_published_at` text NOT NULL,
	CONSTRAINT `story_keys_pk` PRIMARY KEY(`key`, `story_id`),
	CONSTRAINT `fk_story_keys_story_id_stories_id_fk` FOREIGN KEY (`story_id`) REFERENCES `stories`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE TABLE `story_merges` (
	`from_story_id` integer PRIMARY KEY,
	`into_story_id` integer NOT NULL,
	`merged_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `article_signatures_group_idx` ON `article_signatures` (`group_id`,`article_id`);--> statement-breakpoint
CREATE INDEX `signature_bands_article_idx` ON `signature_bands` (`article_id`);--> statement-breakpoint
CREATE INDEX `stories_size_idx` ON `stories` (`merged_into`,`article_count`,`id`);--> statement-breakpoint
CREATE INDEX `stories_recent_idx` ON `stories` (`merged_into`,`last_published_at`,`id`);--> statement-breakpoint
CREATE INDEX `story_articles_story_idx` ON `story_articles` (`story_id`,`published_at`,`article_id`);--> statement-breakpoint
CREATE INDEX `story_keys_recent_idx` ON `story_keys` (`key`,`last_published_at`);--> statement-breakpoint
CREATE INDEX `story_keys_story_idx` ON `story_keys` (`story_id`);