import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonLines, jsonValues, openSource, textArticle, type SourceItem } from '../src/ingest/sources.ts';

const folder = mkdtempSync(join(tmpdir(), 'newsgraph-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Feeds `text` in chunks of `size` characters, so every state of the splitter meets a chunk boundary. */
async function* chunked(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

const collect = async (items: AsyncIterable<SourceItem>) => {
  const out: SourceItem[] = [];
  for await (const item of items) out.push(item);
  return out;
};

describe('jsonValues', () => {
  const tricky = [
    { title: 'Brackets ] and , and } in "quotes"', body: 'Escapes: \\ \\" \n and [nested] {braces}' },
    { title: 'Nested', body: 'x', extra: { list: [1, [2, { a: ']' }]] } },
    'not an article',
  ];

  it('splits a JSON array into elements whatever the chunk size', async () => {
    const text = `\uFEFF  ${JSON.stringify(tricky, null, 2)}\n`;
    for (const size of [1, 2, 7, 1000]) {
      const items = await collect(jsonValues(chunked(text, size), 'f.json', 'array'));
      expect(items, `chunks of ${size}`).toEqual(tricky.map((value, i) => ({ label: `f.json[${i}]`, value })));
    }
  });

  it('rejects a bad element alone and reports a truncated array', async () => {
    const items = await collect(jsonValues(chunked('[{"title": "a"}, {"title": tru}, {"title": "c"}, {"title": "d', 3), 'f.json', 'array'));
    expect(items.map((i) => ('value' in i ? i.value : i.error))).toEqual([
      { title: 'a' },
      expect.stringMatching(/not valid JSON/),
      { title: 'c' },
      expect.stringMatching(/ends in the middle/),
    ]);
  });

  it('reads one pretty-printed object, or several in a row', async () => {
    const text = `${JSON.stringify(tricky[0], null, 2)}\n${JSON.stringify(tricky[1])}`;
    const items = await collect(jsonValues(chunked(text, 5), 'f.json', 'sequence'));
    expect(items).toEqual([
      { label: 'f.json#1', value: tricky[0] },
      { label: 'f.json#2', value: tricky[1] },
    ]);
  });
});

describe('jsonLines', () => {
  it('yields one value per line across chunk boundaries, skips blank lines, rejects a bad line alone', async () => {
    const text = '{"title":"a"}\r\n\n{"title": oops}\n{"title":"c"}';
    const items = await collect(jsonLines(chunked(text, 4), 'f.jsonl'));
    expect(items).toEqual([
      { label: 'f.jsonl:1', value: { title: 'a' } },
      { label: 'f.jsonl:3', error: expect.stringMatching(/not valid JSON/) },
      { label: 'f.jsonl:4', value: { title: 'c' } },
    ]);
  });
});

describe('openSource', () => {
  it('reads a folder recursively in path order: .txt, .json arrays and objects, .jsonl', async () => {
    const dir = join(folder, 'mixed');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'a.txt'), '\n  Title line  \nFirst paragraph.\n\nSecond paragraph.\n');
    writeFileSync(join(dir, 'b.json'), JSON.stringify([{ title: 'b1', body: 'x' }, { title: 'b2', body: 'y' }]));
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ title: 'c', body: 'z' }, null, 2));
    writeFileSync(join(dir, 'd.jsonl'), '{"title":"d1","body":"x"}\n{"title":"d2","body":"y"}\n');
    writeFileSync(join(dir, 'notes.md'), 'ignored');
    writeFileSync(join(dir, 'sub', 'e.txt'), 'E\nBody.');
    const source = await openSource(dir);
    const items = await collect(source.items);
    expect(items.map((i) => i.label)).toEqual(['a.txt', 'b.json[0]', 'b.json[1]', 'c.json#1', 'd.jsonl:1', 'd.jsonl:2', 'sub/e.txt']);
    expect(items[0]).toEqual({ label: 'a.txt', value: { title: 'Title line', body: 'First paragraph.\n\nSecond paragraph.' } });
    expect(source.bytesRead()).toBe(source.totalBytes);
  });

  it('a .txt with one line has an empty body (rejected later by validation)', () => {
    expect(textArticle('Only a title\n')).toEqual({ title: 'Only a title', body: '' });
  });
});

describe('npm run ingest', () => {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const env = { ...process.env, LIBSQL_DB_URL: `file:${join(folder, 'cli.db')}` };
  const run = (args: string[], input?: string) =>
    // as package.json runs it: Node's own type stripping, which fails on TypeScript-only syntax (parameter properties, enums)
    spawnSync(process.execPath, ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', 'scripts/ingest.ts', ...args], {
      cwd: root,
      env,
      input,
      encoding: 'utf8',
      timeout: 60_000,
    });
  const articles = [
    { title: 'Rain in Lima', body: 'Peru saw heavy rain on Monday.' },
    { title: 'Sun in Quito', body: 'Ecuador had a dry week.' },
  ];

  it('loads a folder, lists rejections and exits 1; stdin then reports them unchanged and exits 0', () => {
    const dir = join(folder, 'cli');
    mkdirSync(dir);
    writeFileSync(join(dir, 'news.jsonl'), `${articles.map((a) => JSON.stringify(a)).join('\n')}\n{"body": "no title"}\n`);
    const first = run([dir, '--source', 'Fixture Wire']);
    expect(first.stdout).toMatch(/Ingested 3 articles in .* articles\/s\): 2 created, 0 updated, 0 unchanged, 1 rejected\./);
    expect(first.stderr).toContain('rejected news.jsonl:3: title is required');
    expect(first.status).toBe(1);

    const second = run(['-', '--source', 'Fixture Wire'], JSON.stringify(articles));
    expect(second.stdout).toMatch(/: 0 created, 0 updated, 2 unchanged, 0 rejected\./);
    expect(second.status).toBe(0);
  });

  it('exits 2 with usage on a missing path', () => {
    const result = run([join(folder, 'nope')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Cannot read/);
  });
});
