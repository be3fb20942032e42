import { chmod, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/ingest/index.js';
import { collect, tempFolder } from './helpers.js';

let t: Awaited<ReturnType<typeof tempFolder>>;
beforeEach(async () => {
  t = await tempFolder();
});
afterEach(async () => {
  await t.cleanup();
});

describe('plain text files', () => {
  it('reads title on line 1 and the rest as body, id from the file name', async () => {
    const path = await t.write('example-42.txt', 'An invented headline\n\nFirst line of the body.\nSecond line.\n');
    const { articles, problems } = await collect([path]);
    expect(problems).toEqual([]);
    expect(articles).toHaveLength(1);
    const a = articles[0]!;
    expect(a.id).toBe('example-42');
    expect(a.title).toBe('An invented headline');
    expect(a.body).toBe('\nFirst line of the body.\nSecond line.\n');
    expect(a.origin).toEqual({ path, format: 'text' });
  });

  it('keeps a BOM and CRLF line breaks byte for byte', async () => {
    const text = '\uFEFFTitle with a BOM\r\n\r\nBody line one.\r\nBody line two, caf\u00e9 \u{1F600}.\r\n';
    const path = await t.write('bom.txt', Buffer.from(text, 'utf8'));
    const { articles } = await collect([path]);
    const a = articles[0]!;
    expect(a.raw).toBe(text);
    expect(Buffer.from(a.raw, 'utf8').equals(Buffer.from(text, 'utf8'))).toBe(true);
    expect(a.raw.charCodeAt(0)).toBe(0xfeff);
    expect(a.title).toBe('Title with a BOM');
    expect(a.body.startsWith('\r\nBody line one.\r\n')).toBe(true);
  });

  it('reads a file without extension as text when it does not look like JSONL or markup', async () => {
    const path = await t.write('NOTE', 'A short invented title\nA body.\n');
    const { articles } = await collect([path]);
    expect(articles.map((a) => [a.id, a.title])).toEqual([['NOTE', 'A short invented title']]);
  });

  it('sniffs a file without extension that holds JSONL', async () => {
    const path = await t.write('records', '{"id":"r1","title":"T","text":"Body."}\n');
    const { articles } = await collect([path]);
    expect(articles.map((a) => a.id)).toEqual(['r1']);
    expect(articles[0]!.origin.format).toBe('jsonl');
  });
});

describe('bad input', () => {
  it('reports an empty file and a whitespace-only file as empty', async () => {
    const a = await t.write('empty.txt', '');
    const b = await t.write('blank.txt', ' \r\n\t\n');
    const { articles, problems } = await collect([a, b]);
    expect(articles).toEqual([]);
    expect(problems.map((p) => [p.path, p.reason])).toEqual([
      [a, 'empty'],
      [b, 'empty'],
    ]);
  });

  it('reports a binary file (NUL bytes) and a file full of control bytes', async () => {
    const a = await t.write('image.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02, 0x41]));
    const b = await t.write('ctl.txt', Buffer.from('ab\x01\x02\x03\x04\x05\x06\x07\x08cd', 'latin1'));
    const { problems } = await collect([a, b]);
    expect(problems.map((p) => p.reason)).toEqual(['binary', 'binary']);
  });

  it('reports invalid UTF-8 with the line of the first bad byte', async () => {
    const bytes = Buffer.concat([Buffer.from('Title\nline two\nbad '), Buffer.from([0xc3, 0x28]), Buffer.from(' here\n')]);
    const path = await t.write('latin.txt', bytes);
    const { problems } = await collect([path]);
    expect(problems).toEqual([{ path, line: 3, reason: 'invalid-utf8', message: 'file is not valid UTF-8' }]);
    expect(formatProblem(problems[0]!)).toBe(`${path}:3: file is not valid UTF-8 [invalid-utf8]`);
  });

  it('reports UTF-16 text as a wrong encoding', async () => {
    const path = await t.write('utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Title\n', 'utf16le')]));
    const { problems } = await collect([path]);
    expect(problems[0]!.reason).toBe('invalid-utf8');
    expect(problems[0]!.message).toMatch(/UTF-16/);
  });

  it('reports a file over maxBytes without reading it, and reads one at the limit', async () => {
    const big = await t.write('big.txt', 'T\n' + 'x'.repeat(98));
    const { articles, problems } = await collect([big], { maxBytes: 99 });
    expect(articles).toEqual([]);
    expect(problems).toMatchObject([{ path: big, reason: 'too-large' }]);
    expect((await collect([big], { maxBytes: 100 })).articles).toHaveLength(1);
  });

  it('reports a missing path and a path through a file, then goes on', async () => {
    const good = await t.write('good.txt', 'Title\nBody\n');
    const missing = join(t.dir, 'nope.txt');
    const through = join(good, 'child.txt');
    const { items } = await collect([missing, through, good]);
    expect(items).toHaveLength(3);
    expect(items[0]).toEqual({ ok: false, problem: { path: missing, reason: 'unreadable', message: 'cannot read: no such file or folder' } });
    expect(items[1]!.ok).toBe(false);
    expect(items[2]!.ok).toBe(true);
  });

  it('reports a broken symbolic link as unreadable', async () => {
    const link = join(t.dir, 'dangling.txt');
    await symlink(join(t.dir, 'missing-target.txt'), link);
    const { problems } = await collect([link]);
    expect(problems).toMatchObject([{ path: link, reason: 'unreadable' }]);
  });

  it.skipIf(process.getuid?.() === 0)('reports a file without read permission', async () => {
    const path = await t.write('locked.txt', 'Title\nBody\n');
    await chmod(path, 0o000);
    const { problems } = await collect([path]);
    expect(problems).toMatchObject([{ path, reason: 'unreadable', message: 'cannot read: permission denied' }]);
  });

  it('reports an explicitly named file of an unsupported type', async () => {
    const path = await t.write('slides.pdf', '%PDF-1.4');
    const { problems } = await collect([path]);
    expect(problems).toMatchObject([{ path, reason: 'unsupported' }]);
  });
});

describe('a file without extension that holds JSONL with a bad line', () => {
  it('is read as JSONL and the bad line reported by number', async () => {
    const path = await t.write('records-with-a-bad-line', '{"id":"r1","title":"T","text":"Body."}\nnot a record\n{"id":"r2","title":"U","text":"More."}\n');
    const { items } = await collect([path]);
    expect(items.map((i) => (i.ok ? i.article.id : `${i.problem.line}:${i.problem.reason}`))).toEqual(['r1', '2:malformed-record', 'r2']);
  });
});
