import { defineRelations } from 'drizzle-orm';
import * as schema from './schema.ts';

export const relations = defineRelations(schema, (r) => ({
  articles: {
    mentions: r.many.mentions({ from: r.articles.id, to: r.mentions.articleId }),
    articleEntities: r.many.articleEntities({ from: r.articles.id, to: r.articleEntities.articleId }),
    entities: r.many.entities({
      from: r.articles.id.through(r.articleEntities.articleId),
      to: r.entities.id.through(r.articleEntities.entityId),
    }),
    countries: r.many.entities({
      from: r.articles.id.through(r.articleEntities.articleId),
      to: r.entities.id.through(r.articleEntities.entityId),
      where: { kind: 'country' },
    }),
    people: r.many.entities({
      from: r.articles.id.through(r.articleEntities.articleId),
      to: r.entities.id.through(r.articleEntities.entityId),
      where: { kind: 'person' },
    }),
    organizations: r.many.entities({
      from: r.articles.id.through(r.articleEntities.articleId),
      to: r.entities.id.through(r.articleEntities.entityId),
      where: { kind: 'organization' },
    }),
    signature: r.one.articleSignatures({ from: r.articles.id, to: r.articleSignatures.articleId }),
    story: r.one.stories({
      from: r.articles.id.through(r.storyArticles.articleId),
      to: r.stories.id.through(r.storyArticles.storyId),
    }),
  },
  stories: {
    articles: r.many.articles({
      from: r.stories.id.through(r.storyArticles.storyId),
      to: r.articles.id.through(r.storyArticles.articleId),
    }),
    mergedIntoStory: r.one.stories({ from: r.stories.mergedInto, to: r.stories.id }),
  },
  entities: {
    aliases: r.many.aliases({ from: r.entities.id, to: r.aliases.entityId }),
    articleEntities: r.many.articleEntities({ from: r.entities.id, to: r.articleEntities.entityId }),
    articles: r.many.articles({
      from: r.entities.id.through(r.articleEntities.entityId),
      to: r.articles.id.through(r.articleEntities.articleId),
    }),
  },
  mentions: {
    article: r.one.articles({ from: r.mentions.articleId, to: r.articles.id, optional: false }),
    entity: r.one.entities({ from: r.mentions.entityId, to: r.entities.id, optional: false }),
  },
  articleEntities: {
    article: r.one.articles({ from: r.articleEntities.articleId, to: r.articles.id, optional: false }),
    entity: r.one.entities({ from: r.articleEntities.entityId, to: r.entities.id, optional: false }),
  },
  aliases: {
    entity: r.one.entities({ from: r.aliases.entityId, to: r.entities.id, optional: false }),
  },
}));
