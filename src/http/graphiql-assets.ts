// Node only: imports GraphiQL's ~9 MB bundle, which the Worker serves as static assets instead.
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as graphiql from '@graphql-yoga/render-graphiql/graphiql';
import { graphiqlAssetFiles, graphiqlAssetsPath } from './graphiql.ts';

type AssetPart = keyof typeof graphiqlAssetFiles;

const contentTypes: Record<AssetPart, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  favicon: 'image/x-icon',
  editorWorkerService: 'text/javascript; charset=utf-8',
  jsonWorker: 'text/javascript; charset=utf-8',
  graphqlWorker: 'text/javascript; charset=utf-8',
};

/** The bytes of one GraphiQL part (the favicon is exported as a base64 data URL). */
export function graphiqlAssetContent(part: AssetPart): Buffer {
  const source = graphiql[part];
  return part === 'favicon' ? Buffer.from(source.slice(source.indexOf(',') + 1), 'base64') : Buffer.from(source);
}

const assetsByPath = new Map(
  (Object.entries(graphiqlAssetFiles) as [AssetPart, string][]).map(([part, file]) => [`${graphiqlAssetsPath}/${file}`, part]),
);
const contents = new Map<AssetPart, Buffer>();

/**
 * Serves GraphiQL's parts from memory at the paths the Worker's static assets use, so the Node
 * server's GraphiQL page references them (a few KB) instead of inlining the bundle. Like the
 * Worker's assets, they are answered before the API (no rate limit, no GraphQL). Returns whether
 * the request was an asset request.
 */
export function serveGraphiQLAsset(request: IncomingMessage, response: ServerResponse): boolean {
  const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
  const part = assetsByPath.get(pathname);
  if (!part || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
  let body = contents.get(part);
  if (!body) contents.set(part, (body = graphiqlAssetContent(part)));
  response.writeHead(200, {
    'content-type': contentTypes[part],
    'content-length': body.length,
    'cache-control': 'public, max-age=3600',
  });
  response.end(request.method === 'HEAD' ? undefined : body);
  return true;
}
