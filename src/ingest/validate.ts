import { removeControlCharacters } from './clean.ts';

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
const dayMs = 24 * 60 * 60 * 1000;

const isoDate = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):?(\d{2}))?)?$/;
const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * An ISO-8601 date or date-time ("2024-09-13", "2024-09-13T08:00:00Z", "2024-09-13 08:00+02:00")
 * as ISO-8601 UTC, or null when it is not one or names no real moment ("2024-02-30", "25:00",
 * an offset of +24:00). Without an offset it is UTC. Ingest validation and the GraphQL DateTime
 * scalar both use it. Written out because `Date.parse` rolls impossible dates over (Feb 30 becomes
 * Mar 1) and reads offset-less times in the server's time zone.
 */
export function parseIsoDate(text: string): string | null {
  const match = isoDate.exec(text);
  if (!match) return null;
  const field = (i: number) => Number(match[i] ?? 0);
  const [year, month, day, hour, minute, second] = [field(1), field(2), field(3), field(4), field(5), field(6)];
  const [offsetHours, offsetMinutes] = [field(9), field(10)];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : monthDays[month - 1];
  if (days === undefined || day < 1 || day > days || hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return null;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC, which reads years 0–99 as 1900–1999
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, Number((match[7] ?? '').padEnd(3, '0').slice(0, 3)));
  const sign = match[8] === '-' ? -1 : 1;
  const utc = new Date(date.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000);
  const utcYear = utc.getUTCFullYear();
  return utcYear < 0 || utcYear > 9999 ? null : utc.toISOString();
}

/** C0 and C1 control characters: no url, source or language tag has one. */
const controlCharacter = /[\u0000-\u001F\u007F-\u009F]/;

/** Validated, canonical input: trimmed strings, publishedAt as ISO-8601 UTC. */
export interface ValidArticle {
  title: string;
  body: string;
  url: string | null;
  publishedAt: string | null;
  source: string | null;
  language: string;
}

/** Checks one input and names every violation, so a client can fix them all at once. (Why not valibot: docs/decisions.md.) */
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
    if (controlCharacter.test(value)) {
      errors.push(`${field} must not contain control characters`);
      return null;
    }
    return value.trim() || null;
  };

  // Control characters are dropped from the text (as cleanText does for the body), never stored.
  const title = typeof raw.title === 'string' ? removeControlCharacters(raw.title).trim() : '';
  if (!title) errors.push('title is required');
  else if (title.length > 1000) errors.push('title must be at most 1000 characters');

  const body = typeof raw.body === 'string' ? raw.body : '';
  if (!removeControlCharacters(body).trim()) errors.push('body is required (at least 1 character)');
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
    const parsed = parseIsoDate(publishedAt);
    if (parsed === null) errors.push('publishedAt must be an ISO-8601 date that exists, e.g. 2024-09-13 or 2024-09-13T08:00:00Z');
    else if (Date.parse(parsed) > now + dayMs) errors.push('publishedAt must not be more than a day in the future');
    else publishedAt = parsed;
  }

  const source = optionalString('source');
  const language = optionalString('language') ?? 'en';
  if (!/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(language)) errors.push('language must be a language tag such as "en"');

  if (errors.length) return { errors };
  return { article: { title, body, url, publishedAt, source, language } };
}
