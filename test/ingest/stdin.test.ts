import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { collect } from './helpers.js';

/** A stream that delivers `parts` one chunk at a time, as a pipe would. */
const input = (...parts: (string | Buffer)[]) => Readable.from(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));

describe('standard input ("-")', () => {
  it('reads plain text byte-exact, title on line 1, id from the content hash', async () => {
    const text = '\uFEFFAn invented stdin title\r\n\r\nBody text.\r\n';
    const { articles, problems } = await collect(['-'], { stdin: input(text.slice(0, 10), text.slice(10)) });
    expect(problems).toEqual([]);
    expect(articles).toHaveLength(1);
    expect(articles[0]).toMatchObject({ raw: text, title: 'An invented stdin title', origin: { path: '-', format: 'stdin' } });
    expect(articles[0]!.id).toBe(articles[0]!.hash.slice(0, 16));
  });

  it('sniffs JSONL when every non-empty line starts with "{", and reports a bad line by number', async () => {
    const { items } = await collect(['-'], {
      stdin: input('{"id":"s1","title":"One","text":"x"}\n\n', '{"id":"s2","title":"Two","text":"y"}\n{oops}\n{"id":"s3","title":"Three","text":"z"}'),
    });
    expect(items.map((i) => (i.ok ? i.article.id : `${i.problem.path}:${i.problem.line}:${i.problem.reason}`))).toEqual(['s1', 's2', '-:4:malformed-record', 's3']);
  });

  it('streams JSONL past the sniffing window and past maxBytes in total', async () => {
    const line = (i: number) => JSON.stringify({ id: `k${i}`, title: `Title ${i}`, text: 'Invented words. '.repeat(20) }) + '\n';
    const parts = Array.from({ length: 3000 }, (_, i) => line(i));
    const { articles, problems } = await collect(['-'], { stdin: input(...parts), maxBytes: 100_000 });
    expect(problems).toEqual([]);
    expect(articles).toHaveLength(3000);
    expect(articles[2999]!.id).toBe('k2999');
  });

  it('reads text that merely contains a "{" line as plain text', async () => {
    const { articles } = await collect(['-'], { stdin: input('Title line\n{ not json }\n') });
    expect(articles[0]!.origin.format).toBe('stdin');
  });

  it('sniffs HTML and RSS by a leading "<"', async () => {
    const html = await collect(['-'], { stdin: input('  <html><head><title>Piped page</title></head><body><p>Piped paragraph.</p></body></html>') });
    expect(html.articles[0]).toMatchObject({ title: 'Piped page', raw: 'Piped page\n\nPiped paragraph.', origin: { path: '-', format: 'html' } });
    const rss = await collect(['-'], { stdin: input('<?xml version="1.0"?>\n<rss version="2.0"><channel><title>C</title><item><title>I</title><description>D</description><guid>g</guid></item></channel></rss>') });
    expect(rss.articles[0]).toMatchObject({ id: 'g', raw: 'I\n\nD', source: 'C', origin: { path: '-', format: 'rss' } });
  });

  it('reports empty, binary, too large and invalid UTF-8 input', async () => {
    const reasons = async (stdin: Readable, maxBytes?: number) => (await collect(['-'], { stdin, ...(maxBytes ? { maxBytes } : {}) })).problems.map((p) => `${p.path}:${p.reason}`);
    expect(await reasons(input())).toEqual(['-:empty']);
    expect(await reasons(input('  \n\n'))).toEqual(['-:empty']);
    expect(await reasons(input(Buffer.from([1, 0, 2, 0])))).toEqual(['-:binary']);
    expect(await reasons(input('Title\n', 'x'.repeat(200)), 100)).toEqual(['-:too-large']);
    expect(await reasons(input(Buffer.from([0x54, 0x0a, 0xc3, 0x28])))).toEqual(['-:invalid-utf8']);
  });

  it('reads files and standard input in the order given', async () => {
    const { items } = await collect(['/nonexistent/narrascope-test.txt', '-'], { stdin: input('T\nbody\n') });
    expect(items.map((i) => (i.ok ? i.article.origin.path : i.problem.reason))).toEqual(['unreadable', '-']);
  });
});

describe('standard input: JSONL with bad lines (sniffed from most of its first lines)', () => {
  const good = (id: string) => JSON.stringify({ id, title: `Invented ${id}`, text: 'Some invented words.' });
  const outcome = (items: Awaited<ReturnType<typeof collect>>['items']) =>
    items.map((i) => (i.ok ? `${i.article.id}@${i.article.origin.line}:${i.article.origin.format}` : `${i.problem.path}:${i.problem.line}:${i.problem.reason}`));

  it('reads JSONL whose middle line is not JSON, reporting that line as the file reader does', async () => {
    const { items } = await collect(['-'], { stdin: input(`${good('m1')}\nthis line is not JSON\n${good('m2')}\n`) });
    expect(outcome(items)).toEqual(['m1@1:jsonl', '-:2:malformed-record', 'm2@3:jsonl']);
  });

  it('reads JSONL whose first line is bad, and one whose last line is cut off', async () => {
    const first = await collect(['-'], { stdin: input(`oops, a stray first line\n${good('f1')}\n${good('f2')}\n`) });
    expect(outcome(first.items)).toEqual(['-:1:malformed-record', 'f1@2:jsonl', 'f2@3:jsonl']);
    const cut = await collect(['-'], { stdin: input(`${good('c1')}\n{"id":"c2","title":"Cut`) });
    expect(outcome(cut.items)).toEqual(['c1@1:jsonl', '-:2:malformed-record']);
    expect(cut.problems[0]!.message).toMatch(/^invalid JSON/);
  });

  it('still reads prose with a few brace lines as one plain-text article', async () => {
    const { articles, problems } = await collect(['-'], { stdin: input('A title\n{"just":"one object"}\nA line of prose.\nAnother line of prose.\n') });
    expect(problems).toEqual([]);
    expect(articles.map((a) => a.origin.format)).toEqual(['stdin']);
  });

  it('reads one JSONL record longer than the sniffing window', async () => {
    const big = JSON.stringify({ id: 'big', title: 'Long record', text: 'Invented. '.repeat(10_000) });
    const { articles, problems } = await collect(['-'], { stdin: input(big.slice(0, 70_000), big.slice(70_000)) });
    expect(problems).toEqual([]);
    expect(articles.map((a) => a.id)).toEqual(['big']);
  });
});
