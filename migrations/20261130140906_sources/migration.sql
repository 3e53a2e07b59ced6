CREATE TABLE `source_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`source_id` integer NOT NULL,
	`key` text NOT NULL,
	`url` text,
	`title` text,
	`author` text,
	`published_at` text,
	`content` text,
	`fetch_page` integer DEFAULT true NOT NULL,
	`language` text,
	`fingerprint` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`article_id` integer,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT `fk_source_entries_source_id_sources_id_fk` FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_source_entries_article_id_articles_id_fk` FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON DELETE SET NULL
);
--> statement-breakpoint
CREATE TABLE `sources` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`url` text NOT NULL UNIQUE,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`language` text,
	`poll_every_seconds` integer DEFAULT 900 NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`disabled_reason` text,
	`etag` text,
	`last_modified` text,
	`last_fetched_at` text,
	`last_status` integer,
	`last_error` text,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`next_poll_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`lease_until` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `source_entries_key_idx` ON `source_entries` (`source_id`,`key`);--> statement-breakpoint
CREATE INDEX `source_entries_state_idx` ON `source_entries` (`state`,`source_id`);--> statement-breakpoint
CREATE INDEX `sources_due_idx` ON `sources` (`enabled`,`next_poll_at`);