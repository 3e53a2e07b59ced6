import { asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { sourceKinds, sources, type SourceKind } from '../db/schema.ts';

/** A polled source with its health, as the admin API and `npm run sources -- list` show it. */
export interface Source {
  id: number;
  url: string;
  kind: SourceKind;
  name: string;
  language: string | null;
  pollEverySeconds: number;
  enabled: boolean;
  disabledReason: string | null;
  lastFetchedAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  consecutiveFailures: number;
  nextPollAt: string;
  /** Articles stored from its entries. */
  articlesFound: number;
  /** Entries waiting for their article (a run stopped at its budget, or a retry). */
  pendingEntries: number;
  createdAt: string;
}

export interface SourceInput {
  url?: string;
  kind?: string;
  name?: string;
  /** null clears it (detection decides again). */
  language?: string | null;
  pollEverySeconds?: number;
  enabled?: boolean;
}

/** Invalid input for a source: `field` names the argument at fault. */
export class SourceError extends Error {
  constructor(
    message: string,
    readonly field: string,
    readonly code: 'BAD_USER_INPUT' | 'DUPLICATE' = 'BAD_USER_INPUT',
  ) {
    super(message);
  }
}

export const minPollEverySeconds = 60;
export const maxPollEverySeconds = 7 * 24 * 3600;
const languageTag = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

function checkUrl(raw: string): string {
  if (raw.length > 2000) throw new SourceError('url must be at most 2000 characters', 'url');
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new SourceError(`url ${JSON.stringify(raw.slice(0, 200))} is not a URL`, 'url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SourceError('url must be an http(s) URL', 'url');
  if (url.username || url.password) throw new SourceError('url must not carry credentials', 'url');
  url.hash = '';
  return url.toString();
}

/** The columns an input sets, checked; throws SourceError naming the first bad field. */
function checkInput(input: SourceInput): Partial<typeof sources.$inferInsert> {
  const values: Partial<typeof sources.$inferInsert> = {};
  if (input.url !== undefined) values.url = checkUrl(input.url);
  if (input.kind !== undefined) {
    const kind = input.kind.toLowerCase();
    if (!(sourceKinds as readonly string[]).includes(kind)) throw new SourceError(`kind must be one of ${sourceKinds.join(', ')}`, 'kind');
    values.kind = kind as SourceKind;
  }
  if (input.name !== undefined) {
    const name = input.name.trim();
    if (!name || name.length > 200) throw new SourceError('name must be 1 to 200 characters', 'name');
    values.name = name;
  }
  if (input.language !== undefined) {
    const language = input.language?.trim() || null;
    if (language !== null && !languageTag.test(language)) throw new SourceError('language must be a language tag such as "en"', 'language');
    values.language = language;
  }
  if (input.pollEverySeconds !== undefined) {
    const every = input.pollEverySeconds;
    if (!Number.isInteger(every) || every < minPollEverySeconds || every > maxPollEverySeconds) {
      throw new SourceError(`pollEvery must be whole seconds from ${minPollEverySeconds} to ${maxPollEverySeconds}`, 'pollEvery');
    }
    values.pollEverySeconds = every;
  }
  if (input.enabled !== undefined) {
    values.enabled = input.enabled;
    // Enabling again starts afresh: the failure count and reason go, and it is due now.
    if (input.enabled) Object.assign(values, { disabledReason: null, consecutiveFailures: 0, nextPollAt: new Date().toISOString() });
    else values.disabledReason = 'disabled by an operator';
  }
  return values;
}

const selectSources = (db: Database) =>
  db
    .select({
      id: sources.id,
      url: sources.url,
      kind: sources.kind,
      name: sources.name,
      language: sources.language,
      pollEverySeconds: sources.pollEverySeconds,
      enabled: sources.enabled,
      disabledReason: sources.disabledReason,
      lastFetchedAt: sources.lastFetchedAt,
      lastStatus: sources.lastStatus,
      lastError: sources.lastError,
      consecutiveFailures: sources.consecutiveFailures,
      nextPollAt: sources.nextPollAt,
      createdAt: sources.createdAt,
      articlesFound: sql<number>`(SELECT count(DISTINCT e.article_id) FROM source_entries e WHERE e.source_id = sources.id)`,
      pendingEntries: sql<number>`(SELECT count(*) FROM source_entries e WHERE e.source_id = sources.id AND e.state = 'pending')`,
    })
    .from(sources);

export async function listSources(db: Database): Promise<Source[]> {
  return selectSources(db).orderBy(asc(sources.id));
}

export async function getSource(db: Database, id: number): Promise<Source | null> {
  const [row] = await selectSources(db).where(eq(sources.id, id));
  return row ?? null;
}

function isUniqueUrl(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) if (/UNIQUE constraint failed: sources\.url/.test(e.message)) return true;
  return false;
}

export async function addSource(db: Database, input: SourceInput & { url: string; kind: string; name: string }): Promise<Source> {
  const values = checkInput(input);
  try {
    const [row] = await db
      .insert(sources)
      .values(values as typeof sources.$inferInsert)
      .returning({ id: sources.id });
    return (await getSource(db, row!.id))!;
  } catch (error) {
    if (isUniqueUrl(error)) throw new SourceError(`a source with url ${values.url} already exists`, 'url', 'DUPLICATE');
    throw error;
  }
}

/** Changes the given fields; null when no source has that id. */
export async function updateSource(db: Database, id: number, input: SourceInput): Promise<Source | null> {
  const values = checkInput(input);
  if (values.url !== undefined) Object.assign(values, { etag: null, lastModified: null });
  if (Object.keys(values).length) {
    try {
      const changed = await db.update(sources).set(values).where(eq(sources.id, id)).returning({ id: sources.id });
      if (!changed.length) return null;
    } catch (error) {
      if (isUniqueUrl(error)) throw new SourceError(`a source with url ${values.url} already exists`, 'url', 'DUPLICATE');
      throw error;
    }
  }
  return getSource(db, id);
}

/** Deletes a source and its entry bookkeeping; the articles it brought stay. False when none had that id. */
export async function removeSource(db: Database, id: number): Promise<boolean> {
  const [, deleted] = await db.batch([
    db.run(sql`DELETE FROM source_entries WHERE source_id = ${id}`),
    db.delete(sources).where(eq(sources.id, id)).returning({ id: sources.id }),
  ]);
  return deleted.length > 0;
}

/** Finds a source by id or exact url (the CLI accepts either). */
export async function findSourceId(db: Database, ref: string): Promise<number | null> {
  if (/^\d+$/.test(ref)) return Number(ref);
  let url: string;
  try {
    url = checkUrl(ref);
  } catch {
    return null;
  }
  const [row] = await db.select({ id: sources.id }).from(sources).where(eq(sources.url, url));
  return row?.id ?? null;
}
