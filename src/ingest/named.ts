/**
 * Reading one named input — a name and its bytes, or a stream of them — with the reader its name's
 * extension (or its content) calls for. Nothing here touches the disk: files (file.ts), standard input
 * (stdin.ts) and uploads all end here, so every input gets the same checks and the same messages.
 */
import { Readable } from 'node:stream';
import type { ReadItem } from './types.js';
import { decodeUtf8Exact, firstInvalidUtf8Line, hasUtf16Bom, isBlank, looksBinary } from './bytes.js';
import { articleItem } from './metadata.js';
import { problem } from './problem.js';
import { kindByExtension, sniffKind, type InputKind } from './sniff.js';
import { readCsv } from './readers/csv.js';
import { readFeed } from './readers/feed.js';
import { htmlToArticle } from './readers/html.js';
import { readJsonl } from './readers/jsonl.js';
import { textToArticle } from './readers/text.js';

export interface NamedReadOptions {
  /** Largest document, and largest JSONL line / CSV row, in bytes. */
  maxBytes: number;
  /** Named by the user (an unsupported extension is then a problem, not silently passed over). */
  explicit: boolean;
  /** Found in a corpus document folder (SemEval/PTC): recorded as the `semeval` format. */
  corpus: boolean;
}

/** What an input holds: all its bytes, or a stream of them (read once). */
export type ByteSource = Uint8Array | AsyncIterable<Uint8Array | string>;

/** How many leading bytes are checked for binary content and a UTF-16 mark before a record file is streamed. */
const HEAD_BYTES = 8192;

/**
 * Yields the articles of the input `name` (a file name, or any name with the extension that says its
 * format), or problems naming it. JSONL and CSV are streamed, so only their lines/rows are held to
 * `maxBytes`; any other document is held to `maxBytes` whole.
 */
export async function* readNamed(name: string, source: ByteSource, options: NamedReadOptions): AsyncGenerator<ReadItem> {
  const byExtension = kindByExtension(name);
  if (byExtension === null) {
    if (options.explicit) yield unsupportedProblem(name);
    return;
  }
  const { head, rest, close } = await peek(source, HEAD_BYTES);
  try {
    yield* readPeeked(name, byExtension, head, rest, options);
  } finally {
    await close(); // a stream left part-read (a binary file, a too-large document) is released
  }
}

/** readNamed once the first bytes are in hand: record files streamed, other documents read whole. */
async function* readPeeked(name: string, byExtension: InputKind | 'sniff', head: Uint8Array, rest: AsyncIterable<Uint8Array>, options: NamedReadOptions): AsyncGenerator<ReadItem> {
  if (head.length === 0) {
    yield problem(name, 'empty', 'file is empty');
    return;
  }
  if (isStreamedKind(byExtension)) {
    if (hasUtf16Bom(head)) yield problem(name, 'invalid-utf8', 'file is UTF-16 text; save it as UTF-8');
    else if (looksBinary(head)) yield problem(name, 'binary', 'file looks binary (NUL or control bytes), not text');
    else if (byExtension === 'jsonl') yield* readJsonl(rest, name, options.maxBytes);
    else yield* readCsv(Readable.from(rest), name, options.maxBytes);
    return;
  }
  const whole = await gather(rest, options.maxBytes);
  if (typeof whole === 'number') {
    yield tooLargeProblem(name, whole, options.maxBytes);
    return;
  }
  const decoded = checkAndDecode(whole, name);
  if (typeof decoded !== 'string') {
    yield decoded;
    return;
  }
  const kind: InputKind = byExtension === 'sniff' ? sniffKind(decoded) : byExtension;
  yield* readDecoded(decoded, name, kind, options);
}

/** JSONL and CSV are read record by record as the bytes arrive; other formats need the whole document. */
export function isStreamedKind(kind: InputKind | 'sniff'): kind is 'jsonl' | 'csv' {
  return kind === 'jsonl' || kind === 'csv';
}

/** A name whose extension no reader takes. */
export function unsupportedProblem(name: string): ReadItem {
  return problem(name, 'unsupported', 'unsupported file type (expected .txt, .jsonl, .ndjson, .csv, .html, .htm, .xml, .rss, .atom)');
}

/** A whole document over the size limit. */
export function tooLargeProblem(name: string, size: number, maxBytes: number): ReadItem {
  return problem(name, 'too-large', `file is ${size} bytes, over the limit of ${maxBytes} (--max-bytes)`);
}

/** Binary, UTF-16, invalid UTF-8 and blank checks; the exact text when all pass. */
export function checkAndDecode(bytes: Uint8Array, path: string): string | ReadItem {
  if (hasUtf16Bom(bytes)) return problem(path, 'invalid-utf8', 'file is UTF-16 text; save it as UTF-8');
  if (looksBinary(bytes)) return problem(path, 'binary', 'file looks binary (NUL or control bytes), not text');
  const text = decodeUtf8Exact(bytes);
  if (text === null) return problem(path, 'invalid-utf8', 'file is not valid UTF-8', firstInvalidUtf8Line(bytes));
  if (isBlank(text)) return problem(path, 'empty', 'file has only whitespace');
  return text;
}

/** Dispatches decoded document text (text, HTML, feed, or sniffed JSONL) to its reader. */
export async function* readDecoded(text: string, path: string, kind: InputKind, options: Pick<NamedReadOptions, 'maxBytes' | 'corpus'>): AsyncGenerator<ReadItem> {
  switch (kind) {
    case 'text':
      yield { ok: true, article: textToArticle(text, path, path === '-' ? 'stdin' : options.corpus ? 'semeval' : 'text') };
      return;
    case 'html': {
      const r = htmlToArticle(text, { path, format: 'html' });
      yield r.ok ? articleItem(r.article, r.warnings) : problem(path, r.reason, r.message);
      return;
    }
    case 'feed':
      yield* readFeed(text, path);
      return;
    case 'jsonl':
      yield* readJsonl(once(Buffer.from(text, 'utf8')), path, options.maxBytes);
      return;
    case 'csv':
      yield problem(path, 'unsupported', 'CSV is read from .csv files only');
      return;
  }
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

function toBytes(chunk: Uint8Array | string): Uint8Array {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

/**
 * The first `n` bytes of a source (fewer if it is shorter), and the whole source again, head included,
 * as a stream that goes on where the peek stopped.
 */
async function peek(source: ByteSource, n: number): Promise<{ head: Uint8Array; rest: AsyncIterable<Uint8Array>; close: () => Promise<unknown> }> {
  if (source instanceof Uint8Array) return { head: source.subarray(0, n), rest: once(source), close: async () => undefined };
  const iterator = source[Symbol.asyncIterator]();
  const seen: Uint8Array[] = [];
  let total = 0;
  let done = false;
  while (total < n) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const bytes = toBytes(next.value);
    seen.push(bytes);
    total += bytes.length;
  }
  const rest = async function* (): AsyncGenerator<Uint8Array> {
    yield* seen;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield toBytes(next.value);
  };
  return { head: Buffer.concat(seen).subarray(0, n), rest: rest(), close: async () => iterator.return?.() };
}

/** All bytes of a stream, or its size when that is over `maxBytes` (read to the end to give the size). */
async function gather(chunks: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Uint8Array | number> {
  const kept: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.length;
    if (total <= maxBytes) kept.push(chunk);
  }
  if (total > maxBytes) return total;
  return kept.length === 1 ? kept[0]! : Buffer.concat(kept);
}
