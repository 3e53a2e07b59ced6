/**
 * The loopback fixture server the poller tests fetch from (never the internet): feeds in every
 * format, article pages, and the ways a source goes wrong. Files are in tests/fixtures/feeds/,
 * with {{BASE}} standing for this server's URL. Used in process by the Node tests and by the
 * workerd project's globalSetup (the Worker fetches it over loopback); `/__log` and
 * `/__version?set=N` let a test in workerd read the request log and update the "updating" feed.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const folder = join(import.meta.dirname, '../fixtures/feeds');

export interface LoggedRequest {
  path: string;
  userAgent: string;
  ifNoneMatch: string | null;
  ifModifiedSince: string | null;
  acceptEncoding: string | null;
}

export interface FeedServer {
  url: string;
  requests: LoggedRequest[];
  /** Which version of the "updating" feed and its page is served (1, then 2). */
  version: number;
  /** The most requests this server was answering at once (the hanging /slow.xml aside). */
  maxInFlight: number;
  /** Called for each request before it is answered (a test can act on a given path). */
  onRequest?: (path: string) => void;
  close(): Promise<void>;
}

const rssEtag = '"rss-v1"';
const atomLastModified = 'Wed, 04 Nov 2026 08:00:00 GMT';

/** `bigPageBytes`: the size of /articles/big.html, meant to be over the poller's size cap. */
export async function startFeedServer(options: { bigPageBytes?: number } = {}): Promise<FeedServer> {
  const hanging = new Set<ServerResponse>();
  const state: FeedServer = { url: '', requests: [], version: 1, maxInFlight: 0, close: async () => {} };
  let inFlight = 0;
  const file = (name: string) => readFileSync(join(folder, name));
  const withBase = (name: string) => Buffer.from(file(name).toString('latin1').replaceAll('{{BASE}}', state.url), 'latin1');

  const send = (req: IncomingMessage, res: ServerResponse, type: string, body: Buffer, headers: Record<string, string> = {}) => {
    // Compressed when the client accepts it, as real servers do: the poller must read gzip.
    if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '') && body.length > 200) {
      res.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip', ...headers });
      res.end(gzipSync(body));
    } else {
      res.writeHead(200, { 'content-type': type, ...headers });
      res.end(body);
    }
  };

  const server = createServer((req, res) => {
    const { pathname, searchParams } = new URL(req.url ?? '/', 'http://fixture');
    if (!pathname.startsWith('/__') && pathname !== '/slow.xml') {
      inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      res.once('close', () => inFlight--);
    }
    if (!pathname.startsWith('/__')) {
      state.requests.push({
        path: pathname,
        userAgent: req.headers['user-agent'] ?? '',
        ifNoneMatch: (req.headers['if-none-match'] as string) ?? null,
        ifModifiedSince: (req.headers['if-modified-since'] as string) ?? null,
        acceptEncoding: (req.headers['accept-encoding'] as string) ?? null,
      });
      state.onRequest?.(pathname);
    }
    const xml = 'application/xml';
    switch (pathname) {
      case '/__log':
        return send(req, res, 'application/json', Buffer.from(JSON.stringify(state.requests)));
      case '/__version':
        state.version = Number(searchParams.get('set') ?? state.version);
        return send(req, res, 'text/plain', Buffer.from(String(state.version)));
      case '/robots.txt':
        return send(req, res, 'text/plain', Buffer.from('User-agent: *\nDisallow: /private/\n'));
      case '/rss.xml':
        if (req.headers['if-none-match'] === rssEtag) return void res.writeHead(304, { etag: rssEtag }).end();
        return send(req, res, 'application/rss+xml; charset=utf-8', withBase('rss.xml'), { etag: rssEtag });
      case '/atom.xml':
        if (req.headers['if-modified-since'] === atomLastModified) return void res.writeHead(304).end();
        return send(req, res, 'application/atom+xml', withBase('atom.xml'), { 'last-modified': atomLastModified });
      case '/feed.json':
        return send(req, res, 'application/feed+json', withBase('feed.json'));
      case '/rdf.xml':
        return send(req, res, 'application/rdf+xml', withBase('rdf.xml'));
      case '/latin1.xml':
        // No charset in the header: the XML declaration says ISO-8859-1.
        return send(req, res, 'application/rss+xml', withBase('latin1.xml'));
      case '/malformed.xml':
        return send(req, res, xml, withBase('malformed.xml'));
      case '/updating.xml':
        return send(req, res, xml, withBase(`updating-v${state.version}.xml`));
      case '/articles/library.html':
        return send(req, res, 'text/html; charset=utf-8', file(`articles/library-v${state.version}.html`));
      case '/articles/big.html': {
        const paragraph = '<p>' + 'A paragraph that repeats to make the page too big to fetch. '.repeat(20) + '</p>';
        return send(req, res, 'text/html', Buffer.from(`<html><body><article>${paragraph.repeat(Math.ceil((options.bigPageBytes ?? 3_000_000) / paragraph.length))}</article></body></html>`));
      }
      case '/page.html':
        return send(req, res, 'text/html; charset=utf-8', file('articles/standalone.html'));
      case '/slow.xml':
        // Never answers: the poller's timeout must end the wait.
        hanging.add(res);
        return;
      case '/loop-a':
        return void res.writeHead(302, { location: '/loop-b' }).end();
      case '/loop-b':
        return void res.writeHead(302, { location: '/loop-a' }).end();
      case '/gone.xml':
        return void res.writeHead(503, { 'content-type': 'text/plain' }).end('down for maintenance');
    }
    if (/^\/(articles|private)\/[\w-]+\.html$/.test(pathname)) {
      try {
        // No charset in the header: muenchen.html says windows-1252 in a <meta>.
        return send(req, res, 'text/html', file(pathname.slice(1)));
      } catch {
        /* not a fixture: 404 below */
      }
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
