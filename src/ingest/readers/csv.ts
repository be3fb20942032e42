/** CSV reader: a header row naming the record fields, then one article per row, streamed with csv-parse. */
import { parse, type CsvError } from 'csv-parse';
import { pipeline, Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import type { ReadItem, ReadProblem } from '../types.js';
import { articleItem } from '../metadata.js';
import { problem } from '../problem.js';
import { recordToArticle } from './record.js';

/** Passes bytes on as strictly decoded UTF-8 text; fails the stream at the first invalid sequence. */
function strictUtf8(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _enc, done) {
      try {
        done(null, decoder.decode(chunk, { stream: true }));
      } catch {
        done(Object.assign(new Error('invalid UTF-8'), { code: 'INVALID_UTF8' }));
      }
    },
    flush(done) {
      try {
        done(null, decoder.decode());
      } catch {
        done(Object.assign(new Error('invalid UTF-8'), { code: 'INVALID_UTF8' }));
      }
    },
  });
}

/** The line csv-parse gives for an error (0 when it gives none). */
function linesOf(err: CsvError | undefined): number {
  return typeof err?.lines === 'number' ? err.lines : 0;
}

/** csv-parse's message without its own line number: the problem carries the corrected one. */
function withoutLine(message: string): string {
  return message.replace(/ (on|at) line \d+/, '');
}

/** Number of CRLF pairs inside a record's fields (not its terminator): csv-parse counts each as two lines. */
function innerCrlfs(raw: string): number {
  return (raw.replace(/\r?\n$|\r$/, '').match(/\r\n/g) ?? []).length;
}

/**
 * Yields one item per data row of the CSV byte stream: an article, or a problem naming `path` and the
 * row's line (wrong number of columns, missing field, row larger than `maxRowBytes`). A header
 * without `title` and `text`/`body` columns, invalid UTF-8 or an unclosed quote end the file with one problem.
 */
export async function* readCsv(bytes: Readable, path: string, maxRowBytes: number): AsyncGenerator<ReadItem> {
  let headerProblem: string | null = null;
  const skipped: (ReadProblem & { line: number })[] = [];
  // Line numbers are corrected at parse time (callbacks run ahead of the loop below, which consumes buffered rows).
  let crlfDrift = 0;
  let lastEnd = 1; // last line of the header or of the latest row
  const parser = parse({
    bom: true,
    columns: (header: string[]) => {
      const names = header.map((h) => h.trim().toLowerCase());
      if (!names.includes('title')) headerProblem = 'header has no "title" column';
      else if (!names.includes('text') && !names.includes('body')) headerProblem = 'header has no "text" (or "body") column';
      return names;
    },
    raw: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (wrapped: { record: Record<string, string> }, context: { lines: number; raw?: string }) => {
      const raw = context.raw ?? '';
      crlfDrift += innerCrlfs(raw);
      const endLine = context.lines - crlfDrift;
      const line = endLine - (raw.replace(/\r?\n$|\r$/, '').match(/\n/g) ?? []).length;
      lastEnd = endLine;
      return { fields: wrapped.record, line, bytes: Buffer.byteLength(raw, 'utf8') };
    },
    on_skip: (err: CsvError | undefined, raw: string | undefined) => {
      // An unclosed quote runs to the end of the file: name the line where its row starts instead.
      const line = err?.code === 'CSV_QUOTE_NOT_CLOSED' ? lastEnd + 1 : linesOf(err) - crlfDrift;
      if (raw) crlfDrift += innerCrlfs(raw);
      lastEnd = Math.max(lastEnd, line);
      skipped.push({ path, line, reason: 'malformed-record', message: err ? withoutLine(err.message) : 'malformed row' });
      return undefined;
    },
  });
  // pipeline (not pipe) so a decoding or read error reaches the parser and ends the loop below.
  pipeline(bytes, strictUtf8(), parser, () => {});
  // Problems are queued by csv-parse's callback while rows are buffered: release them in line order.
  const releaseBefore = function* (line: number): Generator<ReadItem> {
    while (skipped.length > 0 && skipped[0]!.line < line) yield { ok: false, problem: skipped.shift()! };
  };
  let records = 0;
  try {
    for await (const row of parser as AsyncIterable<{ fields: Record<string, string>; line: number; bytes: number }>) {
      if (headerProblem) break;
      const { fields, line } = row;
      yield* releaseBefore(line);
      records++;
      if (row.bytes > maxRowBytes) {
        yield problem(path, 'too-large', `row is larger than ${maxRowBytes} bytes`, line);
        continue;
      }
      const result = recordToArticle(fields, { path, line, format: 'csv' });
      yield result.ok ? articleItem(result.article, result.warnings) : problem(path, result.reason, result.message, line);
    }
  } catch (err) {
    yield* releaseBefore(Infinity);
    const e = err as Error & { code?: string; lines?: unknown };
    if (e.code === 'INVALID_UTF8') yield problem(path, 'invalid-utf8', 'file is not valid UTF-8');
    else if (typeof e.lines === 'number') yield problem(path, 'malformed-record', withoutLine(e.message), e.lines - crlfDrift);
    else throw err; // not a CSV problem: the caller reports read errors
    return;
  } finally {
    parser.destroy();
  }
  if (headerProblem) {
    yield problem(path, 'malformed-record', headerProblem, 1);
    return;
  }
  const hadSkips = skipped.length > 0;
  yield* releaseBefore(Infinity);
  if (records === 0 && !hadSkips) yield problem(path, 'empty', 'no rows after the header');
}
