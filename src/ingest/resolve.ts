import { sql, type SQL } from 'drizzle-orm';
import { retryBusy } from '../db/busy.ts';
import type { Database } from '../db/database.ts';
import { normalizeAlias, slugify } from '../db/normalize.ts';
import { acronymOf } from './acronyms.ts';
import { summarizeArticleEntities } from './article-entities.ts';
import { personTitles } from './lexicon.ts';
import { curatedOrganizations } from './organizations.ts';

/**
 * Corpus-level linking, after extraction (which sees one article only):
 *
 * - a titled short form that its article never names in full ("Mr Blair" alone) is the corpus's one
 *   dominant bearer of that surname, named in full in other articles (Tony Blair), if there is one;
 * - an acronym its article never expands ("SEC" alone) is the organisation whose full name it
 *   abbreviates, if exactly one stored organisation's name does.
 *
 * A pure function of what extraction stored, which itself depends on each article alone, so the
 * result is the same whatever order or batches the articles came in, and a second run changes
 * nothing. To stay so, decisions are recomputed from the raw extraction each time: a mention this
 * pass re-pointed is recognised as such (its entity is named in full in no mention of that article)
 * and gets its raw one-word entity back first, so a surname whose dominant bearer changes as the
 * corpus grows follows the change.
 *
 * `created`: the ids of the only articles added since the last pass (none updated or deleted).
 * Then only the surnames and acronyms those articles use can have changed their decisions, so
 * only the entities of those surnames and acronyms are read, not every mention of the corpus;
 * the result is the same as the full pass's. Without it (the CLI at the end of a run, or after
 * an update, which may have removed names) the whole corpus is read.
 *
 * Returns the number of (article, entity) links changed.
 */
export async function resolveCorpus(db: Database, options: { created?: readonly number[] } = {}): Promise<number> {
  let scope = sql``;
  if (options.created) {
    const entities = await touchedEntities(db, options.created);
    if (!entities.length) return 0;
    scope = sql` AND m.entity_id IN (SELECT value FROM json_each(${JSON.stringify(entities)}))`;
  }
  // One JSON array of row arrays, not a row object per mention: the whole corpus's person and
  // organisation mentions are read at the end of a CLI run (about a third of the time was
  // @libsql/client building row objects).
  const [read] = await db.all<{ rows: string }>(sql`
    SELECT json_group_array(json_array(m.article_id, m.entity_id, e.kind, e.name, m.surface,
      substr(a.body, max(m.start - 11, 1), min(m.start, 11)))) AS rows
    FROM mentions m JOIN entities e ON e.id = m.entity_id JOIN articles a ON a.id = m.article_id
    WHERE e.kind IN ('person', 'organization')${scope}`);
  const rows = (JSON.parse(read!.rows) as MentionTuple[]).map(
    ([article, entity, kind, name, surface, before]): MentionRow => ({ article, entity, kind, name, surface, before }),
  );
  if (!rows.length) return 0;

  // (article, entity) groups and the raw entity extraction gave each
  const groups = new Map<string, Group>();
  for (const r of rows) {
    const key = `${r.article}|${r.entity}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { article: r.article, entity: r.entity, kind: r.kind, name: r.name, surfaces: [], titled: false }));
    g.surfaces.push(r.surface);
    if (titleBefore(r.before)) g.titled = true;
  }
  const curated = new Set(curatedOrganizations.map((o) => slugify(o.name)));
  const raw = (g: Group): { slug: string; name: string } => {
    const surface = g.surfaces[0]!;
    if (g.kind === 'person' && g.name.includes(' ') && g.surfaces.every((s) => !/\s/.test(s))) return { slug: slugify(surface), name: surface };
    if (g.kind === 'organization' && !isAcronym(g.name) && !curated.has(slugify(g.name)) && g.surfaces.every(isAcronym)) return { slug: slugify(surface), name: surface };
    return { slug: slugify(g.name), name: g.name };
  };

  // who bears each surname (articles naming them in full), and which names each acronym abbreviates
  const bearers = new Map<string, Map<string, { name: string; articles: number }>>();
  const expansions = new Map<string, Map<string, string>>();
  for (const g of groups.values()) {
    const r = raw(g);
    if (g.kind === 'person' && r.name.includes(' ') && g.surfaces.some((s) => /\s/.test(s))) {
      const surname = normalizeAlias(r.name.split(' ').at(-1)!);
      const list = bearers.get(surname) ?? new Map<string, { name: string; articles: number }>();
      const b = list.get(r.slug) ?? { name: r.name, articles: 0 };
      b.articles++;
      list.set(r.slug, b);
      bearers.set(surname, list);
    }
  }
  // an organisation abbreviates an acronym when some article used both for it ("Imperial Chemical
  // Industries (ICI)"): extraction stored the acronym as its alias; initials alone are no evidence
  // ("IRB Rugby Aid" is not the IRA)
  const abbreviated = await db.all<{ alias: string; slug: string; name: string }>(sql`
    SELECT a.text AS alias, e.slug AS slug, e.name AS name FROM aliases a JOIN entities e ON e.id = a.entity_id
    WHERE e.kind = 'organization' AND a.type = 'short'`);
  for (const row of abbreviated) {
    if (!isAcronym(row.alias) || acronymOf(row.name) !== row.alias.replace(/[.&]/g, '')) continue;
    const list = expansions.get(row.alias) ?? new Map<string, string>();
    list.set(row.slug, row.name);
    expansions.set(row.alias, list);
  }

  // where each group should point
  const moves: { article: number; from: number; kind: string; slug: string; name: string }[] = [];
  for (const g of groups.values()) {
    const r = raw(g);
    let target = r;
    if (g.kind === 'person' && !r.name.includes(' ') && g.titled) {
      const dominant = dominantBearer(bearers.get(normalizeAlias(r.name)));
      if (dominant) target = dominant;
    } else if (g.kind === 'organization' && isAcronym(r.name) && !curated.has(r.slug)) {
      const names = expansions.get(r.name.replace(/[.&]/g, ''));
      if (names?.size === 1) {
        const [slug, name] = [...names][0]!;
        target = { slug, name };
      }
    }
    if (target.slug !== slugify(g.name)) moves.push({ article: g.article, from: g.entity, kind: g.kind, ...target });
  }
  if (!moves.length) return 0;

  const statements: SQL[] = [];
  for (const m of moves) {
    const to = sql`(SELECT id FROM entities WHERE kind = ${m.kind} AND slug = ${m.slug})`;
    statements.push(
      sql`INSERT INTO entities (kind, name, slug) VALUES (${m.kind}, ${m.name}, ${m.slug}) ON CONFLICT (kind, slug) DO NOTHING`,
      sql`UPDATE mentions SET entity_id = ${to} WHERE article_id = ${m.article} AND entity_id = ${m.from}`,
    );
  }
  // The moved articles' summaries (counts, salience) are recomputed from their mentions, as ingest computes them.
  for (const article of new Set(moves.map((m) => m.article))) {
    statements.push(sql`DELETE FROM article_entities WHERE article_id = ${article}`, summarizeArticleEntities(sql`${article}`));
  }
  const [first, ...rest] = statements.map((s) => db.run(s));
  await retryBusy(() => db.batch([first!, ...rest]));
  return moves.length;
}

/** The surname a person entity's decisions hang on: the last word of its name. */
const surnameOf = (name: string) => normalizeAlias(name.split(' ').at(-1)!);
/** The acronyms an organisation's decisions hang on: its name as an acronym, or what its name abbreviates. */
const acronymsOf = (name: string) => (isAcronym(name) ? [name.replace(/[.&]/g, '')] : [acronymOf(name)]);

/**
 * The person and organisation entities whose links the created articles can change: every entity
 * of a surname those articles use (a full name adds a bearer, a titled short form needs one) and
 * of an acronym they use (an acronym, or a full name with its acronym, adds an expansion).
 */
async function touchedEntities(db: Database, created: readonly number[]): Promise<number[]> {
  const used = await db.all<{ kind: string; name: string; surface: string }>(sql`
    SELECT e.kind AS kind, e.name AS name, m.surface AS surface FROM mentions m JOIN entities e ON e.id = m.entity_id
    WHERE m.article_id IN (SELECT value FROM json_each(${JSON.stringify(created)})) AND e.kind IN ('person', 'organization')`);
  const surnames = new Set<string>();
  const acronyms = new Set<string>();
  for (const u of used) {
    if (u.kind === 'person') for (const n of [u.name, u.surface]) surnames.add(surnameOf(n));
    else for (const n of [u.name, u.surface]) for (const a of acronymsOf(n)) acronyms.add(a);
  }
  if (!surnames.size && !acronyms.size) return [];
  const entities = await db.all<{ id: number; kind: string; name: string }>(sql`
    SELECT id, kind, name FROM entities WHERE kind IN ('person', 'organization')`);
  return entities
    .filter((e) => (e.kind === 'person' ? surnames.has(surnameOf(e.name)) : acronymsOf(e.name).some((a) => acronyms.has(a))))
    .map((e) => e.id);
}

type MentionTuple = [number, number, MentionRow['kind'], string, string, string];

interface MentionRow {
  article: number;
  entity: number;
  kind: 'person' | 'organization';
  name: string;
  surface: string;
  before: string;
}

interface Group {
  article: number;
  entity: number;
  kind: 'person' | 'organization';
  name: string;
  surfaces: string[];
  titled: boolean;
}

const isAcronym = (text: string) => /^[\p{Lu}][\p{Lu}\d&.]{1,7}$/u.test(text) && /\p{Lu}.*\p{Lu}/u.test(text);

/** "Mr ", "Mr. ", "President " right before a mention. */
function titleBefore(before: string): boolean {
  const m = /([\p{L}]+)\.?\s+$/u.exec(before);
  return Boolean(m && /^\p{Lu}/u.test(m[1]!) && personTitles.has(m[1]!.toLowerCase()));
}

/** The bearer named in full in at least three times as many articles as any other, if any. */
function dominantBearer(list: Map<string, { name: string; articles: number }> | undefined): { slug: string; name: string } | null {
  if (!list?.size) return null;
  const ranked = [...list].sort((a, b) => b[1].articles - a[1].articles || a[0].localeCompare(b[0]));
  const [top, second] = ranked;
  if (second && top![1].articles < 3 * second[1].articles) return null;
  return { slug: top![0], name: top![1].name };
}
