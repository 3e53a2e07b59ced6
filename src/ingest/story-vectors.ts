import { stemmer } from 'stemmer';
import { eng } from 'stopword';
import type { Extraction } from './extract.ts';

/**
 * The vectors stories are clustered on (single-pass topic detection and tracking): per article,
 * TF-IDF weights over stemmed words of title and body plus the entities extraction linked, keyed
 * `kind:slug` (e.g. `person:tony-blair`). Entities weigh double: two articles naming the same
 * people and places within days are probably one story. IDF comes from the corpus as it grows
 * (feature_counts), so what is common in this corpus (its country, its paper's name) counts little.
 */

export type Vector = Map<string, number>;

/** Features kept per article: enough for the lead's people and facts, few enough to compare fast. */
export const articleFeatures = 40;
/** Features kept per story centroid. */
export const centroidFeatures = 60;
/** How many of an article's strongest features look up candidate stories. */
export const lookupFeatures = 12;
const entityWeight = 2;
const titleRepeats = 3;

const stopwords = new Set([...eng, 'said', 'says', 'told', 'would', 'could', 'also', 'year', 'years', 'new', 'one', 'two', 'three', 'last', 'first', 'per', 'cent', 'mr', 'mrs', 'ms', 'dr', 'just', 'like', 'made', 'make', 'many', 'much', 'well', 'still', 'including', 'however', 'people', 'time', 'week', 'month', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'added', 'can', 'will', 'may', 'now', 'get', 'got', 'going', 'way', 'says']);

const wordPattern = /\p{L}[\p{L}'’]*/gu;

/** The term of a lower-cased word (its stem), or null for a stopword or a word under 3 letters; remembered: news repeats its words. */
const termCache = new Map<string, string | null>();
function termOf(match: string): string | null {
  let term = termCache.get(match);
  if (term === undefined) {
    const word = match.replace(/['’]s?$/, '');
    term = word.length < 3 || stopwords.has(word) ? null : stemmer(word);
    if (termCache.size >= 100_000) termCache.clear();
    termCache.set(match, term);
  }
  return term;
}

/** Stemmed content words of a text with their counts. */
export function termCounts(text: string, into: Map<string, number> = new Map(), repeat = 1): Map<string, number> {
  for (const match of text.toLowerCase().match(wordPattern) ?? []) {
    const term = termOf(match);
    if (term !== null) into.set(term, (into.get(term) ?? 0) + repeat);
  }
  return into;
}

/** Raw counts of an article's features: stemmed terms (title counted thrice) and `kind:slug` entities. */
export function featureCounts(title: string, extraction: Pick<Extraction, 'text' | 'mentions'>): { terms: Map<string, number>; entities: Map<string, number> } {
  const terms = termCounts(title, new Map(), titleRepeats);
  termCounts(extraction.text, terms);
  const entities = new Map<string, number>();
  for (const m of extraction.mentions) {
    const key = `${m.kind}:${m.slug}`;
    entities.set(key, (entities.get(key) ?? 0) + 1);
  }
  return { terms, entities };
}

export const isEntityFeature = (feature: string) => feature.includes(':');

/** Smoothed IDF from how many of `total` articles have the feature. */
export function idf(documents: number, total: number): number {
  return Math.log((total + 1) / (documents + 1)) + 1;
}

/** The IDF of a feature now: vectors keep term weights and take IDF when compared, so a name that grew common weighs less in old stories too. */
export type Idf = (feature: string) => number;

/**
 * The article's vector: sublinear term frequencies (entities doubled) of its `articleFeatures`
 * strongest features by TF-IDF, scaled to unit length. IDF is applied at comparison.
 */
export function articleVector(counts: { terms: Map<string, number>; entities: Map<string, number> }, idfOf: Idf): Vector {
  const entries: [string, number, number][] = [];
  for (const [source, boost] of [[counts.terms, 1], [counts.entities, entityWeight]] as const) {
    for (const [feature, tf] of source) {
      const w = boost * (1 + Math.log(tf));
      entries.push([feature, w, w * idfOf(feature)]);
    }
  }
  return normalize(strongest(entries, articleFeatures));
}

/** The n features of largest TF-IDF; ties by feature, so the result never depends on insertion order. */
function strongest(entries: [string, number, number][], n: number): Vector {
  entries.sort((a, b) => b[2] - a[2] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return new Map(entries.slice(0, n).map(([k, w]) => [k, w]));
}

function normalize(vector: Vector): Vector {
  let norm = 0;
  for (const w of vector.values()) norm += w * w;
  norm = Math.sqrt(norm) || 1;
  return new Map([...vector].map(([k, w]) => [k, w / norm]));
}

/**
 * A vector's squared norm weighted by `idfOf`, remembered per vector and IDF: an article is compared
 * with every candidate story and a story with every article of its group. Vectors are never
 * changed once made (a joined story gets a new centroid), so the sum stays right.
 */
const weightedNorms = new WeakMap<Idf, WeakMap<Vector, number>>();
function weightedNorm(vector: Vector, idfOf: Idf): number {
  let norms = weightedNorms.get(idfOf);
  if (norms === undefined) weightedNorms.set(idfOf, (norms = new WeakMap()));
  let norm = norms.get(vector);
  if (norm === undefined) {
    norm = 0;
    for (const [k, w] of vector) norm += (w * idfOf(k)) ** 2;
    norms.set(vector, norm);
  }
  return norm;
}

/** Cosine similarity of the two vectors weighted by current IDF. */
export function cosine(a: Vector, b: Vector, idfOf: Idf): number {
  let dot = 0;
  for (const [k, w] of a) {
    const v = b.get(k);
    if (v !== undefined) {
      const i = idfOf(k);
      dot += w * v * i * i;
    }
  }
  const na = weightedNorm(a, idfOf);
  const nb = weightedNorm(b, idfOf);
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** A story's centroid after adding a member: the sum of member vectors, its strongest features by TF-IDF kept. */
export function addToCentroid(centroid: Vector, vector: Vector, idfOf: Idf): Vector {
  const sum = new Map(centroid);
  for (const [k, w] of vector) sum.set(k, (sum.get(k) ?? 0) + w);
  return strongest([...sum].map(([k, w]) => [k, w, w * idfOf(k)]), centroidFeatures);
}

/** The `n` features a vector is strongest in by TF-IDF: what an article looks stories up by, and what a story is found by. */
export function strongestKeys(vector: Vector, idfOf: Idf, n = lookupFeatures): string[] {
  return [...strongest([...vector].map(([k, w]) => [k, w, w * idfOf(k)]), n).keys()];
}

export function vectorToJson(vector: Vector): string {
  return JSON.stringify(Object.fromEntries([...vector].map(([k, w]) => [k, Math.round(w * 1e4) / 1e4])));
}

export function vectorFromJson(json: string): Vector {
  // a loop, not Object.entries: ingest parses every candidate story's centroid, and the same order
  const weights = JSON.parse(json) as Record<string, number>;
  const vector: Vector = new Map();
  for (const feature in weights) vector.set(feature, weights[feature]!);
  return vector;
}
