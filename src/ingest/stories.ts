import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { bandKeys, duplicateThreshold, estimatedJaccard, minhash, signatureFromHex, signatureToHex } from './duplicates.ts';
import type { Extraction } from './extract.ts';
import { addToCentroid, articleVector, cosine, featureCounts, idf, strongestKeys, vectorFromJson, vectorToJson, type Vector } from './story-vectors.ts';

/**
 * The ingest step that files each new text into a duplicate group and a story, inside the same
 * batch (transaction) that stores the article, so an article is stored with its group and story
 * or not at all.
 *
 * Per ingest group of up to 50 articles it reads four times, and what each read returns is bounded
 * per article, whatever the corpus size and the order articles arrive in: the stored articles
 * sharing an LSH band with any of them (at most `bucketFanOut` per band), the document counts of
 * their features, the stories whose last article is within `storyWindowDays` of each article's
 * time and that are indexed under one of its strongest features (at most `storyFanOut` per
 * feature), and the document counts of those stories' features. Decisions are made in order, so
 * an article also meets the duplicates and stories of earlier articles of its own group.
 *
 * Stories (single-pass clustering, as in topic detection and tracking): an article joins the most
 * similar recent story when the cosine of its vector with the story's centroid is at least
 * `joinThreshold`, else it opens a story. A near-duplicate joins its original's story. When an
 * article is as close to a second story and the two centroids are alike, the smaller story is
 * merged into the larger: its row stays with `merged_into`, its articles move, and story_merges
 * records it, so an old story id still leads somewhere. A story's id never changes as articles join.
 */

/** A story takes articles published within this many days of its span. */
export const storyWindowDays = 3;
/** Cosine of article and story centroid at or above which the article joins the story. */
export const joinThreshold = 0.45;
/** An article at least this close to a second story merges it into the first… */
export const bridgeThreshold = 0.4;
/** …when the two stories' centroids have at least this cosine. */
export const mergeThreshold = 0.35;
/** At most this many stored articles are read per LSH bucket (the newest): caps a hot bucket's fan-out. */
export const bucketFanOut = 32;
/** At most this many stories (the latest within the window) are read per feature an article looks stories up by. */
export const storyFanOut = 8;
/** How many of its centroid's features a story is found by. */
const storyKeyCount = 12;
const summaryLength = 280;
const dayMs = 86_400_000;

/** One new or changed text the step files. */
export interface ClusterItem {
  contentHash: string;
  title: string;
  extraction: Extraction;
  /** publishedAt, else the time of ingest: the story clock. */
  time: string;
  /** The stored article this text replaces (an update by url), whose old signature goes. */
  replaces: number | null;
}

/** A story as the step sees it: stored (`id`) or opened earlier in this group (`seedHash`). */
interface StoryState {
  id: number | null;
  seedHash: string;
  centroid: Vector;
  articleCount: number;
  first: string;
  last: string;
  centralSimilarity: number;
  merged: boolean;
}

/** An article the step knows, stored or of this group, with where it was filed. */
interface Known {
  articleId: number | null;
  contentHash: string | null;
  signature: Uint32Array;
  groupId: number | null;
  story: StoryState | null;
}

const json = (value: unknown) => JSON.stringify(value);
const articleIdOf = (hash: string) => sql`(SELECT id FROM articles WHERE content_hash = ${hash})`;

function storyRef(story: StoryState): SQL {
  // A concurrent writer may have merged a stored story since we read it: follow to where it went.
  return story.id === null
    ? sql`(SELECT id FROM stories WHERE seed_hash = ${story.seedHash})`
    : sql`coalesce((SELECT merged_into FROM stories WHERE id = ${story.id}), ${story.id})`;
}

function shift(time: string, days: number): string {
  return new Date(Date.parse(time) + days * dayMs).toISOString();
}

function lead(extraction: Extraction): string {
  let end = 0;
  for (const s of extraction.sentences) {
    if (end && s.end > summaryLength) break;
    end = s.end;
    if (end >= summaryLength / 2) break;
  }
  const text = extraction.text.slice(0, end || summaryLength).trim();
  if (text.length <= summaryLength) return text;
  const cut = text.slice(0, summaryLength);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), summaryLength / 2))}…`;
}

/** An item with what filing it needs from its text alone. */
interface Prepared {
  item: ClusterItem;
  signature: Uint32Array;
  bands: number[];
  counts: ReturnType<typeof featureCounts>;
}

/** What one group's filing reads once, then updates as it files each item in order. */
interface FilingState {
  prepared: Prepared[];
  vectors: Vector[];
  idfOf: (feature: string) => number;
  stories: Map<number, StoryState>;
  storyKeysOf: Map<StoryState, Set<string>>;
  byBand: Map<number, Known[]>;
  /** Stories opened by earlier items of this group. */
  opened: StoryState[];
}

/** The statements that file each item (same order), to append to that item's write. */
export async function clusterStatements(db: Database, items: readonly ClusterItem[]): Promise<SQL[][]> {
  if (!items.length) return [];
  const state = await readCandidates(db, items);
  return state.prepared.map((prepared, index) => fileItem(state, prepared, index));
}

/** The four bounded reads (see the comment at the top) and the group's vectors. */
async function readCandidates(db: Database, items: readonly ClusterItem[]): Promise<FilingState> {
  const prepared = items.map((item) => {
    const signature = minhash(item.extraction.text);
    return { item, signature, bands: bandKeys(signature), counts: featureCounts(item.title, item.extraction) };
  });

  // 1. Stored articles sharing a band with any item, with their group and story: the newest
  // `bucketFanOut` of each bucket, so a bucket every article falls in (boilerplate) costs no more.
  const allBands = [...new Set(prepared.flatMap((p) => p.bands))];
  const bandRows = await db.all<{ band: number; articleId: number; minhash: string; groupId: number; storyId: number | null }>(sql`
    WITH hits AS MATERIALIZED (
      SELECT b.value AS band, h.value AS articleId FROM json_each(${json(allBands)}) b,
        json_each((SELECT json_group_array(article_id) FROM (
          SELECT article_id FROM signature_bands WHERE band = b.value ORDER BY article_id DESC LIMIT ${bucketFanOut}))) h)
    SELECT hits.band AS band, s.article_id AS articleId, s.minhash AS minhash, s.group_id AS groupId, sa.story_id AS storyId
    FROM hits JOIN article_signatures s ON s.article_id = hits.articleId
    LEFT JOIN story_articles sa ON sa.article_id = s.article_id`);

  // 2. Document counts of every feature of the group ('' counts articles).
  const features = new Set<string>(['']);
  for (const p of prepared) for (const f of [...p.counts.terms.keys(), ...p.counts.entities.keys()]) features.add(f);
  const documents = new Map<string, number>();
  await readDocumentCounts(db, [...features], documents);

  // Vectors and IDF as of before this group (what the group adds is counted once it is stored).
  const total = documents.get('') ?? 0;
  const idfs = new Map<string, number>();
  const idfOf = (feature: string) => {
    let value = idfs.get(feature);
    if (value === undefined) idfs.set(feature, (value = idf(documents.get(feature) ?? 0, total)));
    return value;
  };
  const vectors = prepared.map((p) => articleVector(p.counts, idfOf));

  // 3. Stories whose last article is within `storyWindowDays` of an item and that are indexed
  // under one of its strongest features (the `storyFanOut` latest per feature and item), or that
  // hold a candidate duplicate. Each item's own window bounds the set, whatever the corpus size
  // and the order articles arrive in.
  const probes: [string, string, string][] = [];
  const probeKeys = new Set<string>();
  vectors.forEach((vector, index) => {
    const time = items[index]!.time;
    const [lo, hi] = [shift(time, -storyWindowDays), shift(time, storyWindowDays)];
    for (const key of strongestKeys(vector, idfOf)) {
      const probe = `${key}\u0000${lo}\u0000${hi}`;
      if (!probeKeys.has(probe)) probeKeys.add(probe), probes.push([key, lo, hi]);
    }
  });
  const dupStories = [...new Set(bandRows.flatMap((r) => (r.storyId === null ? [] : [r.storyId])))];
  const storyRows = await db.all<{ id: number; seedHash: string; centroid: string; articleCount: number; first: string; last: string; centralSimilarity: number; keys: string | null }>(sql`
    WITH hits AS MATERIALIZED (
      SELECT p.value->>0 AS key, h.value AS storyId FROM json_each(${json(probes)}) p,
        json_each((SELECT json_group_array(story_id) FROM (
          SELECT story_id FROM story_keys WHERE key = p.value->>0 AND last_published_at BETWEEN p.value->>1 AND p.value->>2
          ORDER BY last_published_at DESC LIMIT ${storyFanOut}))) h),
    found AS (SELECT storyId, json_group_array(DISTINCT key) AS keys FROM hits GROUP BY storyId),
    ids AS (SELECT storyId AS id, keys FROM found
      UNION ALL SELECT value, NULL FROM json_each(${json(dupStories)}) WHERE value NOT IN (SELECT storyId FROM found))
    SELECT s.id AS id, s.seed_hash AS seedHash, s.centroid AS centroid, s.article_count AS articleCount,
      s.first_published_at AS first, s.last_published_at AS last, s.central_similarity AS centralSimilarity, ids.keys AS keys
    FROM ids JOIN stories s ON s.id = ids.id
    WHERE s.merged_into IS NULL`);

  // 4. Document counts of the candidate stories' features this group does not have.
  const missing = new Set<string>();
  // each centroid parsed once, here and for the story below
  const centroids = storyRows.map((r) => vectorFromJson(r.centroid));
  for (const centroid of centroids) for (const f of centroid.keys()) if (!features.has(f)) missing.add(f);
  if (missing.size) await readDocumentCounts(db, [...missing], documents);

  const stories = new Map<number, StoryState>();
  const storyKeysOf = new Map<StoryState, Set<string>>();
  for (const [k, r] of storyRows.entries()) {
    const story: StoryState = {
      id: r.id,
      seedHash: r.seedHash,
      centroid: centroids[k]!,
      articleCount: r.articleCount,
      first: r.first,
      last: r.last,
      centralSimilarity: r.centralSimilarity,
      merged: false,
    };
    stories.set(r.id, story);
    storyKeysOf.set(story, new Set(r.keys ? (JSON.parse(r.keys) as string[]) : []));
  }
  const byBand = new Map<number, Known[]>();
  const knownArticles = new Map<number, Known>();
  for (const r of bandRows) {
    let known = knownArticles.get(r.articleId);
    if (!known) {
      known = { articleId: r.articleId, contentHash: null, signature: signatureFromHex(r.minhash), groupId: r.groupId, story: r.storyId === null ? null : (stories.get(r.storyId) ?? null) };
      knownArticles.set(r.articleId, known);
    }
    addToBand(byBand, r.band, known);
  }
  return { prepared, vectors, idfOf, stories, storyKeysOf, byBand, opened: [] };
}

/**
 * Adds the stored document counts of `features` to `into` (features never counted stay absent).
 * Read as one JSON array in the order asked, not a row per feature: a group asks for thousands,
 * and a row object per feature cost four times the look-ups themselves.
 */
async function readDocumentCounts(db: Database, features: string[], into: Map<string, number>): Promise<void> {
  const [row] = await db.all<{ counts: string }>(sql`
    SELECT json_group_array(f.articles ORDER BY v.key) AS counts
    FROM json_each(${json(features)}) v LEFT JOIN feature_counts f ON f.feature = v.value`);
  const counts = JSON.parse(row!.counts) as (number | null)[];
  counts.forEach((articles, i) => {
    if (articles !== null) into.set(features[i]!, articles);
  });
}

/** One item's duplicate group and story, as statements; updates `state` for the items after it. */
function fileItem(state: FilingState, { item, signature, bands, counts }: Prepared, index: number): SQL[] {
  const { vectors, idfOf, stories, byBand, opened } = state;
  const vector = vectors[index]!;
  const statements: SQL[] = [];
  const self = articleIdOf(item.contentHash);
  if (item.replaces !== null) {
    statements.push(sql`DELETE FROM signature_bands WHERE article_id = ${item.replaces}`, sql`DELETE FROM article_signatures WHERE article_id = ${item.replaces}`);
  }

  // Near-duplicates: the candidates of its buckets, verified on the whole signature.
  let original: Known | null = null;
  let best = duplicateThreshold;
  const seen = new Set<Known>();
  for (const band of bands) {
    for (const candidate of byBand.get(band) ?? []) {
      if (seen.has(candidate) || (item.replaces !== null && candidate.articleId === item.replaces)) continue;
      seen.add(candidate);
      const similarity = estimatedJaccard(signature, candidate.signature);
      if (similarity >= best) [best, original] = [similarity, candidate];
    }
  }
  const groupId =
    original === null
      ? self
      : original.groupId !== null
        ? sql`${original.groupId}`
        : sql`coalesce((SELECT group_id FROM article_signatures WHERE article_id = ${articleIdOf(original.contentHash!)}), ${self})`;
  statements.push(
    sql`INSERT INTO article_signatures (article_id, minhash, group_id) VALUES (${self}, ${signatureToHex(signature)}, ${groupId})`,
    sql`INSERT OR IGNORE INTO signature_bands (band, article_id) SELECT value, ${self} FROM json_each(${json(bands)})`,
    sql`INSERT INTO feature_counts (feature, articles) SELECT value, 1 FROM json_each(${json(['', ...featureKeys(counts)])}) WHERE true
      ON CONFLICT (feature) DO UPDATE SET articles = articles + 1`,
  );

  // Story: an updated text keeps its story; a duplicate joins its original's; others the closest recent one.
  let story: StoryState | null = null;
  let similarity = 1;
  let join = true;
  if (item.replaces !== null) {
    statements.push(...fileUpdated(item, vector));
    const known: Known = { articleId: null, contentHash: item.contentHash, signature, groupId: null, story: null };
    for (const band of bands) addToBand(byBand, band, known);
    return statements;
  }
  if (original?.story && !original.story.merged) {
    story = original.story;
    join = false; // a copy adds nothing to the centroid
  } else {
    const ranked: { story: StoryState; similarity: number }[] = [];
    const keys = new Set(strongestKeys(vector, idfOf));
    const [earliest, latest] = [shift(item.time, -storyWindowDays), shift(item.time, storyWindowDays)];
    // every item meets every candidate of its group: no array per candidate or per item here
    const consider = (candidate: StoryState) => {
      if (candidate.merged || candidate.last < earliest || candidate.first > latest) return;
      const indexed = state.storyKeysOf.get(candidate);
      if (indexed && !sharesKey(indexed, keys)) return;
      ranked.push({ story: candidate, similarity: cosine(vector, candidate.centroid, idfOf) });
    };
    for (const candidate of stories.values()) consider(candidate);
    for (const candidate of opened) consider(candidate);
    ranked.sort((a, b) => b.similarity - a.similarity || b.story.articleCount - a.story.articleCount);
    if (ranked[0] && ranked[0].similarity >= joinThreshold) {
      story = ranked[0].story;
      similarity = ranked[0].similarity;
      const second = ranked[1];
      if (second && second.similarity >= bridgeThreshold && story.id !== null && second.story.id !== null && cosine(story.centroid, second.story.centroid, idfOf) >= mergeThreshold) {
        const [into, from] = story.articleCount >= second.story.articleCount ? [story, second.story] : [second.story, story];
        statements.push(...merge(state, from, into));
        story = into;
      }
    }
  }

  if (!story) {
    story = { id: null, seedHash: item.contentHash, centroid: vector, articleCount: 1, first: item.time, last: item.time, centralSimilarity: 0, merged: false };
    opened.push(story);
    statements.push(
      sql`INSERT INTO stories (seed_hash, title, summary, central_article_id, central_similarity, article_count, first_published_at, last_published_at, centroid)
        VALUES (${item.contentHash}, ${item.title}, ${lead(item.extraction)}, ${self}, 0, 1, ${item.time}, ${item.time}, ${vectorToJson(vector)})`,
      joinStatement(self, story, 1, item.time),
      indexStory(state, story),
    );
  } else {
    const central = join && similarity > story.centralSimilarity;
    if (join) story.centroid = addToCentroid(story.centroid, vector, idfOf);
    if (central) story.centralSimilarity = similarity;
    story.articleCount++;
    if (item.time < story.first) story.first = item.time;
    if (item.time > story.last) story.last = item.time;
    const ref = storyRef(story);
    statements.push(
      joinStatement(self, story, similarity, item.time),
      // One more article (counting the story's rows would cost its size); min/max read one index entry each.
      sql`UPDATE stories SET
        article_count = article_count + 1,
        first_published_at = (SELECT min(published_at) FROM story_articles WHERE story_id = stories.id),
        last_published_at = (SELECT max(published_at) FROM story_articles WHERE story_id = stories.id),
        centroid = ${vectorToJson(story.centroid)},
        ${central ? sql`title = ${item.title}, summary = ${lead(item.extraction)}, central_article_id = ${self}, central_similarity = ${similarity},` : sql``}
        updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        WHERE id = ${ref}`,
    );
    if (join) statements.push(indexStory(state, story));
    else statements.push(sql`UPDATE story_keys SET last_published_at = max(last_published_at, ${item.time}) WHERE story_id = ${ref}`);
  }
  const known: Known = { articleId: null, contentHash: item.contentHash, signature, groupId: original?.groupId ?? null, story };
  for (const band of bands) addToBand(byBand, band, known);
  return statements;
}

function addToBand(byBand: Map<number, Known[]>, band: number, known: Known): void {
  const list = byBand.get(band);
  if (list) list.push(known);
  else byBand.set(band, [known]);
}

function sharesKey(indexed: ReadonlySet<string>, keys: ReadonlySet<string>): boolean {
  for (const k of indexed) if (keys.has(k)) return true;
  return false;
}

/** Points a story's index entries at its current strongest features and last time. */
function indexStory(state: FilingState, story: StoryState): SQL {
  const ref = storyRef(story);
  const keys = strongestKeys(story.centroid, state.idfOf, storyKeyCount);
  state.storyKeysOf.set(story, new Set(keys));
  return sql`INSERT INTO story_keys (key, story_id, last_published_at) SELECT value, ${ref}, ${story.last} FROM json_each(${json(keys)}) WHERE true
    ON CONFLICT (key, story_id) DO UPDATE SET last_published_at = excluded.last_published_at`;
}

/** Folds `from` into `into`: its articles move, its row and the log say where they went. */
function merge(state: FilingState, from: StoryState, into: StoryState): SQL[] {
  from.merged = true;
  into.centroid = addToCentroid(into.centroid, from.centroid, state.idfOf);
  into.articleCount += from.articleCount;
  if (from.first < into.first) into.first = from.first;
  if (from.last > into.last) into.last = from.last;
  const [fromId, intoId] = [from.id!, into.id!];
  return [
    sql`UPDATE story_articles SET story_id = ${intoId} WHERE story_id = ${fromId}`,
    // Recounted here, where it is rare; joins add one.
    sql`UPDATE stories SET article_count = (SELECT count(*) FROM story_articles WHERE story_id = ${intoId}) WHERE id = ${intoId}`,
    sql`UPDATE stories SET merged_into = ${intoId}, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ${fromId} OR merged_into = ${fromId}`,
    sql`INSERT OR REPLACE INTO story_merges (from_story_id, into_story_id) VALUES (${fromId}, ${intoId})`,
    sql`UPDATE story_merges SET into_story_id = ${intoId} WHERE into_story_id = ${fromId}`,
    sql`DELETE FROM story_keys WHERE story_id = ${fromId}`,
  ];
}

/**
 * Files the article in the story. Written as a select, so that when the batch failed and this
 * article is stored alone while the group article that opened its story was not, it is stored
 * without a story instead of failing too.
 */
function joinStatement(self: SQL, story: StoryState, similarity: number, time: string): SQL {
  return sql`INSERT INTO story_articles (article_id, story_id, similarity, published_at)
    SELECT ${self}, id, ${similarity}, ${time} FROM stories WHERE id = ${storyRef(story)}`;
}

function featureKeys(counts: { terms: Map<string, number>; entities: Map<string, number> }): string[] {
  return [...counts.terms.keys(), ...counts.entities.keys()];
}

/** An updated text stays in its story (the same event, revised); one not yet in a story opens its own. */
function fileUpdated(item: ClusterItem, vector: Vector): SQL[] {
  const self = articleIdOf(item.contentHash);
  return [
    sql`INSERT OR IGNORE INTO stories (seed_hash, title, summary, central_article_id, central_similarity, article_count, first_published_at, last_published_at, centroid)
      SELECT ${item.contentHash}, ${item.title}, ${lead(item.extraction)}, ${self}, 0, 1, ${item.time}, ${item.time}, ${vectorToJson(vector)}
      WHERE NOT EXISTS (SELECT 1 FROM story_articles WHERE article_id = ${self})`,
    sql`INSERT OR IGNORE INTO story_articles (article_id, story_id, similarity, published_at)
      SELECT ${self}, id, 1, ${item.time} FROM stories WHERE seed_hash = ${item.contentHash}`,
  ];
}
