import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSources } from '../../src/ingest/index.js';
import { collect, tempFolder } from './helpers.js';

let t: Awaited<ReturnType<typeof tempFolder>>;
beforeEach(async () => {
  t = await tempFolder();
});
afterEach(async () => {
  await t.cleanup();
});

const rec = (o: Record<string, unknown>) => JSON.stringify(o);

describe('JSONL', () => {
  it('reads one article per line with all fields, raw = title, blank line, text', async () => {
    const path = await t.write(
      'feed.jsonl',
      [
        rec({ id: 'a1', title: 'First example', text: 'Body one.', url: 'https://example.org/1', source: 'Example Daily', published_at: '2024-05-01' }),
        '',
        rec({ id: 7, title: 'Second\nexample', body: 'Body two.' }),
      ].join('\n') + '\n',
    );
    const { articles, problems } = await collect([path]);
    expect(problems).toEqual([]);
    expect(articles).toHaveLength(2);
    expect(articles[0]).toMatchObject({
      id: 'a1', title: 'First example', raw: 'First example\n\nBody one.', url: 'https://example.org/1',
      source: 'Example Daily', publishedAt: '2024-05-01', origin: { path, line: 1, format: 'jsonl' },
    });
    expect(articles[1]).toMatchObject({ id: '7', title: 'Second example', body: '\nBody two.', origin: { line: 3 } });
  });

  it('reports each malformed line with its number and goes on', async () => {
    const path = await t.write(
      'mixed.ndjson',
      [
        rec({ title: 'ok one', text: 'x' }),
        '{"title": "broken", ',
        rec({ text: 'no title' }),
        rec({ title: 'no text' }),
        rec({ title: 'bad url', text: 'x', url: 5 }),
        '[1, 2]',
        rec({ title: 'blank text', text: '   ' }),
        rec({ title: 'ok two', text: 'y' }),
      ].join('\r\n'),
    );
    const { items } = await collect([path]);
    expect(items.map((i) => (i.ok ? `ok:${i.article.title}` : `${i.problem.line}:${i.problem.reason}:${i.problem.message}`))).toEqual([
      'ok:ok one',
      expect.stringMatching(/^2:malformed-record:invalid JSON/),
      '3:malformed-record:missing field "title"',
      '4:malformed-record:missing field "text" (or "body")',
      '5:malformed-record:field "url" must be a string, got number',
      '6:malformed-record:record is not an object',
      '7:empty:field "text" is empty',
      'ok:ok two',
    ]);
    expect(items.every((i) => i.ok || i.problem.path === path)).toBe(true);
  });

  it('accepts a BOM before the first record and reports an invalid UTF-8 line', async () => {
    const path = await t.write(
      'bom.jsonl',
      Buffer.concat([Buffer.from('\uFEFF' + rec({ id: 'b', title: 'T', text: 'x' }) + '\n'), Buffer.from([0x7b, 0xff, 0x7d, 0x0a]), Buffer.from(rec({ id: 'c', title: 'T', text: 'y' }))]),
    );
    const { items } = await collect([path]);
    expect(items.map((i) => (i.ok ? i.article.id : `${i.problem.line}:${i.problem.reason}`))).toEqual(['b', '2:invalid-utf8', 'c']);
  });

  it('applies maxBytes to each line, not to the file', async () => {
    const path = await t.write('long.jsonl', [rec({ title: 'short', text: 'x' }), rec({ title: 'long', text: 'y'.repeat(500) }), rec({ title: 'short again', text: 'z' })].join('\n'));
    const { items } = await collect([path], { maxBytes: 200 });
    expect(items.map((i) => (i.ok ? i.article.title : `${i.problem.line}:${i.problem.reason}`))).toEqual(['short', '2:too-large', 'short again']);
  });

  it('streams a 20,000-line file: the first article arrives before the file is read through', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++) lines.push(rec({ id: `n${i}`, title: `Invented title ${i}`, text: `Invented body number ${i}. `.repeat(10) }));
    const path = await t.write('many.jsonl', lines.join('\n') + '\n');
    // The file (about 5 MB) is larger than maxBytes: only each line is held to the limit.
    const gen = readSources([path], { maxBytes: 1_000_000 });
    const first = await gen.next();
    expect(first.value).toMatchObject({ ok: true, article: { id: 'n0' } });
    let count = 1;
    let last = '';
    for await (const item of gen) {
      expect(item.ok).toBe(true);
      if (item.ok) last = item.article.id;
      count++;
    }
    expect(count).toBe(20_000);
    expect(last).toBe('n19999');
  });

  it('reports a file with only blank lines as empty, and a binary .jsonl as binary', async () => {
    const a = await t.write('blank.jsonl', '\n  \n\r\n');
    const b = await t.write('bin.jsonl', Buffer.from([0x7b, 0x00, 0x7d]));
    const { problems } = await collect([a, b]);
    expect(problems.map((p) => [p.path, p.reason])).toEqual([
      [a, 'empty'],
      [b, 'binary'],
    ]);
  });
});

describe('CSV', () => {
  it('reads the header and one article per row, quoted fields and line breaks included', async () => {
    const path = await t.write(
      'items.csv',
      '\uFEFFid,Title,text,url,source,published_at\r\n' +
        'c1,"An example, with a comma","Paragraph one.\r\n\r\nParagraph ""two"".",https://example.org/c1,Example Weekly,2024-01-02\r\n' +
        'c2,Plain row,Just text,,,\r\n',
    );
    const { articles, problems } = await collect([path]);
    expect(problems).toEqual([]);
    expect(articles).toHaveLength(2);
    expect(articles[0]).toMatchObject({
      id: 'c1', title: 'An example, with a comma', raw: 'An example, with a comma\n\nParagraph one.\r\n\r\nParagraph "two".',
      url: 'https://example.org/c1', source: 'Example Weekly', publishedAt: '2024-01-02', origin: { path, line: 2, format: 'csv' },
    });
    expect(articles[1]).toMatchObject({ id: 'c2', origin: { line: 5 } });
    expect(articles[1]!.url).toBeUndefined();
  });

  it('reports malformed rows with their line numbers and goes on', async () => {
    const path = await t.write(
      'bad.csv',
      'id,title,body\n' + 'r1,One,"multi\r\nline"\n' + 'r2,Two\n' + 'r3,Three,x,extra\n' + 'r4,,\n' + 'r5,Five,ok\n',
    );
    const { items } = await collect([path]);
    expect(items.map((i) => (i.ok ? `ok:${i.article.id}@${i.article.origin.line}` : `${i.problem.line}:${i.problem.reason}`))).toEqual([
      'ok:r1@2',
      '4:malformed-record',
      '5:malformed-record',
      '6:empty',
      'ok:r5@7',
    ]);
  });

  it('reports a header without the required columns once', async () => {
    const path = await t.write('nohead.csv', 'id,headline,text\n1,x,y\n2,x,y\n');
    const { problems, articles } = await collect([path]);
    expect(articles).toEqual([]);
    expect(problems).toEqual([{ path, line: 1, reason: 'malformed-record', message: 'header has no "title" column' }]);
  });

  it('reports an unclosed quote, invalid UTF-8 and a header-only file', async () => {
    const a = await t.write('quote.csv', 'title,text\nok,fine\nbad,"never closed\nmore\n');
    const b = await t.write('latin.csv', Buffer.concat([Buffer.from('title,text\nx,caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const c = await t.write('header.csv', 'title,text\n');
    const { items } = await collect([a, b, c]);
    expect(items.map((i) => (i.ok ? `ok:${i.article.title}` : `${i.problem.path === a ? 'a' : i.problem.path === b ? 'b' : 'c'}:${i.problem.line}:${i.problem.reason}`))).toEqual([
      'ok:ok',
      'a:3:malformed-record',
      'b:undefined:invalid-utf8',
      'c:undefined:empty',
    ]);
  });
});
