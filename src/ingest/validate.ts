/** What a client or a corpus file gives us for one article. */
export interface ArticleInput {
  title: string;
  body: string;
  url?: string | null;
  publishedAt?: string | null;
  source?: string | null;
  language?: string | null;
}

export const maxBodyBytes = 200 * 1024;
const isoDate = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const dayMs = 24 * 60 * 60 * 1000;

/** Validated, canonical input: trimmed strings, publishedAt as ISO-8601 UTC. */
export interface ValidArticle {
  title: string;
  body: string;
  url: string | null;
  publishedAt: string | null;
  source: string | null;
  language: string;
}

/** Checks one input and names every violation, so a client can fix them all at once. */
export function validateArticle(input: unknown, now = Date.now()): { article: ValidArticle } | { errors: string[] } {
  const errors: string[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { errors: ['article must be an object'] };
  const raw = input as Record<string, unknown>;
  const optionalString = (field: string): string | null => {
    const value = raw[field];
    if (value === undefined || value === null || value === '') return null;
    if (typeof value !== 'string') {
      errors.push(`${field} must be a string`);
      return null;
    }
    return value.trim() || null;
  };

  const title = typeof raw.title === 'string' ? raw.title.trim() : '';
  if (!title) errors.push('title is required');
  else if (title.length > 1000) errors.push('title must be at most 1000 characters');

  const body = typeof raw.body === 'string' ? raw.body : '';
  if (!body.trim()) errors.push('body is required (at least 1 character)');
  else if (new TextEncoder().encode(body).length > maxBodyBytes) errors.push(`body must be at most ${maxBodyBytes / 1024} KB`);

  const url = optionalString('url');
  if (url !== null) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) errors.push('url must be an http(s) URL');
  }

  let publishedAt = optionalString('publishedAt');
  if (publishedAt !== null) {
    const time = isoDate.test(publishedAt) ? Date.parse(publishedAt) : Number.NaN;
    if (Number.isNaN(time)) errors.push('publishedAt must be an ISO-8601 date, e.g. 2024-09-13 or 2024-09-13T08:00:00Z');
    else if (time > now + dayMs) errors.push('publishedAt must not be more than a day in the future');
    else publishedAt = new Date(time).toISOString();
  }

  const source = optionalString('source');
  const language = optionalString('language') ?? 'en';
  if (!/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(language)) errors.push('language must be a language tag such as "en"');

  if (errors.length) return { errors };
  return { article: { title, body, url, publishedAt, source, language } };
}
