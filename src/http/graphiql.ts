import type { GraphiQLOptions } from 'graphql-yoga';

/**
 * GraphiQL served from our own origin instead of a CDN. The full GraphiQL bundle of
 * @graphql-yoga/render-graphiql is ~9 MB (~2.4 MB gzipped), too big to inline into a Worker, so
 * `scripts/graphiql-assets.ts` writes its parts to `.assets/graphiql/` and the Worker's static assets
 * serve them; this page only references them. The Node server serves the same parts
 * from memory (src/http/graphiql-assets.ts).
 */
export const graphiqlAssetsPath = '/graphiql';

/** File name per part exported by `@graphql-yoga/render-graphiql/graphiql`. */
export const graphiqlAssetFiles = {
  js: 'graphiql.js',
  css: 'graphiql.css',
  favicon: 'favicon.ico',
  editorWorkerService: 'editor.worker.js',
  jsonWorker: 'json.worker.js',
  graphqlWorker: 'graphql.worker.js',
} as const;

const asset = (part: keyof typeof graphiqlAssetFiles) => `${graphiqlAssetsPath}/${graphiqlAssetFiles[part]}`;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** JSON that is safe inside an inline <script>: no `</script>`, no `<!--`, no line separators. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/** yoga's `renderGraphiQL` for the Worker: the same page as render-graphiql, with local asset URLs. */
export function renderLocalGraphiQL(options: GraphiQLOptions): string {
  const workers = {
    editorWorkerService: asset('editorWorkerService'),
    json: asset('jsonWorker'),
    graphql: asset('graphqlWorker'),
  };
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options.title || 'Yoga GraphiQL')}</title>
    <link rel="icon" href="${escapeHtml(options.favicon || asset('favicon'))}" />
    <link rel="stylesheet" href="${asset('css')}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
    <script>
      const workers = ${scriptJson(workers)};
      self['MonacoEnvironment'] = {
        globalAPI: false,
        getWorkerUrl: function (moduleId, label) {
          return workers[label] || workers.editorWorkerService;
        },
      };
    </script>
    <script src="${asset('js')}"></script>
    <script>
      YogaGraphiQL.renderYogaGraphiQL(window.document.querySelector('#root'), ${scriptJson(options)});
    </script>
  </body>
</html>
`;
}
