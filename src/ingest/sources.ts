/**
 * Node-only: the readers behind `npm run ingest`. Everything streams, so a 1 GB file never sits
 * in memory: JSON Lines line by line, a JSON array element by element (a small incremental
 * splitter, since no streaming JSON parser is installed), a folder file by file.
 *
 * - JSON Lines (`.jsonl`, `.ndjson`, stdin, any file not starting with `[`): one article per
 *   line; blank lines are skipped; a line that is not JSON is rejected alone.
 * - A JSON array (any file or stdin starting with `[`): one article per element.
 * - `.json`: an array, or one object (pretty-printed is fine), or several objects one after another.
 * - `.txt`: one article; the first non-empty line is the title, the rest the body.
 * - A folder: its `.txt`, `.json`, `.jsonl` and `.ndjson` files, recursively, in path order.
 */
import { createReadStream, fstatSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import type { Readable } from 'node:stream';

/** One input: a value to ingest, or why it could not be read. `label` names it in messages ("bbc.jsonl:12"). */
export type SourceItem = { label: string; value: unknown } | { label: string; error: string };

export interface Source {
  items: AsyncIterable<SourceItem>;
  /** Bytes to read in all, when known (not for a pipe): progress and ETA are measured in bytes. */
  totalBytes: number | null;
  /** Bytes read so far. */
  bytesRead(): number;
}

const fileExtensions = new Set(['.txt', '.json', '.jsonl', '.ndjson']);

/** Opens a file, a folder, or `-` (stdin). */
export async function openSource(path: string, stdin: Readable = process.stdin): Promise<Source> {
  let bytes = 0;
  const count = async function* (stream: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      bytes += buffer.length;
      yield decoder.decode(buffer, { stream: true });
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  };
  const bytesRead = () => bytes;

  if (path === '-') {
    let totalBytes: number | null = null;
    try {
      const info = fstatSync(0);
      if (info.isFile()) totalBytes = info.size;
    } catch {
      // not a file descriptor we can stat: size unknown
    }
    return { items: readStream(count(stdin), 'stdin', 'lines'), totalBytes, bytesRead };
  }

  const info = await stat(path);
  if (info.isFile()) return { items: readPath(path, basename(path), count), totalBytes: info.size, bytesRead };
  if (!info.isDirectory()) throw new Error(`${path} is neither a file nor a folder`);
  const files = await listFiles(path);
  let totalBytes = 0;
  for (const file of files) totalBytes += (await stat(file)).size;
  const items = async function* () {
    for (const file of files) yield* readPath(file, relative(path, file), count);
  };
  return { items: items(), totalBytes, bytesRead };
}

async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && fileExtensions.has(extname(e.name).toLowerCase()))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

async function* readPath(
  path: string,
  label: string,
  count: (stream: AsyncIterable<Buffer>) => AsyncGenerator<string>,
): AsyncGenerator<SourceItem> {
  const ext = extname(path).toLowerCase();
  if (ext === '.txt') {
    // Whole file: a .txt is one article, and an article is at most 200 KB.
    let text = '';
    for await (const part of count(createReadStream(path))) text += part;
    yield { label, value: textArticle(text) };
    return;
  }
  yield* readStream(count(createReadStream(path, { highWaterMark: 1 << 16 })), label, ext === '.json' ? 'values' : 'lines');
}

/** A .txt article: first non-empty line is the title, the rest (from the next line on) the body. */
export function textArticle(text: string): { title: string; body: string } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const first = lines.findIndex((line) => line.trim());
  if (first < 0) return { title: '', body: '' };
  return { title: lines[first]!.trim(), body: lines.slice(first + 1).join('\n').trim() };
}

/**
 * Picks the format from the first non-blank character: `[` is a JSON array; otherwise JSON Lines,
 * or, for `.json` files (`fallback` 'values'), a sequence of JSON values.
 */
async function* readStream(chunks: AsyncIterable<string>, label: string, fallback: 'lines' | 'values'): AsyncGenerator<SourceItem> {
  const iterator = chunks[Symbol.asyncIterator]();
  const head: string[] = [];
  let first: string | undefined;
  while (first === undefined) {
    const next = await iterator.next();
    if (next.done) break;
    head.push(next.value);
    first = /\S/.exec(next.value.replace(/^\uFEFF/, ''))?.[0];
  }
  const all = (async function* () {
    yield* head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  })();
  if (first === undefined) return;
  if (first === '[') yield* jsonValues(all, label, 'array');
  else if (fallback === 'values') yield* jsonValues(all, label, 'sequence');
  else yield* jsonLines(all, label);
}

/** JSON Lines: one value per non-blank line; a bad line is an error item, the next line goes on. */
export async function* jsonLines(chunks: AsyncIterable<string>, label: string): AsyncGenerator<SourceItem> {
  let rest = '';
  let line = 0;
  const parse = (text: string): SourceItem | null => {
    line++;
    const trimmed = text.trim();
    if (!trimmed) return null;
    try {
      return { label: `${label}:${line}`, value: JSON.parse(trimmed) };
    } catch (error) {
      return { label: `${label}:${line}`, error: `not valid JSON: ${(error as Error).message}` };
    }
  };
  for await (const chunk of chunks) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    for (const text of lines) {
      const item = parse(text);
      if (item) yield item;
    }
  }
  const item = parse(rest);
  if (item) yield item;
}

/**
 * Splits a JSON array into its elements ('array'), or a stream of concatenated JSON objects and
 * arrays into the values ('sequence'), without parsing more than one element at a time: only
 * string, escape and bracket state is tracked, and each element is handed to JSON.parse.
 */
export async function* jsonValues(chunks: AsyncIterable<string>, label: string, mode: 'array' | 'sequence'): AsyncGenerator<SourceItem> {
  /** Depth at which elements sit: inside the top-level array, or at the top. */
  const base = mode === 'array' ? 1 : 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let ended = false;
  let count = 0;
  let parts: string[] = [];
  let collecting = false;

  const element = (text: string): SourceItem | null => {
    const trimmed = text.trim();
    if (!trimmed) return null;
    const itemLabel = mode === 'array' ? `${label}[${count}]` : `${label}#${count + 1}`;
    count++;
    try {
      return { label: itemLabel, value: JSON.parse(trimmed) };
    } catch (error) {
      return { label: itemLabel, error: `not valid JSON: ${(error as Error).message}` };
    }
  };
  const unexpected = (c: string): SourceItem => ({ label, error: `unexpected ${JSON.stringify(c)} outside the JSON ${mode === 'array' ? 'array' : 'values'}; stopped reading` });

  for await (const chunk of chunks) {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === 34) inString = false;
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff) continue;
      if (depth < base || (mode === 'sequence' && depth === 0 && c !== 123 && c !== 91)) {
        // outside any element: only the array's opening bracket (or a value's) may come
        if (mode === 'array' && c === 91 && !ended) {
          depth = 1;
          start = i + 1;
          collecting = true;
          continue;
        }
        yield unexpected(chunk[i]!);
        return;
      }
      if (mode === 'sequence' && depth === 0) {
        start = i;
        collecting = true;
      }
      if (c === 34) inString = true;
      else if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) {
        depth--;
        if (mode === 'array' && depth === 0) {
          const item = element(parts.join('') + chunk.slice(start, i));
          if (item) yield item;
          parts = [];
          collecting = false;
          ended = true;
        } else if (mode === 'sequence' && depth === 0) {
          const item = element(parts.join('') + chunk.slice(start, i + 1));
          if (item) yield item;
          parts = [];
          collecting = false;
        }
      } else if (c === 44 && mode === 'array' && depth === 1) {
        const item = element(parts.join('') + chunk.slice(start, i));
        yield item ?? { label: `${label}[${count++}]`, error: 'empty array element' };
        parts = [];
        start = i + 1;
      }
    }
    if (collecting) parts.push(chunk.slice(start));
  }
  if (depth > 0 || inString) yield { label, error: 'the JSON ends in the middle of a value (truncated?)' };
}
