import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

// Which src folders each folder may import, so every arrow between them points down:
//   entries (src/server.ts, src/worker.ts, src/ingest-worker.ts) → src/yoga.ts → http → graphql → sources → ingest → search → db → lib
// with auth (API keys) beside them, used by graphql and http, itself using only db and lib.
// - sources (feeds and the poller) store what they fetch through ingest, never the reverse.
// - ingest scores salience with search's formula (the one anything ranking by salience reads).
// - search and db are leaves for the layers above: search throws its own errors (src/search/errors.ts),
//   which graphql maps; db knows nothing of ingest or search.
// - lib holds runtime-neutral helpers with no project imports (sha256Hex).
// A new folder must be placed here before anything may import it.
const mayImport: Record<string, readonly string[]> = {
  entries: ['yoga', 'http', 'graphql', 'sources', 'ingest', 'search', 'auth', 'db', 'lib'],
  yoga: ['http', 'graphql', 'search', 'auth', 'db', 'lib'],
  http: ['graphql', 'auth', 'db', 'lib'],
  graphql: ['sources', 'ingest', 'search', 'auth', 'db', 'lib'],
  sources: ['ingest', 'db', 'lib'],
  ingest: ['search', 'db', 'lib'],
  search: ['db', 'lib'],
  auth: ['db', 'lib'],
  db: ['lib'],
  lib: [],
};

/** The layer of a file under src/: its folder, or for files at src/ root, yoga.ts or an entry. */
function layerOf(path: string): string {
  const [, first, second] = path.split('/');
  if (second !== undefined) return first!;
  return first === 'yoga.ts' ? 'yoga' : 'entries';
}

describe('the import graph between src folders', () => {
  it('has no arrow back up (dependency-cruiser, type-only imports included)', async () => {
    // dependency-cruiser resolves imports as TypeScript does and follows nothing in node_modules.
    const { output } = await cruise(['src'], { doNotFollow: { path: 'node_modules' }, tsPreCompilationDeps: true });
    const modules = (output as ICruiseResult).modules.filter((m) => m.source.startsWith('src/'));
    expect(modules.length).toBeGreaterThan(50);

    const unplaced = new Set(modules.map((m) => layerOf(m.source)).filter((layer) => !(layer in mayImport)));
    expect([...unplaced], 'folders the table above does not place').toEqual([]);

    const upward = modules.flatMap((m) =>
      m.dependencies
        .filter((d) => d.resolved.startsWith('src/'))
        .filter((d) => {
          const [from, to] = [layerOf(m.source), layerOf(d.resolved)];
          return from !== to && !mayImport[from]!.includes(to);
        })
        .map((d) => `${m.source} → ${d.resolved}`),
    );
    expect(upward).toEqual([]);

    // Below graphql nothing knows GraphQL: no graphql-js, Pothos or yoga (errors there are domain errors).
    const graphqlAware = modules
      .filter((m) => !['entries', 'yoga', 'http', 'graphql'].includes(layerOf(m.source)))
      .flatMap((m) => m.dependencies.filter((d) => /^(graphql|graphql-yoga|@pothos\/.*|@graphql-yoga\/.*)$/.test(d.module)).map((d) => `${m.source} → ${d.module}`));
    expect(graphqlAware).toEqual([]);
  }, 120_000);
});
