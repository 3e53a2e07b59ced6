import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const entityKinds = ['country', 'person', 'organization'] as const;
export type EntityKind = (typeof entityKinds)[number];

/** News articles. publishedAt is ISO-8601 UTC text so it sorts and buckets (strftime) as written. */
export const articles = sqliteTable(
  'articles',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    url: text('url').unique(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    publishedAt: text('published_at'),
    source: text('source'),
    language: text('language').notNull().default('en'),
    contentHash: text('content_hash').notNull().unique(),
    wordCount: integer('word_count').notNull(),
    createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
    updatedAt: text('updated_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  },
  (t) => [
    index('articles_published_at_idx').on(t.publishedAt, t.id),
    index('articles_source_idx').on(t.source),
    // Narrow: what searches and aggregations read per matching article, without a seek into its
    // wide row (published_at and source are stored after the body, so they sit on overflow pages).
    index('articles_id_published_source_idx').on(t.id, t.publishedAt, t.source),
  ],
);

/**
 * Countries, people and organisations share one table: aliases, mentions, facets and
 * co-mention statistics then need one join, not three.
 */
export const entities = sqliteTable(
  'entities',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: entityKinds }).notNull(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    /** ISO 3166-1 alpha-2 for countries. */
    code: text('code').unique(),
    /** ISO 3166-1 alpha-3 for countries. */
    code3: text('code3').unique(),
    officialName: text('official_name'),
    /** Articles that mention it; kept by triggers on article_entities, so counts and rankings read one row. */
    articleCount: integer('article_count').notNull().default(0),
  },
  (t) => [
    uniqueIndex('entities_kind_slug_idx').on(t.kind, t.slug),
    index('entities_name_idx').on(t.name),
    index('entities_kind_article_count_idx').on(t.kind, t.articleCount),
  ],
);

export const aliasTypes = ['name', 'official', 'alternative', 'code', 'capital', 'demonym', 'curated', 'short'] as const;
export type AliasType = (typeof aliasTypes)[number];

/** One alias of one known entity, before it is stored: what seeds and the gazetteer (src/ingest/gazetteer.ts) hold. */
export interface EntityAliasEntry {
  text: string;
  type: AliasType;
  kind: EntityKind;
  slug: string;
  name: string;
}

/** Normalised alias → entity. One alias may name several entities; lookups then report the ambiguity. */
export const aliases = sqliteTable(
  'aliases',
  {
    alias: text('alias').notNull(),
    entityId: integer('entity_id')
      .notNull()
      .references(() => entities.id, { onDelete: 'cascade' }),
    /** The alias as written, e.g. "DPRK" or "North Korean". */
    text: text('text').notNull(),
    type: text('type', { enum: aliasTypes }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.alias, t.entityId] }), index('aliases_entity_idx').on(t.entityId)],
);

/** One row per time an article names an entity. */
export const mentions = sqliteTable(
  'mentions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    entityId: integer('entity_id')
      .notNull()
      .references(() => entities.id, { onDelete: 'cascade' }),
    start: integer('start').notNull(),
    end: integer('end').notNull(),
    sentence: integer('sentence').notNull(),
    surface: text('surface').notNull(),
  },
  (t) => [
    index('mentions_article_idx').on(t.articleId, t.start),
    index('mentions_entity_article_idx').on(t.entityId, t.articleId, t.sentence),
  ],
);

/**
 * One row per (article, entity): the distinct entities of an article with how prominent each is.
 * Filters, facets, co-mention statistics and salience ranking read this instead of the much
 * larger mentions table.
 */
export const articleEntities = sqliteTable(
  'article_entities',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    entityId: integer('entity_id')
      .notNull()
      .references(() => entities.id, { onDelete: 'cascade' }),
    mentionCount: integer('mention_count').notNull(),
    /** Offset in the body of the first mention. */
    firstStart: integer('first_start').notNull(),
    /** Sentence index of the first mention. */
    firstSentence: integer('first_sentence').notNull().default(0),
    /** Whether the title names the entity (see src/search/salience.ts for how that is decided). */
    inTitle: integer('in_title', { mode: 'boolean' }).notNull().default(false),
    /** How much the article is about the entity, 0..1 (formula in src/search/salience.ts). */
    salience: real('salience').notNull().default(0),
    /**
     * The article's published_at, copied here (by summarizeArticleEntities and a trigger on
     * articles) so an entity's pages newest first or by salience walk one index range instead of
     * seeking each article (the newest and salience indexes below), and its day counts are kept.
     */
    publishedAt: text('published_at'),
    /** The article's source, copied the same way, so the source facet of one entity reads one range of an index. */
    source: text('source'),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.entityId] }),
    // Salience and what text ranking damps it by after the key, so ranking, `about` and text
    // ranking read them from the index, not from each row (see salienceRank and textRelevance);
    // the source too, so facets of text and an entity count sources from the row the match joined.
    index('article_entities_entity_ranking_idx').on(t.entityId, t.articleId, t.salience, t.mentionCount, t.inTitle, t.source),
    // An entity's articles newest first, as its `articles` connection orders them (undated last,
    // as ''), walked from the end until the page is full instead of sorting all of them.
    index('article_entities_entity_newest_idx').on(t.entityId, sql`coalesce(${t.publishedAt}, '')`, t.articleId),
    // An entity's articles by salience, then date and id: the SALIENCE page of one entity, walked
    // from the end (src/search/article-search.ts, entityPageStatement).
    index('article_entities_entity_salience_idx').on(t.entityId, t.salience, sql`coalesce(${t.publishedAt}, '')`, t.articleId),
    index('article_entities_entity_source_idx').on(t.entityId, t.source),
  ],
);

/**
 * Sentence boundaries of each article body. `sentences_fts` (a custom migration) indexes their
 * text, so a filter can require entities and words in one sentence.
 */
export const sentences = sqliteTable(
  'sentences',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    index: integer('idx').notNull(),
    start: integer('start').notNull(),
    end: integer('end').notNull(),
  },
  (t) => [uniqueIndex('sentences_article_idx').on(t.articleId, t.index)],
);

/** API keys, stored as SHA-256 hashes of the secret. */
export const apiKeys = sqliteTable('api_keys', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  prefix: text('prefix').notNull(),
  hash: text('hash').notNull().unique(),
  scopes: text('scopes').notNull(),
  perMinute: integer('per_minute').notNull().default(600),
  createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  revokedAt: text('revoked_at'),
});

/**
 * Near-duplicate signature of each stored article (src/ingest/duplicates.ts): a MinHash of its
 * body's word shingles, and the duplicate group it joined. `groupId` is the id of the group's
 * first stored article; an article with no near-duplicate is a group of one.
 */
export const articleSignatures = sqliteTable(
  'article_signatures',
  {
    articleId: integer('article_id')
      .primaryKey()
      .references(() => articles.id, { onDelete: 'cascade' }),
    /** The MinHash values as hex, 8 characters each. */
    minhash: text('minhash').notNull(),
    groupId: integer('group_id').notNull(),
  },
  (t) => [
    index('article_signatures_group_idx').on(t.groupId, t.articleId),
    // Only the articles that joined another's group: a search finds an article's group here with a
    // seek into a small index instead of into the wide signature rows (src/search/article-search.ts).
    index('article_signatures_duplicate_idx').on(t.articleId, t.groupId).where(sql`${t.groupId} <> ${t.articleId}`),
  ],
);

/** Locality-sensitive buckets: one row per MinHash band of each article, so a lookup reads only its bands' rows. */
export const signatureBands = sqliteTable(
  'signature_bands',
  {
    band: integer('band').notNull(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.band, t.articleId] }), index('signature_bands_article_idx').on(t.articleId)],
);

/**
 * Stories: articles about one event, clustered as they arrive (src/ingest/stories.ts). The id is
 * stable as articles join; a story merged into another keeps its row with `mergedInto` set.
 */
export const stories = sqliteTable(
  'stories',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Content hash of the article that opened the story: how statements of one ingest batch name a story not yet stored. */
    seedHash: text('seed_hash').notNull().unique(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    /** The article title and summary come from (the one most like the story when it joined). */
    centralArticleId: integer('central_article_id'),
    centralSimilarity: real('central_similarity').notNull().default(0),
    articleCount: integer('article_count').notNull().default(0),
    firstPublishedAt: text('first_published_at').notNull(),
    lastPublishedAt: text('last_published_at').notNull(),
    /** The story's term and entity vector (JSON: feature → weight, the strongest only). */
    centroid: text('centroid').notNull(),
    /** The story this one was merged into; null while it stands alone. */
    mergedInto: integer('merged_into'),
    createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
    updatedAt: text('updated_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  },
  (t) => [
    // Both ends of a story's span in both indexes, so a date filter (`from`, `to`) is tested in the
    // index without reading story rows (100k: 190-209 ms for a month's stories, then 4-12 ms).
    index('stories_size_idx').on(t.mergedInto, t.articleCount, t.id, t.lastPublishedAt, t.firstPublishedAt),
    index('stories_recent_idx').on(t.mergedInto, t.lastPublishedAt, t.id, t.firstPublishedAt),
  ],
);

/** Which story each article belongs to (one each), with its similarity to the story when it joined. */
export const storyArticles = sqliteTable(
  'story_articles',
  {
    articleId: integer('article_id')
      .primaryKey()
      .references(() => articles.id, { onDelete: 'cascade' }),
    storyId: integer('story_id')
      .notNull()
      .references(() => stories.id, { onDelete: 'cascade' }),
    similarity: real('similarity').notNull(),
    /** The article's time on the story's clock: publishedAt, or when it was ingested. */
    publishedAt: text('published_at').notNull(),
  },
  (t) => [index('story_articles_story_idx').on(t.storyId, t.publishedAt, t.articleId)],
);

/** Inverted index from a story's strongest features to it, with its last time, so ingest finds recent candidate stories by key. */
export const storyKeys = sqliteTable(
  'story_keys',
  {
    key: text('key').notNull(),
    storyId: integer('story_id')
      .notNull()
      .references(() => stories.id, { onDelete: 'cascade' }),
    lastPublishedAt: text('last_published_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.storyId] }), index('story_keys_recent_idx').on(t.key, t.lastPublishedAt), index('story_keys_story_idx').on(t.storyId)],
);

/** Every merge of one story into another, so a client holding the old id can follow it. */
export const storyMerges = sqliteTable('story_merges', {
  fromStoryId: integer('from_story_id').primaryKey(),
  intoStoryId: integer('into_story_id').notNull(),
  mergedAt: text('merged_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
});

/** In how many stored articles each term or entity key occurs (term '' counts the articles): the IDF of story vectors. */
export const featureCounts = sqliteTable('feature_counts', {
  feature: text('feature').primaryKey(),
  articles: integer('articles').notNull(),
});

export const sourceKinds = ['feed', 'page'] as const;
export type SourceKind = (typeof sourceKinds)[number];

/**
 * Feeds and pages polled on a schedule (src/sources/poller.ts), with their health. Times are
 * ISO-8601 UTC text so they compare as written.
 */
export const sources = sqliteTable(
  'sources',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    url: text('url').notNull().unique(),
    kind: text('kind', { enum: sourceKinds }).notNull(),
    name: text('name').notNull(),
    /** Set by the operator: every article gets it; null lets detection decide. */
    language: text('language'),
    pollEverySeconds: integer('poll_every_seconds').notNull().default(900),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    /** Why the poller (or the operator) disabled it; null while enabled. */
    disabledReason: text('disabled_reason'),
    etag: text('etag'),
    lastModified: text('last_modified'),
    lastFetchedAt: text('last_fetched_at'),
    /** The last fetch's HTTP status; null when it got no answer (timeout, refused, too many redirects). */
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    nextPollAt: text('next_poll_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
    /** A run that claimed it holds it until then, so overlapping runs never poll it twice. */
    leaseUntil: text('lease_until'),
    createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  },
  (t) => [index('sources_due_idx').on(t.enabled, t.nextPollAt)],
);

export const sourceEntryStates = ['pending', 'done', 'failed'] as const;

/**
 * What a source listed (a feed's entries; a page source's one page), stored before any article is
 * written: a run that stops midway leaves them pending and the next run finishes them.
 */
export const sourceEntries = sqliteTable(
  'source_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sourceId: integer('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    /** The entry's guid/id, else its url: what "the same entry" means. */
    key: text('key').notNull(),
    url: text('url'),
    title: text('title'),
    author: text('author'),
    publishedAt: text('published_at'),
    /** The feed's content or summary (HTML), or a page source's extracted text: the fallback body. */
    content: text('content'),
    /** Page sources store extracted text; feed entries still need their page fetched. */
    fetchPage: integer('fetch_page', { mode: 'boolean' }).notNull().default(true),
    language: text('language'),
    /** Hash of what the source said; a new one makes the entry pending again (an updated entry). */
    fingerprint: text('fingerprint').notNull(),
    state: text('state', { enum: sourceEntryStates }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    articleId: integer('article_id').references(() => articles.id, { onDelete: 'set null' }),
    updatedAt: text('updated_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  },
  (t) => [uniqueIndex('source_entries_key_idx').on(t.sourceId, t.key), index('source_entries_state_idx').on(t.state, t.sourceId)],
);
