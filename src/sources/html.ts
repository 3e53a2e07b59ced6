import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

/**
 * HTML to text and article extraction with linkedom (a DOM in plain JS, so it runs in the Worker
 * as well as on Node, unlike jsdom) and @mozilla/readability (Firefox's Reader View).
 */

const blocks = 'p, div, section, article, header, footer, li, h1, h2, h3, h4, h5, h6, blockquote, pre, tr, br, figcaption, dd, dt';

/** Text of an HTML fragment with paragraphs kept as blank lines (the ingest cleaner splits on them). */
export function htmlToText(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  for (const element of document.querySelectorAll('script, style, noscript, template')) element.remove();
  for (const element of document.querySelectorAll(blocks)) element.after('\n\n');
  const text = document.body?.textContent ?? '';
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
}

export interface ExtractedPage {
  title: string | null;
  text: string;
  byline: string | null;
  publishedAt: string | null;
  /** The page's own `<html lang>`, a hint for language detection. */
  lang: string | null;
}

/** A page whose extracted text is shorter than this is no article (a consent wall, an index page). */
export const minArticleChars = 200;

/**
 * The article in a page: headline, body text, byline, published time, declared language. Null when
 * Readability finds no article or only a scrap of text; the caller then falls back to the feed.
 */
export function extractPage(html: string, url: string): ExtractedPage | null {
  const { document } = parseHTML(html);
  // Readability resolves relative links against the document's URL.
  const base = document.createElement('base');
  base.setAttribute('href', url);
  document.head?.insertBefore(base, document.head.firstChild);
  const lang = document.documentElement?.getAttribute('lang') ?? null;
  const article = new Readability(document as unknown as Document, { charThreshold: minArticleChars }).parse();
  if (!article?.content) return null;
  const text = htmlToText(article.content);
  if (text.length < minArticleChars) return null;
  return {
    title: article.title?.trim() || null,
    text,
    byline: article.byline?.trim() || null,
    publishedAt: article.publishedTime ?? null,
    lang: article.lang ?? lang,
  };
}
