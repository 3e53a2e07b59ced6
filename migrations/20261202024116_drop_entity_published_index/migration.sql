-- article_entities_entity_published_idx (entity_id, published_at) served one entity's timeline
-- (session 11). Since the day counts (20261202003330_timeline_days) no statement the API sends
-- chooses it: EXPLAIN QUERY PLAN of the 1,730 distinct statements `npm test`, the bench queries and
-- 35 probe requests sent (issue 11, session 17) named it only in that migration's backfill, which
-- runs before this one. Dropping it saves 24 MiB at 100k articles; the newest and salience indexes
-- hold the same dates.
DROP INDEX IF EXISTS `article_entities_entity_published_idx`;
