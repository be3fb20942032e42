/** Standard input (the path "-"): sniffed as JSONL, HTML/RSS/Atom or plain text. */
import type { ReadItem } from './types.js';
import { looksBinary } from './bytes.js';
import { checkAndDecode, readDecoded } from './named.js';
import { problem } from './problem.js';
import { readJsonl } from './readers/jsonl.js';
import { sniffKind } from './sniff.js';

/** How much of the stream is looked at before deciding what it is. JSONL is then streamed, the rest buffered. */
const PEEK_BYTES = 64 * 1024;
const PATH = '-';

function toBytes(chunk: string | Uint8Array): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * Reads standard input. JSONL (most of the first lines in the first 64 KB are JSON objects, see
 * sniffKind) is streamed through the JSONL file reader, bad lines reported by number, with no total
 * limit; other input is held whole, up to `maxBytes`.
 */
export async function* readStdin(stream: NodeJS.ReadableStream, maxBytes: number): AsyncGenerator<ReadItem> {
  const iterator = (stream as AsyncIterable<string | Uint8Array>)[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let total = 0;
  let done = false;
  try {
    while (total < PEEK_BYTES) {
      const next = await iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      const b = toBytes(next.value);
      chunks.push(b);
      total += b.length;
    }
  } catch (err) {
    yield problem(PATH, 'unreadable', `cannot read standard input: ${(err as Error).message}`);
    return;
  }
  if (total === 0) {
    yield problem(PATH, 'empty', 'standard input is empty');
    return;
  }
  const head = Buffer.concat(chunks);
  if (looksBinary(head)) {
    yield problem(PATH, 'binary', 'standard input looks binary (NUL or control bytes), not text');
    return;
  }
  const kind = sniffKind(new TextDecoder('utf-8').decode(head), done);
  if (kind === 'jsonl') {
    const rest = async function* (): AsyncGenerator<Uint8Array> {
      yield head;
      if (done) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield toBytes(next.value);
    };
    yield* readJsonl(rest(), PATH, maxBytes);
    return;
  }
  while (!done) {
    if (total > maxBytes) {
      yield problem(PATH, 'too-large', `standard input is over the limit of ${maxBytes} bytes (--max-bytes)`);
      return;
    }
    const next = await iterator.next();
    if (next.done) break;
    const b = toBytes(next.value);
    chunks.push(b);
    total += b.length;
  }
  if (total > maxBytes) {
    yield problem(PATH, 'too-large', `standard input is over the limit of ${maxBytes} bytes (--max-bytes)`);
    return;
  }
  const decoded = checkAndDecode(Buffer.concat(chunks), PATH);
  if (typeof decoded !== 'string') {
    yield decoded;
    return;
  }
  yield* readDecoded(decoded, PATH, kind, { maxBytes, corpus: false });
}
