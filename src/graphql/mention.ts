import { builder } from './builder.ts';
import { Entity } from './entity.ts';

export const Mention = builder.drizzleObject('mentions', {
  name: 'Mention',
  description: 'One place where an article names an entity. Offsets index the article body, so clients can highlight it.',
  fields: (t) => ({
    entity: t.relation('entity', { type: Entity, description: 'The entity named here.' }),
    surface: t.exposeString('surface', { description: 'The text as written, e.g. "Mr. Kim" or "Pyongyang".' }),
    start: t.exposeInt('start', { description: 'Offset of the first character in Article.body (UTF-16 code units, as in JavaScript).' }),
    end: t.exposeInt('end', { description: 'Offset just past the last character in Article.body.' }),
    sentence: t.exposeInt('sentence', { description: 'Index of the sentence (0-based) in Article.body.' }),
  }),
});
