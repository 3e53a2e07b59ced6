/**
 * The user-facing full-text query language, compiled to FTS5 MATCH syntax.
 *
 * User text never reaches MATCH directly: it is parsed into a {@link TextQuery}, and
 * {@link toFtsMatch} writes every word as a double-quoted FTS5 string, so the only FTS5
 * operators in the output are the ones this module emits.
 *
 * Syntax, loosest binding first:
 * - `a b` and `a AND b`: both words (implicit AND between adjacent items);
 * - `a OR b`, `a | b`: either word. OR binds tighter than AND, as in web search engines:
 *   `sanctions russia OR iran` means `sanctions AND (russia OR iran)`. Mixing an explicit
 *   `AND` with `OR` at one level is ambiguous and must be parenthesised;
 * - `-word`, `-"phrase"`, `-(group)`, `NOT word`: exclude;
 * - `"quoted phrase"` (also “curly” quotes), `prefix*`, `NEAR(a "b c", 5)`, `( … )`.
 *
 * Only uppercase `AND`, `OR`, `NOT`, `NEAR(` are operators; lowercase ones are words.
 * Punctuation without a meaning here separates words, so pasted text parses: `-` excludes
 * only after a space or `(` (`a - b` is two words), `*` is a prefix only right after a word,
 * commas matter only inside NEAR, and empty `""` or `()` are skipped.
 *
 * Tokenisation follows FTS5's unicode61 tokenizer: a word is a run of letters, digits and
 * private-use characters (combining marks continue a word). Words joined by an apostrophe,
 * hyphen, period, underscore, slash, colon, `&` or `@` with no space (`Kim's`, `COVID-19`,
 * `U.S.`) become a phrase (`"kim s"`), because that is how FTS5 indexed the same text.
 *
 * Error positions are 0-based UTF-16 offsets into the input (JavaScript string indices).
 */

export type TextQuery =
  | { type: 'term'; value: string; prefix: boolean }
  | { type: 'phrase'; words: string[] }
  | { type: 'near'; items: TextQuery[]; distance: number }
  | { type: 'and'; items: TextQuery[] }
  | { type: 'or'; items: TextQuery[] }
  | { type: 'not'; include: TextQuery; exclude: TextQuery };

export class QuerySyntaxError extends Error {
  override readonly name = 'QuerySyntaxError';

  constructor(
    message: string,
    /** 0-based offset (UTF-16 code units) of the offending character in the input. */
    readonly position: number,
  ) {
    super(message);
  }
}

export const MAX_QUERY_CHARS = 1000;
export const MAX_QUERY_WORDS = 64;
/** Parenthesis levels the user may nest; each level costs FTS5 up to three, see MAX_FTS_NESTING. */
export const MAX_GROUP_NESTING = 6;
export const DEFAULT_NEAR_DISTANCE = 10;
export const MAX_NEAR_DISTANCE = 100;
/**
 * FTS5's parser has a fixed 100-entry stack: SQLite 3.45 overflows at 32 levels of
 * `"a" AND (…)`, the shape emit() writes. toFtsMatch refuses deeper trees instead of
 * emitting SQL that fails at run time.
 */
const MAX_FTS_NESTING = 24;

const WORD = /[\p{L}\p{N}\p{Co}][\p{L}\p{N}\p{Co}\p{M}]*/uy;
const WORDS = new RegExp(WORD.source, 'gu');
const BASE_CHARS = /[\p{L}\p{N}\p{Co}]/gu;
const JOINERS = new Set(["'", '’', 'ʼ', '-', '‐', '‑', '.', '_', '/', ':', '&', '@']);
const QUOTES = new Set(['"', '“', '”', '„', '‟']);
const NEAR_PAREN = /\s*\(/y;
const WHITESPACE = /\s/u;

// ---------------------------------------------------------------------------------------
// Lexer

type Keyword = 'AND' | 'OR' | 'NOT';

type Token =
  | { kind: 'word'; pos: number; parts: string[]; prefix: boolean; keyword: Keyword | undefined }
  | { kind: 'phrase'; pos: number; words: string[] }
  | { kind: 'near' | '(' | ')' | '-' | '|' | ','; pos: number };

/** Produces tokens on demand so errors are reported in reading order. */
class Lexer {
  private i = 0;
  private buffered: Token | null | undefined;

  constructor(private readonly input: string) {}

  peek(): Token | null {
    if (this.buffered === undefined) this.buffered = this.lex();
    return this.buffered;
  }

  next(): Token | null {
    const token = this.peek();
    this.buffered = undefined;
    return token;
  }

  private lex(): Token | null {
    const s = this.input;
    while (this.i < s.length) {
      const pos = this.i;
      const c = s[pos]!;
      if (matchAt(WORD, s, pos) !== null) return this.word();
      if (QUOTES.has(c)) return this.phrase();
      this.i++;
      switch (c) {
        case '(':
        case ')':
        case ',':
          return { kind: c, pos };
        case '|':
          while (s[this.i] === '|') this.i++;
          return { kind: '|', pos };
        case '-': {
          // Only "-x" after a space or "(" excludes; "foo--bar" or "a - b" are punctuation.
          const before = pos === 0 ? ' ' : s[pos - 1]!;
          const after = s[pos + 1] ?? '';
          const startsOperand = after === '(' || QUOTES.has(after) || matchAt(WORD, s, pos + 1) !== null;
          if ((WHITESPACE.test(before) || before === '(') && startsOperand) return { kind: '-', pos };
        }
      }
      // Anything else is a separator, including a '*' that does not follow a word.
    }
    return null;
  }

  private word(): Token {
    const s = this.input;
    const pos = this.i;
    const parts: string[] = [];
    for (;;) {
      const part = matchAt(WORD, s, this.i)!;
      parts.push(part);
      this.i += part.length;
      if (!JOINERS.has(s[this.i] ?? '') || matchAt(WORD, s, this.i + 1) === null) break;
      this.i++;
    }
    let prefix = false;
    if (s[this.i] === '*') {
      if (parts.length > 1) throw new QuerySyntaxError("'*' can only follow a single word, as in sanct*", this.i);
      if ((parts[0]!.match(BASE_CHARS)?.length ?? 0) < 2) {
        throw new QuerySyntaxError("A prefix search needs at least 2 letters or digits before '*'", pos);
      }
      prefix = true;
      this.i++;
    }
    const raw = parts.length === 1 && !prefix ? parts[0] : undefined;
    if (raw === 'NEAR' && matchAt(NEAR_PAREN, s, this.i) !== null) return { kind: 'near', pos };
    const keyword = raw === 'AND' || raw === 'OR' || raw === 'NOT' ? raw : undefined;
    return { kind: 'word', pos, parts, prefix, keyword };
  }

  private phrase(): Token {
    const s = this.input;
    const pos = this.i;
    let end = pos + 1;
    while (end < s.length && !QUOTES.has(s[end]!)) end++;
    if (end >= s.length) throw new QuerySyntaxError('Unterminated quote: add a closing "', pos);
    this.i = end + 1;
    if (s[this.i] === '*') throw new QuerySyntaxError("'*' can only follow a single word, as in sanct*", this.i);
    return { kind: 'phrase', pos, words: s.slice(pos + 1, end).match(WORDS) ?? [] };
  }
}

function matchAt(re: RegExp, s: string, at: number): string | null {
  re.lastIndex = at;
  return re.exec(s)?.[0] ?? null;
}

// ---------------------------------------------------------------------------------------
// Parser

/** What an AND-sequence has collected: words to include and words to exclude. */
interface Conjunction {
  include: TextQuery[];
  exclude: TextQuery[];
  /** Where the first exclusion starts, to point at it when nothing is included. */
  excludePos: number | null;
}

const emptyConjunction = (): Conjunction => ({ include: [], exclude: [], excludePos: null });

const isEmpty = (c: Conjunction) => c.include.length === 0 && c.exclude.length === 0;

class Parser {
  private readonly lexer: Lexer;
  private words = 0;
  /** Where the first explicit AND stands: a query of empty operands joined by AND is an error, not no query. */
  private firstAndPos: number | null = null;

  constructor(input: string) {
    this.lexer = new Lexer(input);
  }

  parse(): TextQuery | null {
    const top = this.sequence(0);
    const stray = this.lexer.peek();
    if (stray) throw new QuerySyntaxError('Unmatched closing parenthesis', stray.pos);
    if (isEmpty(top)) {
      if (this.firstAndPos !== null) throw new QuerySyntaxError('A query needs at least one word to include', this.firstAndPos);
      return null;
    }
    if (top.include.length === 0) {
      throw new QuerySyntaxError('A query needs at least one word to include', top.excludePos ?? 0);
    }
    return build(top);
  }

  /** Items up to the end of input or a ')', joined by AND (implicit or explicit). */
  private sequence(depth: number): Conjunction {
    const result = emptyConjunction();
    let hasItem = false;
    let pendingAnd: Token | null = null;
    let andPos: number | null = null;
    let orPos: number | null = null;
    for (;;) {
      const token = this.skipCommas();
      if (!token || token.kind === ')') break;
      if (isKeyword(token, 'AND')) {
        if (!hasItem || pendingAnd) throw new QuerySyntaxError('AND needs a word or group on both sides', token.pos);
        if (orPos !== null) throw ambiguousAndOr(token.pos);
        andPos ??= token.pos;
        this.firstAndPos ??= token.pos;
        pendingAnd = this.lexer.next();
        continue;
      }
      if (isOr(token)) throw new QuerySyntaxError('OR needs a word or group on both sides', token.pos);
      const alternatives = this.alternatives(depth);
      if (alternatives.orPos !== null) {
        if (andPos !== null) throw ambiguousAndOr(alternatives.orPos);
        orPos ??= alternatives.orPos;
      }
      merge(result, alternatives.conjunction);
      hasItem = true;
      pendingAnd = null;
    }
    if (pendingAnd) throw new QuerySyntaxError('AND needs a word or group on both sides', pendingAnd.pos);
    return result;
  }

  /** `x OR y OR z`; each side must include something, FTS5 cannot evaluate `a OR NOT b`. */
  private alternatives(depth: number): { conjunction: Conjunction; orPos: number | null } {
    const first = this.unary(depth);
    const operands = [first];
    let orPos: number | null = null;
    for (let token = this.skipCommas(); token && isOr(token); token = this.skipCommas()) {
      orPos ??= token.pos;
      this.lexer.next();
      const next = this.skipCommas();
      if (!next || !startsOperand(next)) throw new QuerySyntaxError('OR needs a word or group on both sides', token.pos);
      operands.push(this.unary(depth));
    }
    if (operands.length === 1) return { conjunction: first.conjunction, orPos };
    for (const operand of operands) {
      if (operand.conjunction.include.length === 0) {
        throw new QuerySyntaxError('Each side of OR needs at least one word to include', operand.pos);
      }
    }
    return {
      conjunction: { include: [makeOr(operands.map((o) => build(o.conjunction)))], exclude: [], excludePos: null },
      orPos,
    };
  }

  private unary(depth: number): { conjunction: Conjunction; pos: number } {
    const token = this.lexer.peek()!;
    const isNot = isKeyword(token, 'NOT');
    if (!isNot && token.kind !== '-') return { conjunction: this.primary(depth, false)!, pos: token.pos };
    this.lexer.next();
    const op = isNot ? 'NOT' : '-';
    const operandToken = this.lexer.peek();
    // The lexer only emits '-' glued to its operand, so "-OR" excludes the word "or".
    const operand = operandToken && this.primary(depth, !isNot);
    if (!operand || isEmpty(operand)) {
      throw new QuerySyntaxError(`'${op}' must be followed by a word, a quoted phrase or a group to exclude`, token.pos);
    }
    if (operand.include.length === 0) {
      throw new QuerySyntaxError(`What follows '${op}' must include at least one word`, operandToken!.pos);
    }
    return { conjunction: { include: [], exclude: [build(operand)], excludePos: token.pos }, pos: token.pos };
  }

  /** A word, phrase, NEAR group or parenthesised group; null if the next token is none of them. */
  private primary(depth: number, keywordsAreWords: boolean): Conjunction | null {
    const token = this.lexer.peek();
    if (!token) return null;
    switch (token.kind) {
      case 'word':
        if (token.keyword && !keywordsAreWords) return null;
        this.lexer.next();
        return only(this.wordQuery(token));
      case 'phrase':
        this.lexer.next();
        return token.words.length === 0 ? emptyConjunction() : only(this.phraseQuery(token.words, token.pos));
      case 'near':
        this.lexer.next();
        return only(this.near(token.pos));
      case '(': {
        if (depth >= MAX_GROUP_NESTING) {
          throw new QuerySyntaxError(`Parentheses are nested too deeply (maximum ${MAX_GROUP_NESTING} levels)`, token.pos);
        }
        this.lexer.next();
        const inner = this.sequence(depth + 1);
        if (this.lexer.next()?.kind !== ')') throw new QuerySyntaxError('Unclosed parenthesis', token.pos);
        return inner;
      }
      default:
        return null;
    }
  }

  /** After the NEAR token: `(item item …[, distance])`. */
  private near(nearPos: number): TextQuery {
    const open = this.lexer.next()!; // the lexer only emits 'near' when '(' follows
    const items: TextQuery[] = [];
    let distance = DEFAULT_NEAR_DISTANCE;
    for (;;) {
      const token = this.lexer.next();
      if (!token) throw new QuerySyntaxError('Unclosed NEAR(', open.pos);
      if (token.kind === ')') break;
      if (token.kind === 'word' && !token.keyword) {
        items.push(this.wordQuery(token));
      } else if (token.kind === 'phrase') {
        if (token.words.length > 0) items.push(this.phraseQuery(token.words, token.pos));
      } else if (token.kind === ',') {
        distance = this.nearDistance(token.pos);
        const close = this.lexer.next();
        if (!close) throw new QuerySyntaxError('Unclosed NEAR(', open.pos);
        if (close.kind !== ')') throw new QuerySyntaxError("Expected ')' after the NEAR distance", close.pos);
        break;
      } else {
        throw new QuerySyntaxError('Only words and quoted phrases can go inside NEAR(…)', token.pos);
      }
    }
    if (items.length < 2) throw new QuerySyntaxError('NEAR(…) needs at least two words or phrases', nearPos);
    return { type: 'near', items, distance };
  }

  private nearDistance(commaPos: number): number {
    const token = this.lexer.next();
    const message = `NEAR distance must be a whole number from 0 to ${MAX_NEAR_DISTANCE}`;
    if (!token || token.kind !== 'word' || token.prefix || token.parts.length !== 1 || !/^[0-9]+$/.test(token.parts[0]!)) {
      throw new QuerySyntaxError(message, token?.pos ?? commaPos);
    }
    const n = Number(token.parts[0]);
    if (n > MAX_NEAR_DISTANCE) throw new QuerySyntaxError(message, token.pos);
    return n;
  }

  private wordQuery(token: Extract<Token, { kind: 'word' }>): TextQuery {
    if (token.parts.length > 1) return this.phraseQuery(token.parts, token.pos);
    this.count(1, token.pos);
    return { type: 'term', value: token.parts[0]!, prefix: token.prefix };
  }

  private phraseQuery(words: string[], pos: number): TextQuery {
    this.count(words.length, pos);
    return { type: 'phrase', words };
  }

  private count(words: number, pos: number) {
    this.words += words;
    if (this.words > MAX_QUERY_WORDS) {
      throw new QuerySyntaxError(`Query has too many words (maximum ${MAX_QUERY_WORDS})`, pos);
    }
  }

  /** Commas mean something only inside NEAR(…); elsewhere they separate words. */
  private skipCommas(): Token | null {
    while (this.lexer.peek()?.kind === ',') this.lexer.next();
    return this.lexer.peek();
  }
}

function isKeyword(token: Token, keyword: Keyword): boolean {
  return token.kind === 'word' && token.keyword === keyword;
}

function isOr(token: Token): boolean {
  return token.kind === '|' || isKeyword(token, 'OR');
}

function startsOperand(token: Token): boolean {
  if (token.kind === 'word') return token.keyword === undefined || token.keyword === 'NOT';
  return token.kind === 'phrase' || token.kind === 'near' || token.kind === '(' || token.kind === '-';
}

function ambiguousAndOr(pos: number): QuerySyntaxError {
  return new QuerySyntaxError('Use parentheses to combine AND with OR, e.g. (a AND b) OR c', pos);
}

function only(query: TextQuery): Conjunction {
  return { include: [query], exclude: [], excludePos: null };
}

function merge(into: Conjunction, from: Conjunction) {
  into.include.push(...from.include);
  into.exclude.push(...from.exclude);
  into.excludePos ??= from.excludePos;
}

/** Requires at least one included item. */
function build(c: Conjunction): TextQuery {
  const include = makeAnd(c.include);
  return c.exclude.length === 0 ? include : { type: 'not', include, exclude: makeOr(c.exclude) };
}

function makeAnd(items: TextQuery[]): TextQuery {
  const flat = items.flatMap((q) => (q.type === 'and' ? q.items : [q]));
  return flat.length === 1 ? flat[0]! : { type: 'and', items: flat };
}

function makeOr(items: TextQuery[]): TextQuery {
  const flat = items.flatMap((q) => (q.type === 'or' ? q.items : [q]));
  return flat.length === 1 ? flat[0]! : { type: 'or', items: flat };
}

// ---------------------------------------------------------------------------------------
// Public API

/**
 * Parses a user's search text. Returns null when there is nothing to search for
 * (empty, whitespace or punctuation only); throws {@link QuerySyntaxError} otherwise.
 */
export function parseTextQuery(input: string): TextQuery | null {
  checkLength(input);
  return new Parser(input).parse();
}

/** Throws {@link QuerySyntaxError} when `input` is over MAX_QUERY_CHARS characters; costs at most that many steps. */
export function checkLength(input: string) {
  if (input.length <= MAX_QUERY_CHARS) return; // code points never outnumber code units
  let chars = 0;
  for (let i = 0; i < input.length; i += input.codePointAt(i)! > 0xffff ? 2 : 1) {
    if (++chars > MAX_QUERY_CHARS) {
      throw new QuerySyntaxError(`Query is too long (maximum ${MAX_QUERY_CHARS} characters)`, i);
    }
  }
}

/**
 * Writes a query as an FTS5 MATCH expression. Every word is a lowercased, double-quoted
 * FTS5 string, so the output is valid FTS5 whatever the words contain. Also accepts
 * hand-built queries: a term value with several words (`"new york"`) becomes a phrase;
 * throws TypeError for a query with nothing to match and RangeError when it is nested
 * deeper than FTS5's parser can take.
 */
export function toFtsMatch(query: TextQuery): string {
  const normal = normalize(query);
  if (nesting(normal) > MAX_FTS_NESTING) {
    throw new RangeError(`Text query is nested too deeply for FTS5 (maximum ${MAX_FTS_NESTING} levels)`);
  }
  return emit(normal);
}

/** Flattens AND-in-AND and OR-in-OR (each level costs FTS5 parser stack) and validates. */
function normalize(q: TextQuery): TextQuery {
  switch (q.type) {
    case 'term':
    case 'phrase':
      return q;
    case 'near':
      if (q.items.length === 0) throw new TypeError('NEAR needs at least one word or phrase');
      for (const item of q.items) {
        if (item.type !== 'term' && item.type !== 'phrase') throw new TypeError('NEAR can only hold words and phrases');
      }
      if (!Number.isInteger(q.distance) || q.distance < 0 || q.distance > MAX_NEAR_DISTANCE) {
        throw new RangeError(`NEAR distance must be a whole number from 0 to ${MAX_NEAR_DISTANCE}`);
      }
      return q;
    case 'and':
    case 'or': {
      if (q.items.length === 0) throw new TypeError(`An empty ${q.type.toUpperCase()} matches nothing`);
      const items = q.items.map(normalize).flatMap((item) => (item.type === q.type ? item.items : [item]));
      return items.length === 1 ? items[0]! : { type: q.type, items };
    }
    case 'not':
      return { type: 'not', include: normalize(q.include), exclude: normalize(q.exclude) };
    default:
      throw new TypeError(`Unknown text query type ${JSON.stringify((q as { type: unknown }).type)}`);
  }
}

function nesting(q: TextQuery): number {
  switch (q.type) {
    case 'and':
    case 'or':
      return 1 + Math.max(...q.items.map(nesting));
    case 'not':
      return 1 + Math.max(nesting(q.include), nesting(q.exclude));
    default:
      return 0;
  }
}

function emit(q: TextQuery): string {
  switch (q.type) {
    case 'term':
      return ftsString([q.value]) + (q.prefix ? ' *' : '');
    case 'phrase':
      return ftsString(q.words);
    case 'near':
      return `NEAR(${q.items.map(emit).join(' ')}, ${q.distance})`;
    case 'and':
      return q.items.map(operand).join(' AND ');
    case 'or':
      return q.items.map(operand).join(' OR ');
    case 'not':
      return `${operand(q.include)} NOT ${operand(q.exclude)}`;
  }
}

/** FTS5 ranks NOT above AND above OR; parenthesising every compound operand sidesteps that. */
function operand(q: TextQuery): string {
  return q.type === 'and' || q.type === 'or' || q.type === 'not' ? `(${emit(q)})` : emit(q);
}

/** One FTS5 string: FTS5 tokenises its content again, so "kim s" is a phrase. */
function ftsString(words: string[]): string {
  const tokens = words.flatMap((w) => w.match(WORDS) ?? []).map((t) => t.toLowerCase());
  if (tokens.length === 0) throw new TypeError(`Text query word ${JSON.stringify(words.join(' '))} has no letters or digits`);
  // Tokens never hold '"'; doubling it anyway keeps a future tokeniser change from ending the string.
  return `"${tokens.join(' ').replaceAll('"', '""')}"`;
}

/**
 * The words and phrases a query searches for, excluded ones left out, for messages like
 * "Searching for 'sanctions'". Prefix terms keep their '*'. Duplicates (ignoring case) are dropped.
 */
export function queryTerms(query: TextQuery): string[] {
  return queryTermItems(query).map((t) => t.label);
}

/** The words and phrases of a query (not the excluded ones), each once, with its own query: what `queryTerms` lists. */
export function queryTermItems(query: TextQuery): { label: string; query: TextQuery }[] {
  const seen = new Map<string, { label: string; query: TextQuery }>();
  const visit = (q: TextQuery): void => {
    switch (q.type) {
      case 'term':
        return add(q.prefix ? `${q.value}*` : q.value, q);
      case 'phrase':
        return add(q.words.join(' '), q);
      case 'near':
      case 'and':
      case 'or':
        return q.items.forEach(visit);
      case 'not':
        return visit(q.include);
    }
  };
  const add = (label: string, q: TextQuery) => {
    const key = label.toLowerCase();
    if (!seen.has(key)) seen.set(key, { label, query: q });
  };
  visit(query);
  return [...seen.values()];
}
