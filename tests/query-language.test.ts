import { createClient, type Client } from '@libsql/client';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_GROUP_NESTING,
  QuerySyntaxError,
  parseTextQuery,
  queryTerms,
  toFtsMatch,
  type TextQuery,
} from '../src/search/query-language.ts';

const term = (value: string, prefix = false): TextQuery => ({ type: 'term', value, prefix });
const phrase = (...words: string[]): TextQuery => ({ type: 'phrase', words });
const and = (...items: TextQuery[]): TextQuery => ({ type: 'and', items });
const or = (...items: TextQuery[]): TextQuery => ({ type: 'or', items });
const not = (include: TextQuery, exclude: TextQuery): TextQuery => ({ type: 'not', include, exclude });
const near = (distance: number, ...items: TextQuery[]): TextQuery => ({ type: 'near', items, distance });

function syntaxError(input: string): QuerySyntaxError {
  try {
    parseTextQuery(input);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return error;
    throw error;
  }
  throw new Error(`expected a QuerySyntaxError for ${JSON.stringify(input)}`);
}

function match(input: string): string | null {
  const query = parseTextQuery(input);
  return query && toFtsMatch(query);
}

describe('parseTextQuery', () => {
  it.each([
    ['sanctions', term('sanctions')],
    ['Sanctions  Russia', and(term('Sanctions'), term('Russia'))],
    ['sanctions AND russia', and(term('sanctions'), term('russia'))],
    ['"European Union"', phrase('European', 'Union')],
    ['“European Union”', phrase('European', 'Union')],
    ['"a, b!"', phrase('a', 'b')],
    ['sanct*', term('sanct', true)],
    ["Kim's", phrase('Kim', 's')],
    ['COVID-19 U.S.', and(phrase('COVID', '19'), phrase('U', 'S'))],
    ['café e\u0301te\u0301', and(term('café'), term('e\u0301te\u0301'))],
    ['中文 Москва', and(term('中文'), term('Москва'))],
    ['a OR b | c || d', or(term('a'), term('b'), term('c'), term('d'))],
    // OR binds tighter than AND, as in web search engines.
    ['sanctions russia OR iran', and(term('sanctions'), or(term('russia'), term('iran')))],
    ['(a OR b) AND (c OR d)', and(or(term('a'), term('b')), or(term('c'), term('d')))],
    ['((a))', term('a')],
    ['a (b c)', and(term('a'), term('b'), term('c'))],
    ['x -y NOT z', not(term('x'), or(term('y'), term('z')))],
    ['x -"a b" -(c d)', not(term('x'), or(phrase('a', 'b'), and(term('c'), term('d'))))],
    ['x -(c -d)', not(term('x'), not(term('c'), term('d')))],
    ['x (-a)', not(term('x'), term('a'))],
    ['(a -b) OR c', or(not(term('a'), term('b')), term('c'))],
    ['-OR foo', not(term('foo'), term('OR'))],
    ['foo -NEAR(a b)', not(term('foo'), near(10, term('a'), term('b')))],
    ['NEAR(a "b c", 5)', near(5, term('a'), phrase('b', 'c'))],
    ['NEAR (kim* putin)', near(10, term('kim', true), term('putin'))],
    ['NEAR(a b, 0) OR NEAR(c d, 100)', or(near(0, term('a'), term('b')), near(100, term('c'), term('d')))],
    ['NEAR', term('NEAR')],
    ['near(a b)', and(term('near'), term('a'), term('b'))],
    ['rock and roll or not', and(term('rock'), term('and'), term('roll'), term('or'), term('not'))],
    // Stray punctuation separates words.
    ['foo, bar!', and(term('foo'), term('bar'))],
    ['C++', term('C')],
    ['foo--bar a - b', and(term('foo'), term('bar'), term('a'), term('b'))],
    ['5 * 3', and(term('5'), term('3'))],
    ['title:sanctions', phrase('title', 'sanctions')],
    ['a "" ()', term('a')],
  ])('%s', (input, expected) => {
    expect(parseTextQuery(input)).toEqual(expected);
  });

  it.each(['', '   \n\t', '@#$', '-', '*', ', , ,', '""', '()', '( "!" )', '\u0301'])(
    'returns null when there is nothing to search for: %j',
    (input) => {
      expect(parseTextQuery(input)).toBeNull();
    },
  );

  it('accepts queries up to the limits', () => {
    expect(parseTextQuery('a'.repeat(1000))).toEqual(term('a'.repeat(1000)));
    expect(parseTextQuery('😀'.repeat(999) + 'a')).toEqual(term('a'));
    const words = Array.from({ length: 64 }, (_, i) => `w${i}`);
    expect(parseTextQuery(words.join(' '))).toEqual(and(...words.map((w) => term(w))));
    const nested = '('.repeat(MAX_GROUP_NESTING) + 'a' + ')'.repeat(MAX_GROUP_NESTING);
    expect(parseTextQuery(nested)).toEqual(term('a'));
  });
});

describe('QuerySyntaxError', () => {
  const sixtyFiveWords = Array.from({ length: 65 }, (_, i) => `w${i}`).join(' ');
  it.each<[string, number, RegExp]>([
    ['"abc', 0, /^Unterminated quote/],
    ['a "b c', 2, /^Unterminated quote/],
    ['(a b', 0, /^Unclosed parenthesis$/],
    ['a (b (c)', 2, /^Unclosed parenthesis$/],
    ['a b)', 3, /^Unmatched closing parenthesis$/],
    ['(a))', 3, /^Unmatched closing parenthesis$/],
    ['a*', 0, /at least 2 letters or digits before '\*'/],
    ['x é*', 2, /at least 2 letters/],
    ["Kim's*", 5, /'\*' can only follow a single word/],
    ['"a b"*', 5, /'\*' can only follow a single word/],
    ['-foo', 0, /^A query needs at least one word to include$/],
    ['NOT foo', 0, /^A query needs at least one word to include$/],
    ['  -"a b" -c', 2, /^A query needs at least one word to include$/],
    // Found by the property test below: empty operands joined by AND are not "no query".
    ['""AND()', 2, /^A query needs at least one word to include$/],
    ['() AND ""', 3, /^A query needs at least one word to include$/],
    ['(-a)', 1, /^A query needs at least one word to include$/],
    ['a OR -b', 5, /^Each side of OR needs at least one word to include$/],
    ['a OR NOT b', 5, /^Each side of OR needs at least one word to include$/],
    ['(-a) OR b', 0, /^Each side of OR needs at least one word to include$/],
    ['a OR ()', 5, /^Each side of OR needs/],
    ['a OR', 2, /^OR needs a word or group on both sides$/],
    ['OR a', 0, /^OR needs/],
    ['a OR OR b', 2, /^OR needs/],
    ['| a', 0, /^OR needs/],
    ['(a OR) b', 3, /^OR needs/],
    ['AND a', 0, /^AND needs a word or group on both sides$/],
    ['a AND', 2, /^AND needs/],
    ['a AND AND b', 6, /^AND needs/],
    ['a AND b OR c', 8, /^Use parentheses to combine AND with OR/],
    ['a OR b AND c', 7, /^Use parentheses to combine AND with OR/],
    ['NOT', 0, /^'NOT' must be followed by a word, a quoted phrase or a group to exclude$/],
    ['a NOT', 2, /^'NOT' must be followed/],
    ['a NOT NOT b', 2, /^'NOT' must be followed/],
    ['a NOT -b', 2, /^'NOT' must be followed/],
    ['a -""', 2, /^'-' must be followed/],
    ['-(-a) x', 1, /^What follows '-' must include at least one word$/],
    ['NEAR(a)', 0, /^NEAR\(…\) needs at least two words or phrases$/],
    ['x NEAR()', 2, /^NEAR\(…\) needs at least two/],
    ['NEAR(a b', 4, /^Unclosed NEAR\($/],
    ['NEAR(a b, 5', 4, /^Unclosed NEAR\($/],
    ['NEAR(a b, 101)', 10, /^NEAR distance must be a whole number from 0 to 100$/],
    ['NEAR(a b, x)', 10, /^NEAR distance must be/],
    ['NEAR(a b, 1.5)', 10, /^NEAR distance must be/],
    ['NEAR(a b,)', 9, /^NEAR distance must be/],
    ['NEAR(a b, 5 6)', 12, /^Expected '\)' after the NEAR distance$/],
    ['NEAR(a OR b)', 7, /^Only words and quoted phrases can go inside NEAR/],
    ['NEAR(a (b))', 7, /^Only words and quoted phrases/],
    ['NEAR(a -b)', 7, /^Only words and quoted phrases/],
    ['x'.repeat(1001), 1000, /^Query is too long \(maximum 1000 characters\)$/],
    ['😀'.repeat(1000) + 'a', 2000, /^Query is too long/],
    [sixtyFiveWords, sixtyFiveWords.lastIndexOf('w64'), /^Query has too many words \(maximum 64\)$/],
    ['a "b c d" ' + 'x '.repeat(62), 'a "b c d" '.length + 2 * 60, /^Query has too many words/],
    [
      '('.repeat(MAX_GROUP_NESTING + 1) + 'a' + ')'.repeat(MAX_GROUP_NESTING + 1),
      MAX_GROUP_NESTING,
      /^Parentheses are nested too deeply \(maximum 6 levels\)$/,
    ],
  ])('%j → error at %i', (input, position, message) => {
    const error = syntaxError(input);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('QuerySyntaxError');
    expect(error.message).toMatch(message);
    expect(error.position).toBe(position);
  });
});

describe('toFtsMatch', () => {
  it.each([
    ['Sanctions', '"sanctions"'],
    ['sanct*', '"sanct" *'],
    ['"European Union"', '"european union"'],
    ["Kim's visit", '"kim s" AND "visit"'],
    ['sanctions russia OR iran', '"sanctions" AND ("russia" OR "iran")'],
    ['(a b) OR c -d', '(("a" AND "b") OR "c") NOT "d"'],
    ['a -b -c', '"a" NOT ("b" OR "c")'],
    ['NEAR(Kim "Jong Un", 3)', 'NEAR("kim" "jong un", 3)'],
    ['NEAR(sanct* russia)', 'NEAR("sanct" * "russia", 10)'],
    ['OR* NOT* AND* NEAR*', '"or" * AND "not" * AND "and" * AND "near" *'],
    ['x" OR "1"="1', '"x" AND "or" AND "1" AND "1"'],
  ])('%s → %s', (input, expected) => {
    expect(match(input)).toBe(expected);
  });

  it('quotes and re-tokenises hand-built words', () => {
    expect(toFtsMatch(term('say "hi"'))).toBe('"say hi"');
    expect(toFtsMatch(term('New York', true))).toBe('"new york" *');
    expect(toFtsMatch(phrase('a"b', 'c'))).toBe('"a b c"');
    expect(toFtsMatch(and(and(term('a'), term('b')), or(term('c')), and(term('d'))))).toBe('"a" AND "b" AND "c" AND "d"');
  });

  it('rejects hand-built queries FTS5 cannot evaluate', () => {
    expect(() => toFtsMatch(term('"'))).toThrow(TypeError);
    expect(() => toFtsMatch(phrase())).toThrow(TypeError);
    expect(() => toFtsMatch(and())).toThrow(TypeError);
    expect(() => toFtsMatch(near(5))).toThrow(TypeError);
    expect(() => toFtsMatch(near(5, and(term('a'), term('b'))))).toThrow(TypeError);
    expect(() => toFtsMatch(near(101, term('a'), term('b')))).toThrow(RangeError);
    expect(() => toFtsMatch(near(1.5, term('a'), term('b')))).toThrow(RangeError);
    let deep = term('x');
    for (let i = 0; i < 25; i++) deep = i % 2 ? or(term(`w${i}`), deep) : and(term(`w${i}`), deep);
    expect(() => toFtsMatch(deep)).toThrow(RangeError);
  });
});

describe('queryTerms', () => {
  it('lists the included words and phrases once, without excluded ones', () => {
    const query = parseTextQuery('sanctions -russia (Oil OR NEAR(kim "jong un")) oil sanct* NOT iran')!;
    expect(queryTerms(query)).toEqual(['sanctions', 'Oil', 'kim', 'jong un', 'sanct*']);
  });
});

describe('against FTS5', () => {
  let db: Client;
  const docs: [number, string, string][] = [
    [1, 'EU extends sanctions on Russia', 'The European Union extended sanctions against Russian banks.'],
    [2, 'US sanctioned Iranian oil exports', 'Washington sanctioned tankers carrying Iranian oil.'],
    [3, 'Climate summit ends', 'Leaders agreed on climate finance at the summit in Dubai.'],
    [4, "Kim's visit to Moscow", 'Kim Jong Un met Putin in Moscow for talks on weapons.'],
    [5, 'Sanctuary cities debate', 'The sanctuary city debate continues in Chicago.'],
    [6, 'Oil prices rise', 'Oil prices rose after OPEC cut output near the end of the year.'],
    [7, 'COVID-19 cases fall in the U.S.', 'Health officials said the figures are the lowest since 2020.'],
  ];

  beforeAll(async () => {
    db = createClient({ url: ':memory:' });
    await db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='porter unicode61')");
    await db.batch(docs.map(([rowid, title, body]) => ({ sql: 'INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)', args: [rowid, title, body] })));
  });

  afterAll(() => db.close());

  async function execute(fts: string): Promise<number[]> {
    const result = await db.execute({ sql: 'SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY rowid', args: [fts] });
    return result.rows.map((row) => Number(row[0]));
  }

  async function search(input: string): Promise<number[]> {
    const query = parseTextQuery(input);
    if (!query) throw new Error(`no query in ${JSON.stringify(input)}`);
    return execute(toFtsMatch(query));
  }

  it.each<[string, number[]]>([
    // Stemming and case.
    ['sanction', [1, 2]],
    ['sanctioned', [1, 2]],
    ['SANCTIONS', [1, 2]],
    // Phrases.
    ['"european union"', [1]],
    ['"union european"', []],
    ['"extends sanctions"', [1]],
    ["Kim's", [4]],
    ['COVID-19', [7]],
    ['U.S.', [7]],
    // OR, and its precedence over AND.
    ['climate OR moscow', [3, 4]],
    ['climate | moscow', [3, 4]],
    ['summit climate OR oil', [3]],
    ['sanctions OR russia', [1, 2]],
    ['sanctions or russia', []],
    ['near the end', [6]],
    // Exclusion.
    ['sanctions -russia', [2]],
    ['sanctions NOT russia', [2]],
    ['oil -"iranian oil"', [6]],
    ['sanction -(iranian tankers)', [1]],
    ['sanction (-russia)', [2]],
    ['oil -NEAR(oil opec)', [2]],
    // Prefix.
    ['sanct*', [1, 2, 5]],
    ['sanctu*', [5]],
    // NEAR.
    ['NEAR(kim putin, 3)', [4]],
    ['NEAR(kim putin, 2)', []],
    ['NEAR(oil opec)', [6]],
    ['NEAR("european union" banks)', [1]],
    // Grouping.
    ['(climate OR oil) summit', [3]],
    ['(oil OR sanctions) (tankers OR russia)', [1, 2]],
    ['(oil AND prices) OR (kim AND moscow)', [4, 6]],
    // Column filters and other FTS5 syntax are not honoured.
    ['title:sanctions', []],
    ['^sanctions', [1, 2]],
  ])('%s → rows %j', async (input, expected) => {
    expect(await search(input)).toEqual(expected);
  });

  it('runs the deepest nesting the parser allows', async () => {
    // Each level adds NOT, AND and OR: the worst case for FTS5's parser stack.
    let input = 'oil -b c OR prices';
    for (let i = 0; i < MAX_GROUP_NESTING; i++) input = `oil -b c OR (${input})`;
    const fts = toFtsMatch(parseTextQuery(input)!);
    let depth = 0;
    let deepest = 0;
    for (const c of fts) deepest = Math.max(deepest, (depth += c === '(' ? 1 : c === ')' ? -1 : 0));
    expect(deepest).toBe(3 * (MAX_GROUP_NESTING + 1) - 1);
    expect(await execute(fts)).toEqual([6]);
  });

  const wordChar = /[\p{L}\p{N}\p{Co}]/u;

  /** Parses, and if that succeeds runs the MATCH; anything but a QuerySyntaxError fails. */
  async function parsesToValidFts(input: string) {
    let query: TextQuery | null;
    try {
      query = parseTextQuery(input);
    } catch (error) {
      if (!(error instanceof QuerySyntaxError)) throw error;
      if (!Number.isInteger(error.position) || error.position < 0 || error.position > input.length) {
        throw new Error(`error position ${error.position} outside the input`);
      }
      return;
    }
    if (query === null) {
      if (wordChar.test(input)) throw new Error('null for a query with words in it');
      return;
    }
    if (queryTerms(query).length === 0) throw new Error('a query without terms');
    await execute(toFtsMatch(query));
  }

  const tokens = [
    '"', '“', '”', '(', ')', '*', '-', '|', ',', ' ', ' ', ' ', '  ', '\n', "'", '.', ':', '^', '+', '{', '\0',
    'OR', 'NOT', 'AND', 'NEAR', 'NEAR(', 'or', 'not', 'near', '0', '5', '10', '101',
    'a', 'oil', 'sanct', 'sanctions', "Kim's", 'COVID-19', 'é', 'e\u0301', '中文', 'ΟΔΥΣΣΕΥΣ', '😀',
  ];
  const tokenSoup = (maxLength: number) =>
    fc.array(fc.constantFrom(...tokens), { maxLength }).map((parts) => parts.join(''));

  it('never produces a MATCH expression FTS5 rejects', async () => {
    const input = fc.oneof(
      { arbitrary: fc.string(), weight: 1 },
      { arbitrary: fc.string({ unit: 'grapheme' }), weight: 1 },
      { arbitrary: fc.string({ unit: 'binary' }), weight: 1 },
      { arbitrary: tokenSoup(30), weight: 4 },
      { arbitrary: tokenSoup(300), weight: 1 },
    );
    await fc.assert(fc.asyncProperty(input, parsesToValidFts), { numRuns: 5000 });
  });

  const vocabulary = ['oil', 'Oil', 'sanctions', 'sanction', 'kim', 'moscow', 'climate', 'summit', 'prices', 'russia', 'near', 'or', 'not', 'putin'];
  const leaf: fc.Arbitrary<TextQuery> = fc.oneof(
    fc.record({ type: fc.constant('term' as const), value: fc.constantFrom(...vocabulary), prefix: fc.boolean() }),
    fc.record({ type: fc.constant('phrase' as const), words: fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 2 }) }),
  );
  const { tree } = fc.letrec<{ tree: TextQuery }>((tie) => ({
    tree: fc.oneof(
      { maxDepth: 3, depthIdentifier: 'tree' },
      leaf,
      fc.record({ type: fc.constant('near' as const), items: fc.array(leaf, { minLength: 2, maxLength: 3 }), distance: fc.integer({ min: 0, max: 100 }) }),
      fc.record({ type: fc.constant('and' as const), items: fc.array(tie('tree'), { minLength: 2, maxLength: 3 }) }),
      fc.record({ type: fc.constant('or' as const), items: fc.array(tie('tree'), { minLength: 2, maxLength: 3 }) }),
      fc.record({ type: fc.constant('not' as const), include: tie('tree'), exclude: tie('tree') }),
    ),
  }));

  /** Writes a query the way a user would, every compound operand in parentheses. */
  function render(q: TextQuery, style: { and: string; not: string }): string {
    const operand = (item: TextQuery) =>
      item.type === 'and' || item.type === 'or' || item.type === 'not' ? `(${render(item, style)})` : render(item, style);
    switch (q.type) {
      case 'term':
        return q.prefix ? `${q.value}*` : q.value;
      case 'phrase':
        return `"${q.words.join(' ')}"`;
      case 'near':
        return `NEAR(${q.items.map(operand).join(' ')}, ${q.distance})`;
      case 'and':
        return q.items.map(operand).join(style.and);
      case 'or':
        return q.items.map(operand).join(' OR ');
      case 'not':
        return `${operand(q.include)} ${style.not}${operand(q.exclude)}`;
    }
  }

  const wordCount = (q: TextQuery): number =>
    q.type === 'term' ? 1
    : q.type === 'phrase' ? q.words.length
    : q.type === 'not' ? wordCount(q.include) + wordCount(q.exclude)
    : q.items.reduce((sum, item) => sum + wordCount(item), 0);

  it('parses rendered queries back to ones that find the same rows', async () => {
    const style = fc.record({ and: fc.constantFrom(' ', ' AND ', ', '), not: fc.constantFrom('-', 'NOT ') });
    await fc.assert(
      fc.asyncProperty(tree, style, async (query, style) => {
        fc.pre(wordCount(query) <= 64);
        const parsed = parseTextQuery(render(query, style));
        expect(parsed).not.toBeNull();
        expect(await execute(toFtsMatch(parsed!))).toEqual(await execute(toFtsMatch(query)));
      }),
      { numRuns: 1000 },
    );
  });

  it('turns any hand-built query into valid FTS5 or refuses it with TypeError/RangeError', async () => {
    const anyLeaf: fc.Arbitrary<TextQuery> = fc.oneof(
      fc.record({ type: fc.constant('term' as const), value: fc.string({ unit: 'binary' }), prefix: fc.boolean() }),
      fc.record({ type: fc.constant('phrase' as const), words: fc.array(fc.string({ unit: 'binary' }), { maxLength: 3 }) }),
    );
    const { anyTree } = fc.letrec<{ anyTree: TextQuery }>((tie) => ({
      anyTree: fc.oneof(
        { maxDepth: 4, depthIdentifier: 'anyTree' },
        anyLeaf,
        fc.record({ type: fc.constant('near' as const), items: fc.array(tie('anyTree'), { maxLength: 3 }), distance: fc.integer({ min: -5, max: 120 }) }),
        fc.record({ type: fc.constant('and' as const), items: fc.array(tie('anyTree'), { maxLength: 3 }) }),
        fc.record({ type: fc.constant('or' as const), items: fc.array(tie('anyTree'), { maxLength: 3 }) }),
        fc.record({ type: fc.constant('not' as const), include: tie('anyTree'), exclude: tie('anyTree') }),
      ),
    }));
    await fc.assert(
      fc.asyncProperty(anyTree, async (query) => {
        let fts: string;
        try {
          fts = toFtsMatch(query);
        } catch (error) {
          if (error instanceof TypeError || error instanceof RangeError) return;
          throw error;
        }
        await execute(fts);
      }),
      { numRuns: 1000 },
    );
  });
});
