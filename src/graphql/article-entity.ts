import { builder } from './builder.ts';
import { Entity } from './entity.ts';

export const ArticleEntity = builder.drizzleObject('articleEntities', {
  name: 'ArticleEntity',
  description:
    'An entity an article mentions, with how prominent it is there: how often, where first, whether the title names it, and the salience those give.',
  fields: (t) => ({
    entity: t.relation('entity', { type: Entity, description: 'The entity.' }),
    mentionCount: t.exposeInt('mentionCount', { description: 'How many times the body names it.' }),
    firstMentionOffset: t.exposeInt('firstStart', { description: 'Offset in Article.body of its first mention (UTF-16 code units).' }),
    firstMentionSentence: t.exposeInt('firstSentence', { description: 'Index (0-based) of the sentence of its first mention.' }),
    inTitle: t.exposeBoolean('inTitle', {
      description: 'Whether the title names it, by a name the body uses for it or one of its aliases ("Kenyan", "Nairobi" for Kenya).',
    }),
    salience: t.exposeFloat('salience', {
      description:
        'How much the article is about it, 0 to 1: 0.45 × frequency (mentions relative to the most-mentioned entity of the article, damped for one or two) + 0.25 × earliness (1 − first offset / body length) + 0.30 × inTitle. At 0.5 or more the article counts as about it (ArticleFilter.about).',
    }),
  }),
});
