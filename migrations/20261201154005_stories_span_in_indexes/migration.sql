-- Both ends of a story's span in the two story indexes (issue 11, session 12), so a date filter
-- (`stories(where: { from, to })`: last_published_at >= from AND first_published_at < to) is tested
-- in the index that orders the page, without reading each story's row. At 100k, a month's stories
-- took 190-209 ms (4.1 s on a cold cache) and take 4-12 ms; the rows are unchanged.
DROP INDEX IF EXISTS `stories_size_idx`;--> statement-breakpoint
CREATE INDEX `stories_size_idx` ON `stories` (`merged_into`,`article_count`,`id`,`last_published_at`,`first_published_at`);--> statement-breakpoint
DROP INDEX IF EXISTS `stories_recent_idx`;--> statement-breakpoint
CREATE INDEX `stories_recent_idx` ON `stories` (`merged_into`,`last_published_at`,`id`,`first_published_at`);
