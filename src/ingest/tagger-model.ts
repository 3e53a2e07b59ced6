/**
 * The machinery of the named-entity tagger (src/ingest/tagger.ts), apart from the committed model:
 * model decoding, emission scores, Viterbi over IOB2 tags with only valid transitions, and
 * forward-backward marginals for confidences. Training (tagger-train.ts) shares it.
 * Runtime-neutral: no node:* imports.
 */
import { buildDocumentContext, cannotStartEntity, emitFeatures, featureTemplates, sentenceForms, type DocumentContext, type FeatureSink, type Lexicons, type WordForms } from './tagger-features.ts';

export type EntityLabel = 'PER' | 'ORG' | 'LOC' | 'MISC';

export interface TaggedSpan {
  label: EntityLabel;
  /** First word of the span (index into the sentence's words). */
  start: number;
  /** One past the last word. */
  end: number;
  /** 0..1: the lowest probability, over the span's words, that the word has this tag (forward-backward marginals). */
  confidence: number;
}

/** The committed model file (see scripts/train-ner.ts, which writes it). */
export interface ModelFile {
  format: string;
  provenance: Record<string, unknown>;
  /** IOB2 tags, in the order of each feature's weights. */
  tags: string[];
  /** Scale of the forward-backward scores that turn into confidences. */
  temperature: number;
  /** (tags + 1) × tags transition weights, the last row from the sentence start; in weight units. */
  transitions: number[];
  /** Weight of quantised value q is q × scale. */
  scale: number;
  /** Sorted feature strings, joined by "\n". */
  features: string;
  /** Base64 of an Int8Array, features × tags, row by row. */
  weights: string;
  lexicons: {
    /** Gazetteer phrase → class, "phrase\tclass" joined by "\n". */
    phrases: string;
    /** First names (normToken keys) joined by "\n". */
    firstNames: string;
  };
}

export const entityLabels: readonly EntityLabel[] = ['PER', 'ORG', 'LOC', 'MISC'];

/** Word lists and weights ready for scoring. */
export interface TaggerModel {
  tags: readonly string[];
  lexicons: Lexicons;
  /** Feature strings, in the order of their weight rows. */
  features: readonly string[];
  /** Row offset of each feature in `weights`, by the feature's hash. */
  table: FeatureTable;
  weights: Float32Array;
  /** The same weights as stored (int8, `weights` = quantised × scale): tagging sums these exactly, in int32. */
  quantised: Int8Array;
  scale: number;
  transitions: Float64Array;
  /** tags × tags: may tag `to` follow tag `from` (I-X only after B-X or I-X). */
  allowed: Uint8Array;
  temperature: number;
}

export function decodeLexicons(l: ModelFile['lexicons']): Lexicons {
  const phrases = new Map<string, string>();
  let maxPhraseWords = 1;
  for (const line of l.phrases.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const phrase = line.slice(0, tab);
    phrases.set(phrase, line.slice(tab + 1));
    maxPhraseWords = Math.max(maxPhraseWords, phrase.split(' ').length);
  }
  const phrasePrefixes = new Set<string>();
  for (const phrase of phrases.keys()) {
    const words = phrase.split(' ');
    for (let k = 1; k < words.length; k++) phrasePrefixes.add(words.slice(0, k).join(' '));
  }
  return { phrases, maxPhraseWords, phrasePrefixes, firstNames: new Set(l.firstNames.split('\n').filter(Boolean)) };
}

export function encodeLexicons(l: Pick<Lexicons, 'phrases' | 'firstNames'>): ModelFile['lexicons'] {
  return {
    phrases: [...l.phrases].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([p, c]) => `${p}\t${c}`).join('\n'),
    firstNames: [...l.firstNames].sort().join('\n'),
  };
}

/** May `to` follow `from` (-1: the sentence start) in IOB2? */
export function transitionAllowed(tags: readonly string[], from: number, to: number): boolean {
  const t = tags[to]!;
  if (!t.startsWith('I-')) return true;
  if (from < 0) return false;
  const f = tags[from]!;
  return f !== 'O' && f.slice(2) === t.slice(2);
}

export function allowedTransitions(tags: readonly string[]): Uint8Array {
  const T = tags.length;
  const allowed = new Uint8Array((T + 1) * T);
  for (let from = -1; from < T; from++) for (let to = 0; to < T; to++) allowed[(from < 0 ? T : from) * T + to] = transitionAllowed(tags, from, to) ? 1 : 0;
  return allowed;
}

function base64ToBytes(b64: string): Int8Array {
  const bin = atob(b64);
  const out = new Int8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = (bin.charCodeAt(i) << 24) >> 24;
  return out;
}

export function loadModel(file: ModelFile): TaggerModel {
  const T = file.tags.length;
  const features = file.features.split('\n');
  const q = base64ToBytes(file.weights);
  if (q.length !== features.length * T) throw new Error(`ner model: ${q.length} weights for ${features.length} features × ${T} tags`);
  const weights = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) weights[i] = q[i]! * file.scale;
  return {
    tags: file.tags,
    lexicons: decodeLexicons(file.lexicons),
    features,
    table: new FeatureTable(features, T),
    weights,
    quantised: q,
    scale: file.scale,
    transitions: Float64Array.from(file.transitions),
    allowed: allowedTransitions(file.tags),
    temperature: file.temperature,
  };
}

/** Separator of a feature's values in its key (featureKey): "template=a|b|c". */
const valueSeparator = '|';

/**
 * The model's features keyed by numbers instead of strings: a template id and one id per value
 * (ids from the model's own template and value dictionaries). Tagging then looks a feature up with
 * two or three Map look-ups of strings V8 has hashed already (a word's forms are cached) and one
 * probe of integers, and a feature with a value the model never saw (most rare words) costs one
 * failed look-up and no probe; hashing each feature's characters, as before, cost more than all
 * the rest of tagging.
 *
 * Exactly the string semantics: a feature string is split at its first "=" (no template name has
 * one) and its values at every way "|" could separate one, two or three values, all pointing to
 * the same row. A call (template, a, b, c) then finds a row if and only if featureKey(template, a,
 * b, c) is a feature of the model, whatever "|" the values contain; no value is "undefined".
 */
export class FeatureTable {
  private readonly templates = new Map<string, number>();
  private readonly values = new Map<string, number>();
  /** Open addressing: [template id × 2^22 + a, b, c, row] per slot (-1 for an absent b or c). */
  private slots: Int32Array;
  private mask: number;
  private used = 0;

  constructor(features: readonly string[], T: number) {
    this.mask = 0;
    this.slots = this.empty(1 << 12);
    features.forEach((f, i) => {
      const eq = f.indexOf('=');
      if (eq < 0) return;
      const template = this.id(this.templates, f.slice(0, eq), 1 << 9);
      const rest = f.slice(eq + 1);
      const row = i * T;
      this.put(template, this.id(this.values, rest, 1 << 22), -1, -1, row);
      const pipes: number[] = [];
      for (let k = rest.indexOf(valueSeparator); k >= 0; k = rest.indexOf(valueSeparator, k + 1)) pipes.push(k);
      for (const [x, p] of pipes.entries()) {
        const a = this.id(this.values, rest.slice(0, p), 1 << 22);
        this.put(template, a, this.id(this.values, rest.slice(p + 1), 1 << 22), -1, row);
        for (const q of pipes.slice(x + 1)) {
          this.put(template, a, this.id(this.values, rest.slice(p + 1, q), 1 << 22), this.id(this.values, rest.slice(q + 1), 1 << 22), row);
        }
      }
    });
    this.templateIds = Int32Array.from(featureTemplates, (name) => this.templates.get(name) ?? -1);
    this.emptyValue = this.value('');
  }

  private empty(size: number): Int32Array {
    this.mask = size - 1;
    this.used = 0;
    const slots = new Int32Array(size * 4);
    for (let k = 0; k < size; k++) slots[k * 4 + 3] = -1;
    return slots;
  }

  private id(ids: Map<string, number>, key: string, limit: number): number {
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      if (id >= limit) throw new Error(`ner model: more than ${limit} distinct feature parts`);
      ids.set(key, id);
    }
    return id;
  }

  private put(template: number, a: number, b: number, c: number, row: number): void {
    // at most 3/4 full: a smaller table stays in cache, and a probe reads 4 slots per cache line
    if ((this.used + 1) * 4 > (this.mask + 1) * 3) {
      const old = this.slots;
      this.slots = this.empty((this.mask + 1) * 2);
      for (let k = 0; k < old.length; k += 4) if (old[k + 3]! >= 0) this.insert(old[k]!, old[k + 1]!, old[k + 2]!, old[k + 3]!);
    }
    this.insert(template * 0x400000 + a, b, c, row);
  }

  private insert(k0: number, b: number, c: number, row: number): void {
    const { slots, mask } = this;
    for (let k = slotOf(k0, b, c) & mask; ; k = (k + 1) & mask) {
      const at = k * 4;
      if (slots[at + 3]! < 0) {
        slots[at] = k0;
        slots[at + 1] = b;
        slots[at + 2] = c;
        slots[at + 3] = row;
        this.used++;
        return;
      }
      // the same key from two feature strings cannot happen: the strings are unique and a key spells one string
      if (slots[at] === k0 && slots[at + 1] === b && slots[at + 2] === c) throw new Error('ner model: two features with one key');
    }
  }

  /** By index into featureTemplates: the template's id here, or -1 when the model has no feature of it. */
  readonly templateIds: Int32Array;
  /** The id of the empty value (a feature without values, "template="), or -1. */
  readonly emptyValue: number;

  /** A value's id, or -1 when no feature of the model has it. */
  value(text: string): number {
    return this.values.get(text) ?? -1;
  }

  /** Row offset of the feature (template id, value ids; -1 for absent b, c), or -1. */
  lookup(template: number, a: number, b: number, c: number): number {
    const { slots, mask } = this;
    const k0 = template * 0x400000 + a;
    for (let k = slotOf(k0, b, c) & mask; ; k = (k + 1) & mask) {
      const at = k * 4;
      const row = slots[at + 3]!;
      if (row < 0 || (slots[at] === k0 && slots[at + 1] === b && slots[at + 2] === c)) return row;
    }
  }
}

/** A well-mixed 32-bit hash of a feature's key (murmur3's finaliser over a multiplicative combination). */
function slotOf(k0: number, b: number, c: number): number {
  let h = Math.imul(k0, 0x9e3779b1) ^ Math.imul(b + 1, 0x85ebca6b) ^ Math.imul(c + 2, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * Adds each feature's weights to the scores of its word, looked up by ids (FeatureTable). Sums the
 * int8 weights as stored, in int32: exact, so independent of order, and four times less memory to
 * read than floats. The word-alone features come first (emitFeatures), onto a word's zero scores,
 * so their sum is a function of the word: it is remembered per word (WordForms.scores) and copied,
 * for a third of the work.
 */
class HashedScorer implements FeatureSink<number> {
  private offset = 0;
  private readonly table: FeatureTable;
  private readonly weights: Int8Array;
  private readonly T: number;
  readonly scores: Int32Array;
  /** The model: a word's remembered sums (WordForms.scores) are this model's only. */
  private readonly owner: object;

  // plain fields, not parameter properties: Node runs this file by stripping types alone
  constructor(table: FeatureTable, weights: Int8Array, T: number, scores: Int32Array, owner: object) {
    this.table = table;
    this.weights = weights;
    this.T = T;
    this.scores = scores;
    this.owner = owner;
  }

  word(i: number): void {
    this.offset = i * this.T;
  }

  knownWord(_word: string, forms: WordForms): boolean {
    const known = forms.scoresOwner === this.owner ? forms.scores : undefined;
    if (known === undefined) return false;
    const { scores, offset, T } = this;
    for (let t = 0; t < T; t++) scores[offset + t] = known[t]!;
    return true;
  }

  wordDone(_word: string, forms: WordForms): void {
    forms.scores = this.scores.slice(this.offset, this.offset + this.T);
    forms.scoresOwner = this.owner;
  }

  value(text: string): number {
    return this.table.value(text);
  }

  wordValues(forms: WordForms): void {
    if (forms.valuesOwner === this.owner) return;
    forms.keyValue = this.table.value(forms.key);
    forms.shortValue = this.table.value(forms.short);
    forms.valuesOwner = this.owner;
  }

  add(template: number, a?: number, b?: number, c?: number): void {
    const { table } = this;
    const tid = table.templateIds[template]!;
    if (tid < 0) return;
    // no value given is the empty value: featureKey writes "template=" for both
    const va = a === undefined ? table.emptyValue : a;
    if (va < 0) return;
    let vb = -1;
    let vc = -1;
    if (a !== undefined && b !== undefined) {
      if (b < 0) return;
      vb = b;
      if (c !== undefined) {
        if (c < 0) return;
        vc = c;
      }
    }
    const row = table.lookup(tid, va, vb, vc);
    if (row < 0) return;
    const { scores, weights, offset, T } = this;
    for (let t = 0; t < T; t++) scores[offset + t]! += weights[row + t]!;
  }
}

/**
 * Emission scores of one sentence under a loaded model (the hashed path): the sums of
 * emissionScores, up to float rounding (those add float weights one by one).
 */
export function modelScores(model: TaggerModel, words: readonly string[], context?: DocumentContext, forms?: readonly WordForms[]): Float64Array {
  const T = model.tags.length;
  const scorer = new HashedScorer(model.table, model.quantised, T, new Int32Array(words.length * T), model);
  emitFeatures(words, model.lexicons, context, scorer, forms);
  const scores = new Float64Array(scorer.scores.length);
  for (let i = 0; i < scores.length; i++) scores[i] = scorer.scores[i]! * model.scale;
  return scores;
}

/** Per word and tag: the sum of the weights of the word's features. */
export function emissionScores(rows: ReadonlyMap<string, number>, weights: ArrayLike<number>, T: number, features: readonly (readonly string[])[]): Float64Array {
  const scores = new Float64Array(features.length * T);
  features.forEach((fs, i) => {
    const o = i * T;
    for (const f of fs) {
      const r = rows.get(f);
      if (r === undefined) continue;
      for (let t = 0; t < T; t++) scores[o + t]! += weights[r + t]!;
    }
  });
  return scores;
}

/** The indexes of the B-* tags, remembered for the last tag list (one model): a string test per word and tag before. */
let lastBeginTags: { tags: readonly string[]; starts: number[] } | undefined;
function beginTags(tags: readonly string[]): number[] {
  if (lastBeginTags?.tags !== tags) lastBeginTags = { tags, starts: tags.flatMap((tag, t) => (tag.startsWith('B-') ? [t] : [])) };
  return lastBeginTags.starts;
}

/** Sets the B-* scores of the words that cannot start an entity (cannotStartEntity) to -∞. */
export function forbidStarts(scores: Float64Array, words: readonly string[], lexicons: Lexicons, tags: readonly string[], forms?: readonly WordForms[]): Float64Array {
  const T = tags.length;
  const starts = beginTags(tags);
  cannotStartEntity(words, lexicons, forms).forEach((no, i) => {
    if (no) for (const t of starts) scores[i * T + t] = -Infinity;
  });
  return scores;
}

/** Best tag sequence under the emission and transition scores, over allowed transitions only. */
export function viterbi(scores: Float64Array, n: number, T: number, transitions: ArrayLike<number>, allowed: Uint8Array): number[] {
  if (n === 0) return [];
  const best = new Float64Array(n * T);
  const back = new Int32Array(n * T);
  for (let t = 0; t < T; t++) best[t] = allowed[T * T + t] ? scores[t]! + transitions[T * T + t]! : -Infinity;
  for (let i = 1; i < n; i++) {
    for (let t = 0; t < T; t++) {
      let m = -Infinity;
      let arg = 0;
      for (let p = 0; p < T; p++) {
        if (!allowed[p * T + t]) continue;
        const s = best[(i - 1) * T + p]! + transitions[p * T + t]!;
        if (s > m) {
          m = s;
          arg = p;
        }
      }
      best[i * T + t] = m + scores[i * T + t]!;
      back[i * T + t] = arg;
    }
  }
  let last = 0;
  for (let t = 1; t < T; t++) if (best[(n - 1) * T + t]! > best[(n - 1) * T + last]!) last = t;
  const path = new Array<number>(n);
  path[n - 1] = last;
  for (let i = n - 1; i > 0; i--) path[i - 1] = back[i * T + path[i]!]!;
  return path;
}

/** exp(transition / temperature) over allowed transitions, 0 otherwise; remembered for the last model (one per sentence before). */
let lastPotentials: { transitions: ArrayLike<number>; allowed: Uint8Array; k: number; trans: Float64Array } | undefined;
function transitionPotentials(transitions: ArrayLike<number>, allowed: Uint8Array, T: number, k: number): Float64Array {
  const last = lastPotentials;
  if (last && last.transitions === transitions && last.allowed === allowed && last.k === k && last.trans.length === (T + 1) * T) return last.trans;
  const trans = new Float64Array((T + 1) * T);
  for (let i = 0; i < trans.length; i++) trans[i] = allowed[i] ? Math.exp(transitions[i]! * k) : 0;
  lastPotentials = { transitions, allowed, k, trans };
  return trans;
}

/**
 * P(word i has tag t) under the scores read as a linear-chain CRF at the given temperature:
 * forward-backward in probability space, rescaled at every word (cheap: one exp per word and tag).
 */
export function marginals(scores: Float64Array, n: number, T: number, transitions: ArrayLike<number>, allowed: Uint8Array, temperature: number): Float64Array {
  const k = 1 / temperature;
  const trans = transitionPotentials(transitions, allowed, T, k);
  // scratch space reused across sentences (a sentence's arrays cost more to allocate than to fill)
  if (scratch.length < 3 * n * T) scratch = new Float64Array(Math.max(3 * n * T, 2 * scratch.length));
  const buffer = scratch;
  const e = 0;
  const alpha = n * T;
  const beta = 2 * n * T;
  // emission potentials, each word's scaled by its best score so exp() stays in range
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let t = 0; t < T; t++) m = Math.max(m, scores[i * T + t]!);
    for (let t = 0; t < T; t++) buffer[e + i * T + t] = Math.exp((scores[i * T + t]! - m) * k);
  }
  for (let t = 0; t < T; t++) buffer[alpha + t] = trans[T * T + t]! * buffer[e + t]!;
  normalise(buffer, alpha, T);
  for (let i = 1; i < n; i++) {
    const here = alpha + i * T;
    const before = here - T;
    for (let t = 0; t < T; t++) {
      let s = 0;
      for (let p = 0; p < T; p++) s += buffer[before + p]! * trans[p * T + t]!;
      buffer[here + t] = s * buffer[e + i * T + t]!;
    }
    normalise(buffer, here, T);
  }
  buffer.fill(1, beta + (n - 1) * T, beta + n * T);
  for (let i = n - 2; i >= 0; i--) {
    const here = beta + i * T;
    const next = here + T;
    const emitted = e + (i + 1) * T;
    for (let p = 0; p < T; p++) {
      let s = 0;
      for (let t = 0; t < T; t++) s += trans[p * T + t]! * buffer[emitted + t]! * buffer[next + t]!;
      buffer[here + p] = s;
    }
    normalise(buffer, here, T);
  }
  const out = new Float64Array(n * T);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < T; t++) out[i * T + t] = buffer[alpha + i * T + t]! * buffer[beta + i * T + t]!;
    normalise(out, i * T, T);
  }
  return out;
}

let scratch = new Float64Array(1024);

/** Scales a[o … o+T) to sum 1 (left as is when it sums to 0). */
function normalise(a: Float64Array, o: number, T: number): void {
  let z = 0;
  for (let t = 0; t < T; t++) z += a[o + t]!;
  if (z > 0) for (let t = 0; t < T; t++) a[o + t]! /= z;
}

/** Entity spans of a tag-index path; confidence from the marginals when given. */
export function pathSpans(tags: readonly string[], path: readonly number[], probs?: Float64Array): TaggedSpan[] {
  const T = tags.length;
  const spans: TaggedSpan[] = [];
  let open: TaggedSpan | undefined;
  path.forEach((ti, i) => {
    const tag = tags[ti]!;
    const p = probs ? probs[i * T + ti]! : 1;
    if (open && !tag.startsWith('I-')) {
      spans.push(open);
      open = undefined;
    }
    if (tag === 'O') return;
    if (!open) open = { label: tag.slice(2) as EntityLabel, start: i, end: i + 1, confidence: p };
    else {
      open.end = i + 1;
      open.confidence = Math.min(open.confidence, p);
    }
  });
  if (open) spans.push(open);
  for (const s of spans) s.confidence = Math.round(s.confidence * 1000) / 1000;
  return spans;
}

/** A tagger over one loaded model. */
export class EntityTagger {
  readonly model: TaggerModel;

  constructor(model: TaggerModel) {
    this.model = model;
  }

  documentContext(sentences: readonly (readonly string[])[]): DocumentContext {
    return buildDocumentContext(sentences, this.model.lexicons);
  }

  /** `forms`: sentenceForms(words), when the caller has them already (tagDocument). */
  tagSentence(words: readonly string[], context?: DocumentContext, forms: readonly WordForms[] = sentenceForms(words)): TaggedSpan[] {
    const { tags, transitions, allowed, temperature } = this.model;
    const n = words.length;
    if (!n) return [];
    const T = tags.length;
    const scores = forbidStarts(modelScores(this.model, words, context, forms), words, this.model.lexicons, tags, forms);
    const path = viterbi(scores, n, T, transitions, allowed);
    // confidences are per span: a sentence without one needs no forward-backward
    const outside = tags.indexOf('O');
    if (path.every((t) => t === outside)) return [];
    return pathSpans(tags, path, marginals(scores, n, T, transitions, allowed, temperature));
  }

  tagDocument(sentences: readonly (readonly string[])[]): TaggedSpan[][] {
    // each word's forms once, for the context and the sentence's features alike
    const forms = sentences.map(sentenceForms);
    const context = buildDocumentContext(sentences, this.model.lexicons, forms);
    return sentences.map((words, k) => this.tagSentence(words, context, forms[k]));
  }
}

