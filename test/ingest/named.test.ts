/** readNamed: a name and its bytes (or a stream of them) read exactly as the file of that name would be, with the same messages. */
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readNamed, type ReadItem } from '../../src/ingest/index.js';
import { collect, tempFolder } from './helpers.js';

const OPTIONS = { maxBytes: 1_000_000, explicit: true, corpus: false };

async function readAll(name: string, source: Parameters<typeof readNamed>[1], options = OPTIONS): Promise<ReadItem[]> {
  const items: ReadItem[] = [];
  for await (const item of readNamed(name, source, options)) items.push(item);
  return items;
}

/** A stream of the bytes in chunks of `size`, as a socket or a file would deliver them. */
const chunked = (bytes: Uint8Array, size: number) =>
  Readable.from(Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => Buffer.from(bytes.subarray(i * size, (i + 1) * size))));

/** What a test compares: articles by id, title and origin line; problems as "name:line: message [reason]". */
const shape = (items: ReadItem[]) =>
  items.map((i) => (i.ok ? { id: i.article.id, title: i.article.title, line: i.article.origin.line, warnings: i.warnings?.map((w) => w.message) } : i.problem));

// Invented inputs, one per reader, each with a bad part.
const INPUTS: Record<string, string | Uint8Array> = {
  'batch.jsonl': [
    JSON.stringify({ id: 'j1', title: 'Example ferry', text: 'The invented ferry left on time.', published_at: '2024-02-30' }),
    '{"title": broken',
    JSON.stringify({ id: 'j3', title: 'Example bakery', text: 'An invented bakery opened.' }),
  ].join('\n'),
  'rows.csv': 'id,title,text\nc1,Example tram,The invented tram was late.\nc2,"unclosed,text\n',
  'note.txt': 'Example note title\n\nAn invented note about a harbour.\n',
  'page.html': '<html><head><title>Example page</title><link rel="canonical" href="ftp://example.org/x"></head><body><p>An invented page about a library.</p></body></html>',
  'feed.rss': '<rss><channel><title>Example outlet</title><item><title>Example item</title><description>An invented item.</description></item><item><title>Empty</title></item></channel></rss>',
  'noext': '{"id":"n1","title":"Example sniffed","text":"Invented text."}\n',
  'binary.jsonl': new Uint8Array([0x7b, 0x00, 0x01, 0x02, 0x7d]),
  'utf16.txt': new Uint8Array([0xff, 0xfe, 0x41, 0x00]),
  'bad-utf8.txt': new Uint8Array([...Buffer.from('Example title\n\nfine line\n'), 0xc3, 0x28, 0x0a]),
  'empty.csv': new Uint8Array(0),
  'blank.txt': '  \n\t\n',
  'picture.png': 'not read',
};

let t: Awaited<ReturnType<typeof tempFolder>>;
beforeEach(async () => {
  t = await tempFolder();
});
afterEach(async () => {
  await t.cleanup();
});

describe('readNamed', () => {
  for (const [name, content] of Object.entries(INPUTS)) {
    it(`reads ${name} from bytes and from a stream as the file is read, problems named by the given name`, async () => {
      const bytes = typeof content === 'string' ? Buffer.from(content) : content;
      const path = await t.write(name, bytes);
      const fromFile = shape((await collect([path])).items);
      // The file's items, with the path replaced by the bare name the bytes were given under.
      const expected = JSON.parse(JSON.stringify(fromFile).replaceAll(JSON.stringify(path).slice(1, -1), name));
      expect(fromFile.length).toBeGreaterThan(0);
      expect(shape(await readAll(name, bytes))).toEqual(expected);
      expect(shape(await readAll(name, chunked(bytes, 3)))).toEqual(expected);
    });
  }

  it('keeps the reader messages: line numbers, fields and reasons', async () => {
    const items = await readAll('batch.jsonl', Buffer.from(INPUTS['batch.jsonl'] as string));
    expect(items.map((i) => (i.ok ? i.article.id : `${i.problem.path}:${i.problem.line}:${i.problem.reason}`))).toEqual(['j1', 'batch.jsonl:2:malformed-record', 'j3']);
    const first = items[0] as Extract<ReadItem, { ok: true }>;
    expect(first.warnings?.[0]).toMatchObject({ path: 'batch.jsonl', line: 1, field: 'published_at', reason: 'invalid-date' });
    expect(first.article.origin).toEqual({ path: 'batch.jsonl', line: 1, format: 'jsonl' });
    const csv = await readAll('rows.csv', Buffer.from(INPUTS['rows.csv'] as string));
    expect(csv.map((i) => (i.ok ? i.article.id : `${i.problem.line}:${i.problem.reason}`))).toEqual(['c1', '3:malformed-record']);
  });

  it('holds a whole document to maxBytes, and a record file only line by line', async () => {
    const text = `Example long title\n\n${'Invented words. '.repeat(100)}`;
    const small = { ...OPTIONS, maxBytes: 200 };
    expect(shape(await readAll('long.txt', Buffer.from(text), small))).toEqual([
      { path: 'long.txt', reason: 'too-large', message: `file is ${Buffer.byteLength(text)} bytes, over the limit of 200 (--max-bytes)` },
    ]);
    expect(shape(await readAll('long.txt', chunked(Buffer.from(text), 64), small))[0]).toMatchObject({ reason: 'too-large' });
    const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ id: `r${i}`, title: `Example ${i}`, text: 'Invented.' })).join('\n');
    expect((await readAll('many.jsonl', chunked(Buffer.from(lines), 100), small)).filter((i) => i.ok)).toHaveLength(50);
  });

  it('names an unsupported type only when the input was named by the user', async () => {
    expect(shape(await readAll('picture.png', Buffer.from('x')))).toEqual([
      { path: 'picture.png', reason: 'unsupported', message: expect.stringMatching(/^unsupported file type/) },
    ]);
    expect(await readAll('picture.png', Buffer.from('x'), { ...OPTIONS, explicit: false })).toEqual([]);
  });

  it('stops reading a stream it has rejected', async () => {
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled++;
        yield new Uint8Array(4096); // NUL bytes: binary
      }
    }
    expect(shape(await readAll('stream.jsonl', endless()))).toEqual([
      { path: 'stream.jsonl', reason: 'binary', message: 'file looks binary (NUL or control bytes), not text' },
    ]);
    expect(pulled).toBeLessThan(5);
  });
});
