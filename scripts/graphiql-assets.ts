// Writes GraphiQL's JS, CSS, favicon and Monaco workers from @graphql-yoga/render-graphiql into
// .assets/graphiql/ (git-ignored), which wrangler.toml serves as the Worker's static assets so that
// GraphiQL works without a CDN. Run by wrangler's [build] step (dev, deploy, build); cheap and
// idempotent: unchanged files are not rewritten.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { graphiqlAssetFiles, graphiqlAssetsPath } from '../src/http/graphiql.ts';
import { graphiqlAssetContent } from '../src/http/graphiql-assets.ts';

export const assetsDirectory = fileURLToPath(new URL('../.assets', import.meta.url));

export function writeGraphiQLAssets(directory = assetsDirectory): string[] {
  const folder = join(directory, graphiqlAssetsPath);
  mkdirSync(folder, { recursive: true });
  const written: string[] = [];
  for (const [part, file] of Object.entries(graphiqlAssetFiles) as [keyof typeof graphiqlAssetFiles, string][]) {
    const content = graphiqlAssetContent(part);
    const path = join(folder, file);
    if (existsSync(path) && readFileSync(path).equals(content)) continue;
    writeFileSync(path, content);
    written.push(path);
  }
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const written = writeGraphiQLAssets();
  if (written.length) console.log(`GraphiQL assets: wrote ${written.length} file(s) to ${assetsDirectory}`);
}
