/**
 * Scores entity extraction on CoNLL-2003 (exact span match, PER/LOC/ORG).
 *
 *   npx tsx scripts/eval-ner.ts ../shared/corpora/conll2003/valid.txt [--engine pipeline|tagger]
 *     [--errors N] [--label PER|LOC|ORG] [--limit docs] [--rules]
 *
 * Each -DOCSTART- document is rebuilt as text: tokens joined by spaces, sentences by newlines
 * (so token offsets are known). extractMentions runs per document with the gazetteer ingest uses
 * (country aliases and curated organisations). Predictions map to labels: person → PER, organization → ORG, country → LOC (demonym
 * matches such as "Russian" are MISC in CoNLL and are not scored), non-country places the
 * pipeline detects → LOC. `--engine tagger` scores the learned tagger alone (src/ingest/tagger.ts,
 * tagText over the same text), with MISC as a fourth type.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { extractDetailed } from '../src/ingest/extract.ts';
import type { Gazetteer } from '../src/ingest/gazetteer.ts';
import { staticGazetteer } from '../src/ingest/static-gazetteer.ts';
import { documentText, parseConll, tagSpans } from '../src/ingest/conll.ts';
import { tagText } from '../src/ingest/tagger.ts';

type Label = 'PER' | 'LOC' | 'ORG' | 'MISC';

interface Doc {
  text: string;
  /** Token char ranges. */
  starts: number[];
  ends: number[];
  gold: Span[];
}
interface Span {
  t0: number;
  t1: number;
  label: Label;
}

function readConll(path: string): Doc[] {
  return parseConll(readFileSync(path, 'utf8')).map((d) => {
    const { text, words } = documentText(d);
    const gold = tagSpans(words.map((w) => w.tag)).map((g) => ({ t0: g.start, t1: g.end, label: g.label as Label }));
    return { text, starts: words.map((w) => w.start), ends: words.map((w) => w.end), gold };
  });
}

interface Pred {
  start: number;
  end: number;
  label: Label;
  /** Which rule found it (pipeline only), for error analysis. */
  via?: string;
}

function pipelinePreds(doc: Doc, gazetteer: Gazetteer): Pred[] {
  const d = extractDetailed(doc.text, gazetteer);
  if (d.text !== doc.text) throw new Error('cleanText changed a CoNLL document; offsets would not align');
  const out: Pred[] = [];
  d.mentions.forEach((m, i) => {
    if (m.kind === 'country' && d.via[i] === 'demonym') return;
    out.push({ start: m.start, end: m.end, label: m.kind === 'person' ? 'PER' : m.kind === 'organization' ? 'ORG' : 'LOC', via: d.rules[i] });
  });
  for (const p of d.places) out.push({ start: p.start, end: p.end, label: 'LOC', via: p.rule });
  return out;
}

function taggerPreds(doc: Doc): Pred[] {
  return tagText(doc.text).map((e) => ({ start: e.start, end: e.end, label: e.label }));
}

function toTokenSpan(doc: Doc, p: Pred): Span | null {
  const t0 = doc.starts.indexOf(p.start);
  const t1 = doc.ends.indexOf(p.end);
  return t0 >= 0 && t1 >= t0 ? { t0, t1: t1 + 1, label: p.label } : null;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    engine: { type: 'string', default: 'pipeline' },
    errors: { type: 'string', default: '0' },
    label: { type: 'string' },
    limit: { type: 'string' },
    rules: { type: 'boolean', default: false },
  },
});
const file = positionals[0];
if (!file) {
  console.error('usage: eval-ner <conll file> [--engine pipeline|tagger] [--errors N] [--label PER|LOC|ORG] [--limit docs] [--rules]');
  process.exit(2);
}
let docs = readConll(file);
if (values.limit) docs = docs.slice(0, Number(values.limit));
const gazetteer = staticGazetteer();
const engine = values.engine;
const labels: Label[] = engine === 'tagger' ? ['PER', 'LOC', 'ORG', 'MISC'] : ['PER', 'LOC', 'ORG'];
const predict = (doc: Doc) => (engine === 'tagger' ? taggerPreds(doc) : pipelinePreds(doc, gazetteer));

const tp: Record<Label, number> = { PER: 0, LOC: 0, ORG: 0, MISC: 0 };
const fp: Record<Label, number> = { PER: 0, LOC: 0, ORG: 0, MISC: 0 };
const fn: Record<Label, number> = { PER: 0, LOC: 0, ORG: 0, MISC: 0 };
const errors: string[] = [];
const byRule: Record<string, { tp: number; fp: number }> = {};
let words = 0;
let elapsed = 0;
// warm up (JIT, lazy model loading) outside the timing
predict(docs[0]!);

for (const doc of docs) {
  words += doc.starts.length;
  const t = performance.now();
  const preds = predict(doc);
  elapsed += performance.now() - t;
  const key = (s: Span) => `${s.t0}:${s.t1}:${s.label}`;
  const gold = new Set(doc.gold.filter((g) => labels.includes(g.label)).map(key));
  const seen = new Set<string>();
  const show = (s: Span | Pred, what: string) => {
    if (errors.length >= Number(values.errors) * 2) return;
    if (values.label && s.label !== values.label) return;
    const text = 't0' in s ? doc.text.slice(doc.starts[s.t0], doc.ends[s.t1 - 1]) : doc.text.slice(s.start, s.end);
    const at = 't0' in s ? doc.starts[s.t0]! : s.start;
    const nl = doc.text.indexOf('\n', at);
    const line = doc.text.slice(doc.text.lastIndexOf('\n', at) + 1, nl < 0 ? doc.text.length : nl);
    const rule = 'via' in s ? ` [${(s as Pred).via}]` : '';
    errors.push(`${what} ${s.label}${rule} "${text}"  | ${line.slice(0, 140)}`);
  };
  for (const p of preds) {
    const s = toTokenSpan(doc, p);
    const k = s && key(s);
    if (k && seen.has(k)) continue;
    if (k) seen.add(k);
    const r = `${p.label} ${p.via ?? engine}`;
    const br = (byRule[r] ??= { tp: 0, fp: 0 });
    if (k && gold.has(k)) {
      tp[p.label]++;
      br.tp++;
    } else {
      fp[p.label]++;
      br.fp++;
      show(p, 'FP');
    }
  }
  for (const g of doc.gold) {
    if (!labels.includes(g.label) || seen.has(key(g))) continue;
    fn[g.label]++;
    show(g, 'FN');
  }
}

const f = (n: number) => n.toFixed(3);
const rows = labels.map((l) => {
  const p = tp[l] / (tp[l] + fp[l] || 1);
  const r = tp[l] / (tp[l] + fn[l] || 1);
  return { label: l, p, r, f1: p + r ? (2 * p * r) / (p + r) : 0, tp: tp[l], fp: fp[l], fn: fn[l] };
});
// conlleval's overall figure counts every scored type (MISC too when the engine predicts it)
const sum = (k: 'tp' | 'fp' | 'fn') => rows.reduce((a, r) => a + r[k], 0);
const P = sum('tp') / (sum('tp') + sum('fp') || 1);
const R = sum('tp') / (sum('tp') + sum('fn') || 1);
console.log(`engine: ${engine}   file: ${file}   documents: ${docs.length}   tokens: ${words}\n`);
console.log('| type | precision | recall | F1 | TP | FP | FN |');
console.log('|------|-----------|--------|----|----|----|----|');
for (const r of rows) console.log(`| ${r.label} | ${f(r.p)} | ${f(r.r)} | ${f(r.f1)} | ${r.tp} | ${r.fp} | ${r.fn} |`);
console.log(`| all (micro) | ${f(P)} | ${f(R)} | ${f((2 * P * R) / (P + R || 1))} | ${sum('tp')} | ${sum('fp')} | ${sum('fn')} |`);
console.log(`\nthroughput: ${(docs.length / (elapsed / 1000)).toFixed(0)} articles/s, ${(words / (elapsed / 1000) / 1000).toFixed(0)}k tokens/s (${(elapsed / docs.length).toFixed(2)} ms/article, avg ${(words / docs.length).toFixed(0)} tokens)`);
if (values.rules) {
  console.log('\n| prediction (label rule) | TP | FP | precision |\n|---|---|---|---|');
  for (const [r, c] of Object.entries(byRule).sort()) console.log(`| ${r} | ${c.tp} | ${c.fp} | ${f(c.tp / (c.tp + c.fp || 1))} |`);
}
if (errors.length) console.log(`\n${errors.join('\n')}`);
