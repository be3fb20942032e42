/** JSONL / NDJSON reader: one article object per line, streamed line by line. */
import type { ReadItem } from '../types.js';
import type { SourceFormat } from '../../doc/article.js';
import { splitLines } from '../lines.js';
import { articleItem } from '../metadata.js';
import { problem } from '../problem.js';
import { recordToArticle } from './record.js';

/**
 * Yields one item per non-empty line of the byte stream: an article, or a problem naming `path` and
 * the line (bad JSON, missing field, invalid UTF-8, line over `maxLineBytes`). An input without any
 * record is reported once as empty.
 */
export async function* readJsonl(chunks: AsyncIterable<Uint8Array | string>, path: string, maxLineBytes: number, format: SourceFormat = 'jsonl'): AsyncGenerator<ReadItem> {
  let records = 0;
  for await (const l of splitLines(chunks, maxLineBytes)) {
    if ('problem' in l) {
      records++;
      yield l.problem === 'too-large'
        ? problem(path, 'too-large', `line is longer than ${maxLineBytes} bytes`, l.line)
        : problem(path, 'invalid-utf8', 'line is not valid UTF-8', l.line);
      continue;
    }
    const text = l.line === 1 ? l.text.replace(/^\uFEFF/, '') : l.text;
    if (text.trim() === '') continue;
    records++;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      yield problem(path, 'malformed-record', `invalid JSON: ${(err as Error).message}`, l.line);
      continue;
    }
    const result = recordToArticle(value, { path, line: l.line, format });
    yield result.ok ? articleItem(result.article, result.warnings) : problem(path, result.reason, result.message, l.line);
  }
  if (records === 0) yield problem(path, 'empty', 'no records (the input is empty or blank)');
}
