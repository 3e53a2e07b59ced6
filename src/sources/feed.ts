import { parseFeed } from 'feedsmith';

/** One entry of any feed format, as the poller needs it. Content is HTML (or text) from the feed. */
export interface FeedEntry {
  key: string;
  url: string | null;
  title: string | null;
  author: string | null;
  /** ISO-8601 UTC, or null when the feed gives none or one that is no date. */
  publishedAt: string | null;
  /** When the feed says the entry last changed (part of its fingerprint). */
  updatedAt: string | null;
  summary: string | null;
  content: string | null;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  language: string | null;
  entries: FeedEntry[];
}

/** Feeds longer than this are read from the top (newest first in practice). */
export const maxFeedEntries = 200;

/** RFC 822 (RSS), RFC 3339 (Atom, JSON Feed) or W3C-DTF (Dublin Core) → ISO-8601 UTC; null when unreadable. */
export function toIsoDate(text: string | null | undefined): string | null {
  if (!text) return null;
  const ms = Date.parse(text.trim());
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function absolute(url: string | null | undefined, base: string): string | null {
  if (!url) return null;
  try {
    const resolved = new URL(url.trim(), base);
    return resolved.protocol === 'http:' || resolved.protocol === 'https:' ? resolved.toString() : null;
  } catch {
    return null;
  }
}

const text = (value: unknown): string | null => {
  if (typeof value === 'string') return value.trim() || null;
  if (value && typeof value === 'object' && 'value' in value && typeof value.value === 'string') return value.value.trim() || null;
  return null;
};

/**
 * Parses RSS 0.9x/2.0, Atom 0.3/1.0, RDF (RSS 1.0) and JSON Feed 1.x with feedsmith (lenient
 * about real-world feeds) and maps every format to FeedEntry. Throws when the text is no feed.
 * Hand-written mapping: feedsmith keeps each format's own shape on purpose.
 */
export function parseFeedEntries(body: string, feedUrl: string): ParsedFeed {
  const parsed = parseFeed(body);
  const entries: FeedEntry[] = [];
  const push = (entry: Omit<FeedEntry, 'key'> & { id: string | null }) => {
    const key = entry.id ?? entry.url;
    if (!key || entries.length >= maxFeedEntries) return;
    const { id: _id, ...rest } = entry;
    entries.push({ key, ...rest });
  };
  switch (parsed.format) {
    case 'rss':
      for (const item of parsed.feed.items ?? []) {
        push({
          id: text(item.guid?.value),
          url: absolute(item.link ?? (item.guid?.isPermaLink !== false ? item.guid?.value : null), feedUrl),
          title: text(item.title),
          author: text(item.authors?.[0]) ?? text(item.dc?.creators?.[0]),
          publishedAt: toIsoDate(item.pubDate ?? item.dc?.dates?.[0]),
          updatedAt: toIsoDate(item.atom?.updated ?? [item.dcterms?.modified].flat()[0]),
          summary: text(item.description),
          content: text(item.content?.encoded),
        });
      }
      return { format: 'rss', language: text(parsed.feed.language), entries };
    case 'atom':
      for (const entry of parsed.feed.entries ?? []) {
        const link = entry.links?.find((l) => !l.rel || l.rel === 'alternate') ?? entry.links?.[0];
        push({
          id: text(entry.id),
          url: absolute(link?.href, feedUrl),
          title: text(entry.title),
          author: text(entry.authors?.[0]?.name),
          publishedAt: toIsoDate(entry.published ?? entry.updated),
          updatedAt: toIsoDate(entry.updated),
          summary: text(entry.summary),
          content: text(entry.content),
        });
      }
      return { format: 'atom', language: null, entries };
    case 'rdf':
      for (const item of parsed.feed.items ?? []) {
        push({
          id: text(item.rdf?.about) ?? text(item.link),
          url: absolute(item.link ?? item.rdf?.about, feedUrl),
          title: text(item.title),
          author: text(item.dc?.creators?.[0]),
          publishedAt: toIsoDate(item.dc?.dates?.[0]),
          updatedAt: null,
          summary: text(item.description),
          content: text(item.content?.encoded),
        });
      }
      return { format: 'rdf', language: text(parsed.feed.dc?.languages?.[0]), entries };
    case 'json':
      for (const item of parsed.feed.items ?? []) {
        push({
          id: text(item.id),
          url: absolute(item.url ?? item.external_url, feedUrl),
          title: text(item.title),
          author: text(item.authors?.[0]?.name),
          publishedAt: toIsoDate(item.date_published),
          updatedAt: toIsoDate(item.date_modified),
          summary: text(item.summary),
          content: text(item.content_html) ?? text(item.content_text),
        });
      }
      return { format: 'json', language: text(parsed.feed.language), entries };
  }
}
