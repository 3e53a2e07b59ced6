import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConll, projectSentences, tagSpans } from '../src/ingest/conll.ts';
import { defaultTagger, documentContext, tagDocument, tagSentence, tagText, type TaggedSpan } from '../src/ingest/tagger.ts';
import { buildDocumentContext, featureKey, featureTemplates, sentenceFeatures, textSentences, type Lexicons } from '../src/ingest/tagger-features.ts';
import { allowedTransitions, decodeLexicons, emissionScores, encodeLexicons, FeatureTable, loadModel, marginals, modelScores, pathSpans, viterbi } from '../src/ingest/tagger-model.ts';
import { encodeModel, evaluate, modelTags, prepareExamples, rowsOf, trainPerceptron } from '../src/ingest/tagger-train.ts';
import { tokenize } from '../src/ingest/tokens.ts';

const lexicons: Lexicons = decodeLexicons(
  encodeLexicons({
    phrases: new Map([
      ['new york', 'place'],
      ['united states', 'country-name'],
      ['us', 'country-code'],
      ['french', 'country-demonym'],
    ]),
    firstNames: new Set(['tony', 'kofi']),
  }),
);
const words = (text: string) => tokenize(text).map((t) => t.text);
const labelled = (ws: readonly string[], spans: readonly TaggedSpan[]) => spans.map((s) => `${s.label} ${ws.slice(s.start, s.end).join(' ')}`);

describe('tagger features', () => {
  it('describe the word, its shape, affixes and neighbours', () => {
    const f = sentenceFeatures(['Tony', 'Blair', 'visited', 'New', 'York', 'in', '1996'], lexicons);
    expect(f).toHaveLength(7);
    expect(f[1]).toEqual(expect.arrayContaining(['w=Blair', 'l=blair', 'sh=Xxxxx', 'ss=Xx', 'p2=bl', 's3=air', 'l-1=tony', 'l+1=visited', 'fn-1|ss=Xx']));
    expect(f[0]).toEqual(expect.arrayContaining(['fn=', 'first|ss=Xx', 'l-1=<s>', 'l-2=<s>']));
    expect(f[6]).toEqual(expect.arrayContaining(['l=0000', 'sh=dddd', 'l+1=</s>']));
  });

  it('mark gazetteer phrases, longest first, and codes only in capitals', () => {
    const f = sentenceFeatures(['He', 'left', 'New', 'York', 'for', 'the', 'US', ',', 'not', 'us'], lexicons);
    expect(f[2]).toContain('g=B:place');
    expect(f[3]).toContain('g=I:place');
    expect(f[6]).toContain('g=B:country-code:1');
    expect(f[9]!.some((x) => x.startsWith('g='))).toBe(false);
    expect(f[4]).toContain('g-1=I:place');
  });

  it('read the rest of the document: lower-case uses and longer names', () => {
    const doc = [words('Tony Blair spoke.'), words('Blair said the deal would last.'), words('Last year was hard.')];
    const ctx = buildDocumentContext(doc, lexicons);
    const blair = sentenceFeatures(doc[1]!, lexicons, ctx)[0]!;
    expect(blair).toEqual(expect.arrayContaining(['d:last=first', 'd:person=first']));
    const last = sentenceFeatures(doc[2]!, lexicons, ctx)[0]!;
    expect(last).toContain('d:lower=first');
    expect(sentenceFeatures(doc[2]!, lexicons)[0]!.some((x) => x.startsWith('d:'))).toBe(false);
  });

  it('see CoNLL headlines as capitals sentences', () => {
    const f = sentenceFeatures(['SOCCER', '-', 'JAPAN', 'GET', 'LUCKY', 'WIN'], lexicons);
    expect(f[2]).toEqual(expect.arrayContaining(['caps|ss=X', 'caps|l=japan']));
  });

  it('split text into sentences of project tokens with offsets', () => {
    const text = 'Mr. Blair visited the U.S. on Monday. Kim\'s well-known envoy left.';
    const sentences = textSentences(text);
    expect(sentences.map((s) => s.map((t) => t.text))).toEqual([
      ['Mr', '.', 'Blair', 'visited', 'the', 'U.S.', 'on', 'Monday', '.'],
      ['Kim', "'s", 'well', '-', 'known', 'envoy', 'left', '.'],
    ]);
    for (const s of sentences) for (const t of s) expect(text.slice(t.start, t.end)).toBe(t.text);
  });
});

describe('decoding', () => {
  const T = modelTags.length;
  const allowed = allowedTransitions(modelTags);

  it('yields only valid IOB2 sequences whatever the scores', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 12 * T + (T + 1) * T, maxLength: 12 * T + (T + 1) * T }), (n, xs) => {
        const scores = Float64Array.from(xs.slice(0, n * T));
        const transitions = xs.slice(12 * T);
        const path = viterbi(scores, n, T, transitions, allowed);
        expect(path).toHaveLength(n);
        path.forEach((t, i) => {
          const tag = modelTags[t]!;
          if (tag.startsWith('I-')) expect(i > 0 && modelTags[path[i - 1]!]!.slice(2)).toBe(tag.slice(2));
        });
        const probs = marginals(scores, n, T, transitions, allowed, 2);
        for (let i = 0; i < n; i++) expect(probs.subarray(i * T, (i + 1) * T).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
        for (const s of pathSpans(modelTags, path, probs)) expect(s.confidence).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('turns a tag path into spans', () => {
    const path = ['B-PER', 'I-PER', 'O', 'B-LOC', 'B-LOC', 'I-LOC'].map((t) => modelTags.indexOf(t));
    expect(pathSpans(modelTags, path).map(({ label, start, end }) => [label, start, end])).toEqual([
      ['PER', 0, 2],
      ['LOC', 3, 4],
      ['LOC', 4, 6],
    ]);
    expect(tagSpans(['I-ORG', 'I-ORG', 'O', 'I-PER', 'B-PER'])).toEqual([
      { label: 'ORG', start: 0, end: 2 },
      { label: 'PER', start: 3, end: 4 },
      { label: 'PER', start: 4, end: 5 },
    ]);
  });
});

describe('the committed model', () => {
  it('tags people, organisations and places in a plain sentence', () => {
    const ws = words('Tony Blair met Kofi Annan at the United Nations in New York.');
    const spans = tagSentence(ws);
    expect(labelled(ws, spans)).toEqual(['PER Tony Blair', 'PER Kofi Annan', 'ORG United Nations', 'LOC New York']);
    for (const s of spans) expect(s.confidence).toBeGreaterThan(0.5);
    for (const s of spans) expect(s.confidence).toBeLessThanOrEqual(1);
  });

  it('keeps honorifics out of names, with or without their period', () => {
    for (const text of ['Mr Blair said the Labour Party would win.', 'Mr. Blair said the Labour Party would win.']) {
      const ws = words(text);
      expect(labelled(ws, tagSentence(ws))).toEqual(['PER Blair', 'ORG Labour Party']);
    }
  });

  it('tags sentences of a document with its context', () => {
    const sentences = [
      words('Germany\'s Angela Merkel told Reuters that Siemens would invest in Brazil.'),
      words('Merkel spoke in Berlin on Tuesday after talks with French officials.'),
    ];
    const tagged = tagDocument(sentences);
    expect(labelled(sentences[0]!, tagged[0]!)).toEqual(['LOC Germany', 'PER Angela Merkel', 'ORG Reuters', 'ORG Siemens', 'LOC Brazil']);
    expect(labelled(sentences[1]!, tagged[1]!)).toEqual(['PER Merkel', 'LOC Berlin', 'MISC French']);
    expect(tagSentence(sentences[1]!, documentContext(sentences))).toEqual(tagged[1]);
  });

  it('gives character offsets for text', () => {
    const text = 'Shares of General Motors fell in New York.\nGeorge Bush said on Friday the U.S. economy was strong.';
    const entities = tagText(text);
    for (const e of entities) expect(text.slice(e.start, e.end)).toBe(e.text);
    expect(entities.map((e) => `${e.label} ${e.text}`)).toEqual(['ORG General Motors', 'LOC New York', 'PER George Bush', 'LOC U.S.']);
  });

  it('scores the same through hashed lookups as through feature strings', () => {
    const model = defaultTagger().model;
    const doc = [words('Mr. Müller-Wohlfahrt told ABC News: "Ça va", in São Paulo on 12/3.'), words('Müller left.'), words('Müller-Wohlfahrt again.')];
    const context = documentContext(doc);
    for (const ws of doc) {
      const hashed = modelScores(model, ws, context);
      const features = sentenceFeatures(ws, model.lexicons, context);
      // the hashed path sums the stored int8 weights exactly, then scales: the same numbers
      const exact = emissionScores(rowsOf(model.features), model.quantised, model.tags.length, features).map((q) => q * model.scale);
      expect([...hashed]).toEqual([...exact]);
      // and, up to float rounding, what training's float path gives
      const strings = emissionScores(rowsOf(model.features), model.weights, model.tags.length, features);
      hashed.forEach((x, i) => expect(x).toBeCloseTo(strings[i]!, 4));
      expect(hashed.some((x) => x !== 0)).toBe(true);
    }
  });

  it('finds a feature by value ids exactly when its string is a feature, whatever "|" its values hold', () => {
    const features = ['l-1|l=a|b|c', 'l=|', 'l=', 'b=', 'ss-1|ss|ss+1=x||y', 'l|l+1=a|', 'w=a|b'];
    const table = new FeatureTable(features, 1);
    const rows = new Map(features.map((f, i) => [f, i]));
    const parts = ['a', 'b', 'c', 'x', 'y', '', '|', 'a|b', 'b|c', '|y'];
    const id = (v: string | undefined) => (v === undefined ? undefined : table.value(v));
    const find = (template: string, a?: string, b?: string, c?: string) => {
      const tid = table.templateIds[featureTemplates.indexOf(template as never)]!;
      const [va, vb, vc] = [id(a), id(b), id(c)];
      if (tid < 0 || (va ?? table.emptyValue) < 0) return -1;
      if (a === undefined || b === undefined) return table.lookup(tid, va ?? table.emptyValue, -1, -1);
      if (vb! < 0 || (c !== undefined && vc! < 0)) return -1;
      return table.lookup(tid, va!, vb!, c === undefined ? -1 : vc!);
    };
    expect(find('l-1|l', 'a|b', 'c')).toBe(0);
    expect(find('l-1|l', 'a', 'b|c')).toBe(0);
    expect(find('l', '|')).toBe(1);
    expect(find('b')).toBe(3);
    fc.assert(
      fc.property(fc.constantFrom('l-1|l', 'l', 'b', 'ss-1|ss|ss+1', 'l|l+1', 'w', 'sh'), fc.array(fc.constantFrom(...parts), { maxLength: 3 }), (template, values) => {
        const [a, b, c] = values;
        expect(find(template, a, b, c)).toBe(rows.get(featureKey(template, a, b, c)) ?? -1);
      }),
      { numRuns: 2000 },
    );
  });

  it('knows words of company names as a lexicon class of its own, never over a first name or a country', () => {
    const { phrases } = defaultTagger().model.lexicons;
    expect(phrases.get('nintendo')).toBe('company');
    expect(phrases.get('saab')).toBe('company');
    expect(phrases.get('france')).toMatch(/^country-/);
    expect(phrases.has('morris') && phrases.get('morris') === 'company').toBe(false);
    const f = sentenceFeatures(words('Shares in Nintendo rose.'), defaultTagger().model.lexicons);
    expect(f[2]).toContain('g=B:company:1');
  });

  it('returns nothing for no words', () => {
    expect(tagSentence([])).toEqual([]);
    expect(tagText('')).toEqual([]);
  });
});

describe('training', () => {
  const snippet = `-DOCSTART- -X- -X- O

Tony NNP B-NP B-PER
Blair NNP I-NP I-PER
visited VBD B-VP O
Paris NNP B-NP B-LOC
. . O O
Kofi NNP B-NP B-PER
Annan NNP I-NP I-PER
joined VBD B-VP O
Reuters NNP B-NP B-ORG
in IN B-PP O
London NNP B-NP B-LOC
. . O O

-DOCSTART- -X- -X- O

The DT B-NP O
Anglo-French JJ I-NP B-MISC
United NNP I-NP B-ORG
Nations NNP I-NP I-ORG
meeting NN I-NP O
ended VBD B-VP O
. . O O
`;

  it('re-tokenises CoNLL words as the project does and keeps their tags', () => {
    const docs = parseConll(snippet);
    expect(docs).toHaveLength(2);
    expect(projectSentences(docs[1]!)).toEqual([
      [
        { word: 'The', tag: 'O' },
        { word: 'Anglo', tag: 'B-MISC' },
        { word: '-', tag: 'I-MISC' },
        { word: 'French', tag: 'I-MISC' },
        { word: 'United', tag: 'B-ORG' },
        { word: 'Nations', tag: 'I-ORG' },
        { word: 'meeting', tag: 'O' },
        { word: 'ended', tag: 'O' },
        { word: '.', tag: 'O' },
      ],
    ]);
  });

  it('is deterministic and learns its data', () => {
    const train = () => {
      const examples = prepareExamples(parseConll(snippet), lexicons, { documentContext: true });
      const trained = trainPerceptron(examples, lexicons, { epochs: 5, seed: 1 });
      return { examples, file: encodeModel(trained, lexicons, { minCount: 1, minWeight: 0, temperature: 1, provenance: { seed: 1 } }) };
    };
    const a = train();
    const b = train();
    expect(JSON.stringify(a.file)).toBe(JSON.stringify(b.file));
    expect(a.file.features.split('\n').length).toBeGreaterThan(50);
    expect(a.examples.map((e) => e.words.length)).toEqual([5, 7, 9]);
    const model = loadModel(a.file);
    expect(evaluate(a.examples, lexicons, rowsOf(model.features), model.weights, model.transitions).overall.f1).toBe(1);
  });
});
