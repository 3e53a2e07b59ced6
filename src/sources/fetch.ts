/**
 * The one way the poller fetches (feeds, pages, robots.txt), on Node and in the Worker alike:
 * `fetch` with a User-Agent naming the project and a contact URL, conditional GET, a timeout over
 * the whole exchange, redirects followed by hand so they can be capped, and a size cap on the
 * decoded body (gzip/brotli are decoded by the runtime's fetch, so a compressed bomb is capped too).
 */

import { readAtMost } from '../lib/read-at-most.ts';

export interface FetchSettings {
  userAgent: string;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
}

export interface Fetched {
  status: number;
  /** Where the body came from, after redirects. */
  url: string;
  headers: Headers;
  body: Uint8Array;
}

/** A fetch that got no usable answer; `status` is the HTTP status when there was one. */
export class FetchFailure extends Error {
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

export interface Conditional {
  etag?: string | null;
  lastModified?: string | null;
  accept?: string;
}

/** The runtime's fetch, unless a caller (the Worker's scheduled handler) passes its own. */
export type Fetcher = (input: string, init: RequestInit) => Promise<Response>;

/**
 * GETs `url`. 304 and 2xx are answers; anything else (other statuses, a timeout, too many
 * redirects, a body over `maxBytes`) throws FetchFailure with a reason an operator can act on.
 */
export async function politeFetch(url: string, settings: FetchSettings, conditional: Conditional = {}, fetcher: Fetcher = fetch): Promise<Fetched> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), settings.timeoutMs);
  const headers: Record<string, string> = { 'user-agent': settings.userAgent, accept: conditional.accept ?? '*/*' };
  if (conditional.etag) headers['if-none-match'] = conditional.etag;
  if (conditional.lastModified) headers['if-modified-since'] = conditional.lastModified;
  let current = url;
  try {
    for (let redirects = 0; ; redirects++) {
      const response = await fetcher(current, { headers, redirect: 'manual', signal: controller.signal });
      if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        await response.body?.cancel();
        const location = response.headers.get('location');
        if (!location) throw new FetchFailure(`HTTP ${response.status} without a Location header`, response.status);
        if (redirects >= settings.maxRedirects) throw new FetchFailure(`more than ${settings.maxRedirects} redirects (last to ${location.slice(0, 200)})`, response.status);
        current = new URL(location, current).toString();
        if (!/^https?:/.test(current)) throw new FetchFailure(`redirected to a non-http(s) URL`, response.status);
        continue;
      }
      if (response.status === 304) {
        await response.body?.cancel();
        return { status: 304, url: current, headers: response.headers, body: new Uint8Array() };
      }
      if (response.status < 200 || response.status >= 300) {
        await response.body?.cancel();
        throw new FetchFailure(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`, response.status);
      }
      return { status: response.status, url: current, headers: response.headers, body: await readCapped(response, settings.maxBytes) };
    }
  } catch (error) {
    if (error instanceof FetchFailure) throw error;
    if (controller.signal.aborted) throw new FetchFailure(`no complete answer within ${settings.timeoutMs} ms (timed out)`);
    throw new FetchFailure(`could not fetch: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300));
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  // Content-Length counts encoded bytes; the decoded body is checked as it streams below.
  if (!response.headers.get('content-encoding') && declared > maxBytes) {
    await response.body?.cancel();
    throw new FetchFailure(`response of ${declared} bytes is over the ${maxBytes}-byte limit`, response.status);
  }
  if (!response.body) return new Uint8Array();
  const body = await readAtMost(response.body, maxBytes);
  if (!body) throw new FetchFailure(`response is over the ${maxBytes}-byte limit`, response.status);
  return body;
}

/**
 * The body as text, in the charset the response declares: the Content-Type header, else a BOM,
 * else the document's own declaration (`<?xml encoding=…?>`, `<meta charset=…>`), else UTF-8.
 * An unknown label falls back to UTF-8 rather than failing the entry.
 */
export function decodeBody(fetched: Pick<Fetched, 'body' | 'headers'>): string {
  const { body } = fetched;
  const fromHeader = /charset\s*=\s*["']?([\w.:-]+)/i.exec(fetched.headers.get('content-type') ?? '')?.[1];
  let label = fromHeader;
  if (!label) {
    if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) label = 'utf-8';
    else if (body[0] === 0xff && body[1] === 0xfe) label = 'utf-16le';
    else if (body[0] === 0xfe && body[1] === 0xff) label = 'utf-16be';
  }
  if (!label) {
    // Declarations are ASCII, so reading the head as latin1 finds them whatever the charset.
    const head = new TextDecoder('latin1').decode(body.subarray(0, 2048));
    label =
      /<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1] ??
      /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label ?? 'utf-8');
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(body);
}

/**
 * At most `perHost` requests at once to one host, their starts at least `delayMs` apart: a polite
 * crawler's manners. Hand-written: the few lines of queueing are not worth a dependency.
 */
export class HostLimiter {
  private readonly hosts = new Map<string, { active: number; nextStart: number; waiting: (() => void)[] }>();

  constructor(
    private readonly perHost: number,
    private readonly delayMs: number,
  ) {}

  async run<T>(url: string, task: () => Promise<T>): Promise<T> {
    const host = new URL(url).host;
    let state = this.hosts.get(host);
    if (!state) this.hosts.set(host, (state = { active: 0, nextStart: 0, waiting: [] }));
    while (state.active >= this.perHost) await new Promise<void>((resolve) => state.waiting.push(resolve));
    state.active++;
    try {
      const wait = state.nextStart - Date.now();
      state.nextStart = Math.max(Date.now(), state.nextStart) + this.delayMs;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      return await task();
    } finally {
      state.active--;
      state.waiting.shift()?.();
    }
  }
}
