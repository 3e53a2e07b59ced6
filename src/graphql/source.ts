import { decodeGlobalID } from '@pothos/plugin-relay';
import { addSource, getSource, listSources, maxPollEverySeconds, minPollEverySeconds, removeSource, SourceError, updateSource, type Source } from '../sources/store.ts';
import { builder } from './builder.ts';
import { badUserInput } from './errors.ts';

/** Admin only (scope `admin`): sources are not nodes, so the public `node(id:)` never reveals them. */
export const SourceKindEnum = builder.enumType('SourceKind', {
  description: 'What a source URL is.',
  values: {
    FEED: { value: 'feed', description: 'An RSS 2.0, Atom, RDF or JSON Feed: each entry becomes an article, its page fetched and extracted.' },
    PAGE: { value: 'page', description: 'One article page, polled for changes: it becomes one article, updated when the page changes.' },
  } as const,
});

export const SourceObject = builder.objectRef<Source>('Source');

SourceObject.implement({
  description: 'A feed or page polled on a schedule, with its health. Visible to API keys with the `admin` scope.',
  fields: (t) => ({
    id: t.globalID({ nullable: false, description: 'Pass it to updateSource or removeSource.', resolve: (s) => ({ type: 'Source', id: String(s.id) }) }),
    url: t.exposeString('url', { nullable: false, description: 'The feed or page polled (http or https).' }),
    kind: t.field({ type: SourceKindEnum, nullable: false, description: 'A feed of entries or one page.', resolve: (s) => s.kind }),
    name: t.exposeString('name', { nullable: false, description: 'Stored as the `source` of its articles.' }),
    language: t.exposeString('language', { nullable: true, description: 'The language every article gets; null lets detection decide per article.' }),
    pollEvery: t.exposeInt('pollEverySeconds', { nullable: false, description: 'Seconds between polls while it succeeds.' }),
    enabled: t.exposeBoolean('enabled', { nullable: false, description: 'Whether it is polled; `disabledReason` says why not.' }),
    disabledReason: t.exposeString('disabledReason', {
      nullable: true,
      description: 'Why it is not polled: an operator disabled it, or it failed too many times in a row (the last failure is named).',
    }),
    lastFetchedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was last fetched; null before the first poll.', resolve: (s) => s.lastFetchedAt }),
    lastStatus: t.exposeInt('lastStatus', { nullable: true, description: 'HTTP status of the last fetch (304: unchanged); null when no answer came.' }),
    lastError: t.exposeString('lastError', { nullable: true, description: 'What went wrong on the last poll; null when it succeeded.' }),
    articlesFound: t.exposeInt('articlesFound', { nullable: false, description: 'Articles stored from it so far.' }),
    pendingEntries: t.exposeInt('pendingEntries', { nullable: false, description: 'Entries waiting for a later run (work is bounded per run).' }),
    consecutiveFailures: t.exposeInt('consecutiveFailures', { nullable: false, description: 'Failed polls in a row; each one doubles the wait before the next.' }),
    nextPollAt: t.field({ type: 'DateTime', nullable: false, description: 'When it is due next (later after failures: backoff).', resolve: (s) => s.nextPollAt }),
    createdAt: t.field({ type: 'DateTime', nullable: false, description: 'When it was added.', resolve: (s) => s.createdAt }),
  }),
});

const pollEveryDescription = `Seconds between polls, ${minPollEverySeconds} to ${maxPollEverySeconds}.`;

/** A Source ID from the API, or BAD_USER_INPUT. */
function sourceId(id: string): number {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(id);
  } catch {
    throw badUserInput('id is not an ID this API gave out: pass a Source id.', { argument: 'id' });
  }
  if (decoded.typename !== 'Source' || !/^\d{1,15}$/.test(decoded.id)) throw badUserInput('id is not a Source id.', { argument: 'id' });
  return Number(decoded.id);
}

/** Runs a store call, turning its input errors into typed GraphQL errors. */
async function asGraphQL<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof SourceError) throw badUserInput(error.message, { argument: error.field, ...(error.code === 'DUPLICATE' ? { reason: 'DUPLICATE' } : {}) });
    throw error;
  }
}

function notFound(id: number): never {
  throw badUserInput(`No source has id ${id}.`, { argument: 'id', reason: 'NOT_FOUND' });
}

builder.queryField('sources', (t) =>
  t.field({
    type: [SourceObject],
    nullable: false,
    authScopes: { admin: true },
    description: 'Every polled source with its health, oldest first. Needs an API key with the `admin` scope.',
    resolve: (_root, _args, ctx) => listSources(ctx.db),
  }),
);

builder.mutationField('addSource', (t) =>
  t.field({
    type: SourceObject,
    nullable: false,
    authScopes: { admin: true },
    description: 'Adds a feed or page to poll; it is due at once (the next scheduled run or `npm run poll`). Needs the `admin` scope.',
    args: {
      url: t.arg.string({ required: true, description: 'The feed or page, http(s).' }),
      kind: t.arg({ type: SourceKindEnum, required: true }),
      name: t.arg.string({ required: true, description: 'Stored as the `source` of its articles, e.g. "BBC World".' }),
      language: t.arg.string({ description: 'Force this language on its articles; by default each is detected.' }),
      pollEvery: t.arg.int({ description: `${pollEveryDescription} Default 900.` }),
    },
    resolve: async (_root, args, ctx) => {
      return asGraphQL(() =>
        addSource(ctx.db, { url: args.url, kind: args.kind, name: args.name, language: args.language, pollEverySeconds: args.pollEvery ?? undefined }),
      );
    },
  }),
);

builder.mutationField('updateSource', (t) =>
  t.field({
    type: SourceObject,
    nullable: false,
    authScopes: { admin: true },
    description: 'Changes the given fields of a source. `enabled: true` re-enables a disabled source, clearing its failures. Needs the `admin` scope.',
    args: {
      id: t.arg.id({ required: true }),
      url: t.arg.string(),
      kind: t.arg({ type: SourceKindEnum }),
      name: t.arg.string(),
      language: t.arg.string({ description: 'A language tag; an empty string clears it.' }),
      pollEvery: t.arg.int({ description: pollEveryDescription }),
      enabled: t.arg.boolean(),
    },
    resolve: async (_root, args, ctx) => {
      const id = sourceId(String(args.id));
      const updated = await asGraphQL(() =>
        updateSource(ctx.db, id, {
          url: args.url ?? undefined,
          kind: args.kind ?? undefined,
          name: args.name ?? undefined,
          language: args.language ?? undefined,
          pollEverySeconds: args.pollEvery ?? undefined,
          enabled: args.enabled ?? undefined,
        }),
      );
      return updated ?? notFound(id);
    },
  }),
);

builder.mutationField('removeSource', (t) =>
  t.field({
    type: SourceObject,
    nullable: false,
    authScopes: { admin: true },
    description: 'Stops polling a source and forgets it; the articles it brought stay. Returns it as it was. Needs the `admin` scope.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = sourceId(String(args.id));
      const source = await getSource(ctx.db, id);
      if (!source || !(await removeSource(ctx.db, id))) return notFound(id);
      return source;
    },
  }),
);
