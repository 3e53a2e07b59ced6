/**
 * Training of the tagger (src/ingest/tagger.ts): a structured perceptron (Collins 2002) with
 * averaged weights, Viterbi decoding over IOB2 tags, and a seeded shuffle of the sentences per
 * epoch, so the same data and options give the same model bytes. Then pruning and 8-bit
 * quantisation into the model file. Runtime-neutral; scripts/train-ner.ts does the file I/O.
 *
 * Written by hand: no npm package trains a sequence tagger over our own features without native
 * code or a Python toolchain, and the loop is small.
 */
import { projectSentences, tagSpans, type ConllDocument } from './conll.ts';
import { allowedTransitions, emissionScores, forbidStarts, encodeLexicons, pathSpans, viterbi, type ModelFile } from './tagger-model.ts';
import { buildDocumentContext, sentenceFeatures, type Lexicons } from './tagger-features.ts';

export const modelTags = ['O', 'B-PER', 'I-PER', 'B-ORG', 'I-ORG', 'B-LOC', 'I-LOC', 'B-MISC', 'I-MISC'];

export interface Example {
  words: string[];
  features: string[][];
  /** Gold tag indices into modelTags. */
  gold: number[];
}

/** CoNLL documents → examples in the project's tokenisation, with document-context features. */
export function prepareExamples(docs: readonly ConllDocument[], lexicons: Lexicons, options: { documentContext: boolean }): Example[] {
  const out: Example[] = [];
  for (const doc of docs) {
    const sentences = projectSentences(doc);
    const words = sentences.map((s) => s.map((w) => w.word));
    const context = options.documentContext ? buildDocumentContext(words, lexicons) : undefined;
    sentences.forEach((s, i) => {
      const gold = s.map((w) => {
        // IOB1 files mark a span start with I-; the model speaks IOB2
        const k = modelTags.indexOf(w.tag);
        if (k < 0) throw new Error(`unknown tag ${w.tag}`);
        return k;
      });
      out.push({ words: words[i]!, features: sentenceFeatures(words[i]!, lexicons, context), gold });
    });
  }
  return out;
}

/** Deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TrainOptions {
  epochs: number;
  seed: number;
  /** Called after each epoch with the averaged weights so far (for tuning on held-out data). */
  onEpoch?: (epoch: number, weights: TrainedWeights) => void;
}

export interface TrainedWeights {
  features: string[];
  /** Averaged, features × tags. */
  weights: Float64Array;
  /** Averaged, (tags + 1) × tags. */
  transitions: Float64Array;
  /** Training occurrences of each feature. */
  counts: Int32Array;
}

export function trainPerceptron(examples: readonly Example[], lexicons: Lexicons, options: TrainOptions): TrainedWeights {
  const T = modelTags.length;
  const ids = new Map<string, number>();
  const features: string[] = [];
  const encoded = examples.map((ex) =>
    ex.features.map((fs) =>
      Int32Array.from(fs, (f) => {
        let id = ids.get(f);
        if (id === undefined) {
          id = features.length;
          ids.set(f, id);
          features.push(f);
        }
        return id;
      }),
    ),
  );
  const F = features.length;
  const counts = new Int32Array(F);
  for (const s of encoded) for (const fs of s) for (const f of fs) counts[f]!++;
  const w = new Float64Array(F * T);
  const u = new Float64Array(F * T);
  const tw = new Float64Array((T + 1) * T);
  const tu = new Float64Array((T + 1) * T);
  const allowed = allowedTransitions(modelTags);
  let c = 1;
  const update = (fs: Int32Array, t: number, v: number) => {
    for (const f of fs) {
      w[f * T + t]! += v;
      u[f * T + t]! += c * v;
    }
  };
  const updateTransition = (from: number, to: number, v: number) => {
    const k = (from < 0 ? T : from) * T + to;
    tw[k]! += v;
    tu[k]! += c * v;
  };
  const averaged = (): TrainedWeights => ({
    features,
    weights: w.map((x, i) => x - u[i]! / c),
    transitions: tw.map((x, i) => x - tu[i]! / c),
    counts,
  });

  const rand = random(options.seed);
  const order = examples.map((_, i) => i);
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const k of order) {
      const sentence = encoded[k]!;
      const gold = examples[k]!.gold;
      const n = sentence.length;
      const scores = new Float64Array(n * T);
      for (let i = 0; i < n; i++) {
        for (const f of sentence[i]!) for (let t = 0; t < T; t++) scores[i * T + t]! += w[f * T + t]!;
      }
      const pred = viterbi(forbidStarts(scores, examples[k]!.words, lexicons, modelTags), n, T, tw, allowed);
      for (let i = 0; i < n; i++) {
        const g = gold[i]!;
        const p = pred[i]!;
        if (g !== p) {
          update(sentence[i]!, g, 1);
          update(sentence[i]!, p, -1);
        }
        const gPrev = i ? gold[i - 1]! : -1;
        const pPrev = i ? pred[i - 1]! : -1;
        if (g !== p || gPrev !== pPrev) {
          updateTransition(gPrev, g, 1);
          updateTransition(pPrev, p, -1);
        }
      }
      c++;
    }
    options.onEpoch?.(epoch, averaged());
  }
  return averaged();
}

export interface Scores {
  byLabel: Record<string, { p: number; r: number; f1: number; tp: number; fp: number; fn: number }>;
  overall: { p: number; r: number; f1: number };
}

/** Entity-level exact-span precision, recall and F1 (conlleval) of predicted against gold tag paths. */
export function scoreSpans(pairs: Iterable<{ gold: readonly string[]; predicted: readonly { label: string; start: number; end: number }[] }>): Scores {
  const counts: Record<string, { tp: number; fp: number; fn: number }> = {};
  const at = (l: string) => (counts[l] ??= { tp: 0, fp: 0, fn: 0 });
  for (const { gold, predicted } of pairs) {
    const g = new Set(tagSpans(gold).map((s) => `${s.label}:${s.start}:${s.end}`));
    const p = new Set(predicted.map((s) => `${s.label}:${s.start}:${s.end}`));
    for (const k of p) at(k.split(':')[0]!)[g.has(k) ? 'tp' : 'fp']++;
    for (const k of g) if (!p.has(k)) at(k.split(':')[0]!).fn++;
  }
  const prf = (tp: number, fp: number, fn: number) => {
    const p = tp / (tp + fp || 1);
    const r = tp / (tp + fn || 1);
    return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
  };
  const byLabel: Scores['byLabel'] = {};
  for (const l of Object.keys(counts).sort()) byLabel[l] = { ...prf(counts[l]!.tp, counts[l]!.fp, counts[l]!.fn), ...counts[l]! };
  const sum = (k: 'tp' | 'fp' | 'fn') => Object.values(counts).reduce((a, c) => a + c[k], 0);
  return { byLabel, overall: prf(sum('tp'), sum('fp'), sum('fn')) };
}

/** Scores weights (float or decoded) on examples with Viterbi decoding. */
export function evaluate(examples: readonly Example[], lexicons: Lexicons, rows: ReadonlyMap<string, number>, weights: ArrayLike<number>, transitions: ArrayLike<number>): Scores {
  const T = modelTags.length;
  const allowed = allowedTransitions(modelTags);
  return scoreSpans(
    examples.map((ex) => {
      const scores = forbidStarts(emissionScores(rows, weights, T, ex.features), ex.words, lexicons, modelTags);
      const path = viterbi(scores, ex.words.length, T, transitions, allowed);
      return { gold: ex.gold.map((g) => modelTags[g]!), predicted: pathSpans(modelTags, path) };
    }),
  );
}

export function rowsOf(features: readonly string[]): Map<string, number> {
  const T = modelTags.length;
  return new Map(features.map((f, i) => [f, i * T]));
}

export interface EncodeOptions {
  /** Drop features seen fewer times than this in training. */
  minCount: number;
  /** Drop features whose largest absolute weight is below this fraction of the largest weight overall. */
  minWeight: number;
  temperature: number;
  provenance: Record<string, unknown>;
}

/** Prunes, quantises to int8 with one scale, and lays out the model file (features sorted, so output is stable). */
export function encodeModel(trained: TrainedWeights, lexicons: Lexicons, options: EncodeOptions): ModelFile {
  const T = modelTags.length;
  let maxAbs = 0;
  for (const x of trained.weights) maxAbs = Math.max(maxAbs, Math.abs(x));
  const scale = maxAbs / 127;
  const kept: number[] = [];
  trained.features.forEach((_, f) => {
    if (trained.counts[f]! < options.minCount) return;
    let m = 0;
    for (let t = 0; t < T; t++) m = Math.max(m, Math.abs(Math.round(trained.weights[f * T + t]! / scale)));
    if (m > 0 && m * scale >= options.minWeight * maxAbs) kept.push(f);
  });
  kept.sort((a, b) => (trained.features[a]! < trained.features[b]! ? -1 : 1));
  const q = new Int8Array(kept.length * T);
  kept.forEach((f, r) => {
    for (let t = 0; t < T; t++) q[r * T + t] = Math.round(trained.weights[f * T + t]! / scale);
  });
  let bin = '';
  for (let i = 0; i < q.length; i += 0x8000) bin += String.fromCharCode(...new Uint8Array(q.buffer, i, Math.min(0x8000, q.length - i)));
  return {
    format: 'newsgraph-ner/1',
    provenance: options.provenance,
    tags: modelTags,
    temperature: options.temperature,
    transitions: [...trained.transitions].map((x) => Math.round(x * 1000) / 1000),
    scale: Number(scale.toPrecision(6)),
    features: kept.map((f) => trained.features[f]!).join('\n'),
    weights: btoa(bin),
    lexicons: encodeLexicons(lexicons),
  };
}
