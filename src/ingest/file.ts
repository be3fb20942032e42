/** Reading one file: size, binary and encoding checks, then the reader its extension (or content) calls for. */
import { open, readFile, stat } from 'node:fs/promises';
import type { ReadItem } from './types.js';
import { decodeUtf8Exact, firstInvalidUtf8Line, hasUtf16Bom, isBlank, looksBinary } from './bytes.js';
import { articleItem } from './metadata.js';
import { fileErrorProblem, problem } from './problem.js';
import { kindByExtension, sniffKind, type InputKind } from './sniff.js';
import { readCsv } from './readers/csv.js';
import { readFeed } from './readers/feed.js';
import { htmlToArticle } from './readers/html.js';
import { readJsonl } from './readers/jsonl.js';
import { textToArticle } from './readers/text.js';

export interface FileReadOptions {
  /** Largest document file, and largest JSONL line / CSV row, in bytes. */
  maxBytes: number;
  /** Named by the user (an unsupported extension is then a problem, not silently passed over). */
  explicit: boolean;
  /** Found in a corpus document folder (SemEval/PTC): recorded as the `semeval` format. */
  corpus: boolean;
}

/**
 * Yields the articles of one file, or problems naming it. JSONL and CSV files are streamed, so only
 * their lines/rows are held to `maxBytes`; every other file is checked against it with `stat` before reading.
 */
export async function* readFileItems(path: string, options: FileReadOptions): AsyncGenerator<ReadItem> {
  const byExtension = kindByExtension(path);
  if (byExtension === null) {
    if (options.explicit) yield problem(path, 'unsupported', 'unsupported file type (expected .txt, .jsonl, .ndjson, .csv, .html, .htm, .xml, .rss, .atom)');
    return;
  }
  let size: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) return;
    size = st.size;
  } catch (err) {
    yield fileErrorProblem(path, err);
    return;
  }
  if (size === 0) {
    yield problem(path, 'empty', 'file is empty');
    return;
  }
  if (byExtension === 'jsonl' || byExtension === 'csv') {
    yield* readRecordFile(path, byExtension, options.maxBytes);
    return;
  }
  if (size > options.maxBytes) {
    yield problem(path, 'too-large', `file is ${size} bytes, over the limit of ${options.maxBytes} (--max-bytes)`);
    return;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    yield fileErrorProblem(path, err);
    return;
  }
  const decoded = checkAndDecode(bytes, path);
  if (typeof decoded !== 'string') {
    yield decoded;
    return;
  }
  const kind: InputKind = byExtension === 'sniff' ? sniffKind(decoded) : byExtension;
  yield* readDecoded(decoded, path, kind, options);
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
export async function* readDecoded(text: string, path: string, kind: InputKind, options: Pick<FileReadOptions, 'maxBytes' | 'corpus'>): AsyncGenerator<ReadItem> {
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

/** Streams a JSONL or CSV file after checking its first bytes are text. */
async function* readRecordFile(path: string, kind: 'jsonl' | 'csv', maxBytes: number): AsyncGenerator<ReadItem> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    yield fileErrorProblem(path, err);
    return;
  }
  try {
    const head = Buffer.alloc(8192);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const start = head.subarray(0, bytesRead);
    if (hasUtf16Bom(start)) {
      yield problem(path, 'invalid-utf8', 'file is UTF-16 text; save it as UTF-8');
      return;
    }
    if (looksBinary(start)) {
      yield problem(path, 'binary', 'file looks binary (NUL or control bytes), not text');
      return;
    }
    const stream = handle.createReadStream({ start: 0, autoClose: false });
    if (kind === 'jsonl') yield* readJsonl(stream, path, maxBytes);
    else yield* readCsv(stream, path, maxBytes);
  } catch (err) {
    yield fileErrorProblem(path, err); // the disk failed mid-file: report it and go on with the next file
  } finally {
    await handle.close();
  }
}
