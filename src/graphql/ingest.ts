import type { IngestResult, RejectionCode } from '../ingest/ingest.ts';
import { maxBodyBytes } from '../ingest/validate.ts';
import { Article } from './article.ts';
import { builder } from './builder.ts';
import { badUserInput, ingestUnavailable } from './errors.ts';
import { selectsField } from './selection.ts';

export const maxIngestBatch = 100;

/**
 * Everything but title and body is optional, and nothing is parsed by GraphQL itself (publishedAt
 * is a String, not a DateTime): a bad value must reject its own item with a named reason, not
 * fail the whole batch at validation.
 */
export const ArticleInput = builder.inputType('ArticleInput', {
  description:
    'One article to ingest. Items are checked one by one: an invalid article is rejected with every problem named, and the others are still stored.',
  fields: (t) => ({
    title: t.string({ required: true, description: 'The headline, 1 to 1000 characters.' }),
    body: t.string({
      required: true,
      description: `The text, 1 character to ${maxBodyBytes / 1024} KB (UTF-8). Stored cleaned: whitespace normalised, link lines such as "Read more: …" dropped.`,
    }),
    url: t.string({
      description: 'Where the article was published: an http(s) URL. Ingesting the same url again updates that article instead of adding another.',
    }),
    publishedAt: t.string({
      description: 'When it was published: an ISO-8601 date or date-time, e.g. "2024-09-13" or "2024-09-13T08:00:00Z"; at most a day in the future.',
    }),
    source: t.string({ description: 'The publisher or feed, e.g. "BBC".' }),
    language: t.string({ description: 'A language tag such as "en" (the default).' }),
  }),
});

export const IngestStatusEnum = builder.enumType('IngestStatus', {
  description: 'What ingest did with one article.',
  values: {
    CREATED: { value: 'created', description: 'A new article was stored, with its mentions.' },
    UPDATED: {
      value: 'updated',
      description: 'An article with the same url got the new text (mentions re-extracted), or one with the same text got new metadata.',
    },
    UNCHANGED: { value: 'unchanged', description: 'The same title and text were already stored: nothing was written.' },
    REJECTED: { value: 'rejected', description: 'Nothing was stored; `reason` says why.' },
  } as const,
});

export const IngestRejectionEnum = builder.enumType('IngestRejection', {
  description: 'Why ingest rejected an article; `reason` says it in words.',
  values: {
    INVALID_ARTICLE: { description: 'A field is missing or malformed; `reason` names every problem. Fix them and send it again.' },
    EMPTY_BODY: { description: 'Nothing is left of the body once link lines such as "Read more: …" are removed.' },
    DUPLICATE: { description: 'Its text is stored under one article and its url under another; storing it would duplicate one of them.' },
    EXTRACTION_FAILED: { description: 'Entity extraction failed on this text; nothing was stored.' },
    STORE_BUSY: { description: 'The database stayed busy with other writes; nothing was stored. Send it again later.' },
    STORE_FAILED: { description: 'The database refused the write; nothing was stored. The server logged the cause.' },
  } satisfies Record<RejectionCode, unknown>,
});

type IngestResultShape = IngestResult & { article: { id: number } | null };

export const IngestResultObject = builder.objectRef<IngestResultShape>('IngestResult');

IngestResultObject.implement({
  description: 'The outcome for one input article, in input order.',
  fields: (t) => ({
    index: t.exposeInt('index', { nullable: false, description: 'Position of the article in `input` (0-based).' }),
    status: t.field({ type: IngestStatusEnum, nullable: false, description: 'Created, updated, unchanged or rejected.', resolve: (r) => r.status }),
    article: t.field({
      type: Article,
      nullable: true,
      description: 'The stored article; null when rejected.',
      resolve: (r) => r.article,
    }),
    code: t.field({
      type: IngestRejectionEnum,
      nullable: true,
      description: 'Why the article was rejected, for programs; null otherwise.',
      resolve: (r) => r.code,
    }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why the article was rejected, naming every problem; null otherwise.' }),
  }),
});

builder.mutationField('ingestArticles', (t) =>
  t.field({
    type: [IngestResultObject],
    nullable: false,
    description: `Stores up to ${maxIngestBatch} articles, extracting the countries, people and organisations they mention, and reports on each. Needs \`Authorization: Bearer <key>\` with the \`ingest\` scope (API keys are read from that header only, never from cookies). Idempotent: the same url or the same title and text updates or leaves an article unchanged instead of duplicating it. Each article is stored whole or not at all.`,
    args: {
      input: t.arg({ type: [ArticleInput], required: true, description: `The articles, at most ${maxIngestBatch} per call.` }),
    },
    // `article` reads the stored article back: that is reading, so it needs `read` too (checked before any write).
    authScopes: (_root, _args, _ctx, info) => (selectsField(info, 'article') ? { $all: { ingest: true, read: true } } : { ingest: true }),
    resolve: async (_root, { input }, ctx, info) => {
      if (input.length > maxIngestBatch) {
        throw badUserInput(`ingestArticles takes at most ${maxIngestBatch} articles per call (got ${input.length}); split them into several calls.`, {
          argument: 'input',
          limit: maxIngestBatch,
        });
      }
      if (!ctx.ingest) throw ingestUnavailable('Ingest is not available on this server.');
      const results = await ctx.ingest(ctx.db, input);
      // One statement for every stored article and whatever the client selected beneath it.
      const ids = results.flatMap((r) => (r.articleId === null ? [] : [r.articleId]));
      const articles =
        ids.length && selectsField(info, 'article')
          ? await ctx.db.query.articles.findMany(
              t.drizzleQueryFromInfo('articles', { context: ctx, info, path: ['article'], columns: { id: true }, where: { id: { in: ids } } }),
            )
          : [];
      const byId = new Map(articles.map((a) => [a.id, a]));
      return results.map((r) => ({ ...r, article: r.articleId === null ? null : (byId.get(r.articleId) ?? null) }));
    },
  }),
);
