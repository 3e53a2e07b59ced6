/**
 * The BBC gold set (tests/fixtures/bbc-gold.json, guidelines in tests/fixtures/bbc-gold.md) and
 * its document-level scoring, kept apart from scripts/eval-bbc.ts so `npm test` can check the
 * file and the arithmetic without ../shared.
 */
import { readFileSync } from 'node:fs';
import { normalizeAlias } from '../src/db/normalize.ts';
import type { EntityKind } from '../src/db/schema.ts';

export const goldPath = new URL('../tests/fixtures/bbc-gold.json', import.meta.url);

export interface GoldName {
  /** Canonical full name, e.g. "Tony Blair". */
  name: string;
  /** Other forms the article uses ("Mr Blair", "Blair") or common short names ("GM"). */
  aliases: string[];
}

export interface GoldCountry {
  /** ISO 3166-1 alpha-2. */
  code: string;
  /** The forms the article uses ("Britain", "British"), for readers; matching uses the code. */
  aliases: string[];
}

export interface GoldArticle {
  /** The corpus id, e.g. "bbc-politics-027". */
  id: string;
  title: string;
  /** "dev" to look at while tuning, "test" to check on; see the selection rule. */
  split: 'dev' | 'test';
  people: GoldName[];
  organizations: GoldName[];
  countries: GoldCountry[];
  /** Judgement calls worth knowing, for humans. */
  notes?: string;
}

export interface GoldFile {
  about: string;
  selection: string;
  /** Articles per category in the corpus, which the selection rule is computed from. */
  categorySizes: Record<string, number>;
  articles: GoldArticle[];
}

export const perCategory = 8;

/**
 * The selection rule: of a category's n articles sorted by id, the j-th pick is index
 * floor((j + 0.5) * n / perCategory); even j is the dev split, odd j the test split.
 */
export function selectedIndex(n: number, j: number): number {
  return Math.floor(((j + 0.5) * n) / perCategory);
}

export function loadGold(path: string | URL = goldPath): GoldFile {
  return JSON.parse(readFileSync(path, 'utf8')) as GoldFile;
}

/** What the system linked in one article: an entity of one kind, by name (and code for countries). */
export interface SystemEntity {
  kind: EntityKind;
  name: string;
  code: string | null;
  /** The texts it was linked from in this article, for error listings. */
  surfaces: string[];
}

export const kinds: readonly EntityKind[] = ['person', 'organization', 'country'];

/** The targets of issue 10, per kind. */
export const targets: Record<EntityKind, { precision: number; recall: number }> = {
  person: { precision: 0.95, recall: 0.95 },
  organization: { precision: 0.85, recall: 0.75 },
  country: { precision: 0.95, recall: 0.97 },
};

/** Titles and articles that say nothing about which entity is meant ("Mr Blair" = "Blair"). */
const leadingWords =
  /^(?:(?:the|mr|mrs|ms|miss|dr|sir|dame|lord|lady|baroness|president|prime minister|chancellor|justice|lord justice|mr justice|mrs justice|lord chief justice|rev|st)\s+)+/;

/** The keys a name matches under: normalised, without leading titles, and without spaces ("JK" = "J. K."). */
export function nameKeys(text: string): string[] {
  const normal = normalizeAlias(text);
  const bare = normal.replace(leadingWords, '');
  const keys = new Set([normal, bare || normal]);
  for (const key of [...keys]) keys.add(key.replace(/ /g, ''));
  return [...keys].filter(Boolean);
}

export type ErrorKind = 'false positive' | 'duplicate' | 'false negative';

export interface ScoreError {
  kind: EntityKind;
  error: ErrorKind;
  /** The system's entity name (false positive, duplicate) or the gold name (false negative). */
  name: string;
  /** Linked surfaces (system errors) or the gold aliases (false negatives). */
  detail: string[];
  /** For a duplicate: the gold entity it matched, already matched by another system entity. */
  duplicateOf?: string;
}

export interface Counts {
  /** System entities that matched a gold entity not matched before. */
  truePositives: number;
  /** System entities of this kind (linked). */
  system: number;
  /** Gold entities of this kind. */
  gold: number;
  /** Gold entities some system entity matched. */
  found: number;
}

export interface DocumentScore {
  id: string;
  counts: Record<EntityKind, Counts>;
  errors: ScoreError[];
}

interface GoldEntry {
  label: string;
  /** Keys of the canonical name (the code for countries). */
  canonical: Set<string>;
  /** Keys of the name and every alias. */
  keys: Set<string>;
  aliases: string[];
}

function goldEntries(article: GoldArticle, kind: EntityKind): GoldEntry[] {
  if (kind === 'country') {
    return article.countries.map((c) => {
      const keys = new Set([c.code.toUpperCase()]);
      return { label: c.code, canonical: keys, keys, aliases: c.aliases };
    });
  }
  const names = kind === 'person' ? article.people : article.organizations;
  return names.map((n) => ({
    label: n.name,
    canonical: new Set(nameKeys(n.name)),
    keys: new Set([n.name, ...n.aliases].flatMap(nameKeys)),
    aliases: n.aliases,
  }));
}

function systemKeys(entity: SystemEntity): string[] {
  return entity.kind === 'country' ? (entity.code ? [entity.code.toUpperCase()] : []) : nameKeys(entity.name);
}

/**
 * Scores one article: each system entity matches at most one gold entity of its kind (by
 * normalised name or any gold alias; countries by ISO code). A second system entity matching an
 * already matched gold entity is a duplicate ("SEC" beside "Securities and Exchange
 * Commission"): it counts against precision, since the API then shows two entities for one.
 */
export function scoreDocument(article: GoldArticle, linked: readonly SystemEntity[]): DocumentScore {
  const counts = {} as Record<EntityKind, Counts>;
  const errors: ScoreError[] = [];
  for (const kind of kinds) {
    const gold = goldEntries(article, kind);
    const system = linked.filter((e) => e.kind === kind).sort((a, b) => a.name.localeCompare(b.name));
    const matched = new Set<GoldEntry>();
    let truePositives = 0;
    const pending: SystemEntity[] = [];
    // Exact canonical-name matches first, so "Blair" cannot take Tony Blair from "Tony Blair".
    for (const pass of ['name', 'alias'] as const) {
      for (const entity of pass === 'name' ? system : pending.splice(0)) {
        const keys = systemKeys(entity);
        const candidates = gold.filter((g) => keys.some((k) => (pass === 'name' ? g.canonical : g.keys).has(k)));
        const free = candidates.find((g) => !matched.has(g));
        if (free) {
          matched.add(free);
          truePositives++;
        } else if (pass === 'name' && candidates.length === 0) pending.push(entity);
        else if (candidates.length) errors.push({ kind, error: 'duplicate', name: entity.name, detail: entity.surfaces, duplicateOf: candidates[0]!.label });
        else errors.push({ kind, error: 'false positive', name: entity.name, detail: entity.surfaces });
      }
    }
    for (const g of gold) if (!matched.has(g)) errors.push({ kind, error: 'false negative', name: g.label, detail: g.aliases });
    counts[kind] = { truePositives, system: system.length, gold: gold.length, found: matched.size };
  }
  return { id: article.id, counts, errors };
}

export interface KindTotals extends Counts {
  precision: number;
  recall: number;
  f1: number;
}

/** Micro-averaged over documents: totals of matches over totals of system and gold entities. */
export function totals(scores: readonly DocumentScore[]): Record<EntityKind, KindTotals> {
  const result = {} as Record<EntityKind, KindTotals>;
  for (const kind of kinds) {
    const sum: Counts = { truePositives: 0, system: 0, gold: 0, found: 0 };
    for (const score of scores) for (const key of Object.keys(sum) as (keyof Counts)[]) sum[key] += score.counts[kind][key];
    // No prediction and nothing to find is perfect, not a division by zero.
    const precision = sum.system ? sum.truePositives / sum.system : 1;
    const recall = sum.gold ? sum.found / sum.gold : 1;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    result[kind] = { ...sum, precision, recall, f1 };
  }
  return result;
}
