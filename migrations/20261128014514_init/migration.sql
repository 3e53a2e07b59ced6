CREATE TABLE `aliases` (
	`alias` text NOT NULL,
	`entity_id` integer NOT NULL,
	`text` text NOT NULL,
	`type` text NOT NULL,
	CONSTRAINT `aliases_pk` PRIMARY KEY(`alias`, `entity_id`),
	CONSTRAINT `fk_aliases_entity_id_entities_id_fk` FOREIGN KEY (`entity_id`) REFERENCES `entities`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`name` text NOT NULL,
	`prefix` text NOT NULL,
	`hash` text NOT NULL UNIQUE,
	`scopes` text NOT NULL,
	`per_minute` integer DEFAULT 600 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`revoked_at` text
);
--> statement-breakpoint
CREATE TABLE `article_entities` (
	`article_id` integer NOT NULL,
	`entity_id` integer NOT NULL,
	`mention_count` integer NOT NULL,
	`first_start` integer NOT NULL,
	CONSTRAINT `article_entities_pk` PRIMARY KEY(`article_id`, `entity_id`),
	CONSTRAINT `fk_article_entities_article_id_articles_id_fk` FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_article_entities_entity_id_entities_id_fk` FOREIGN KEY (`entity_id`) REFERENCES `entities`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE TABLE `articles` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`url` text UNIQUE,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`published_at` text,
	`source` text,
	`language` text DEFAULT 'en' NOT NULL,
	`content_hash` text NOT NULL UNIQUE,
	`word_count` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `entities` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`slug` text NOT NULL,
	`code` text UNIQUE,
	`code3` text UNIQUE,
	`official_name` text
);
--> statement-breakpoint
CREATE TABLE `mentions` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`article_id` integer NOT NULL,
	`entity_id` integer NOT NULL,
	`start` integer NOT NULL,
	`end` integer NOT NULL,
	`sentence` integer NOT NULL,
	`surface` text NOT NULL,
	CONSTRAINT `fk_mentions_article_id_articles_id_fk` FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_mentions_entity_id_entities_id_fk` FOREIGN KEY (`entity_id`) REFERENCES `entities`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE INDEX `aliases_entity_idx` ON `aliases` (`entity_id`);--> statement-breakpoint
CREATE INDEX `article_entities_entity_idx` ON `article_entities` (`entity_id`,`article_id`);--> statement-breakpoint
CREATE INDEX `articles_published_at_idx` ON `articles` (`published_at`,`id`);--> statement-breakpoint
CREATE INDEX `articles_source_idx` ON `articles` (`source`);--> statement-breakpoint
CREATE UNIQUE INDEX `entities_kind_slug_idx` ON `entities` (`kind`,`slug`);--> statement-breakpoint
CREATE INDEX `entities_name_idx` ON `entities` (`name`);--> statement-breakpoint
CREATE INDEX `mentions_article_idx` ON `mentions` (`article_id`,`start`);--> statement-breakpoint
CREATE INDEX `mentions_entity_article_idx` ON `mentions` (`entity_id`,`article_id`,`sentence`);